/// The inputs of the login model's logistic regression, computed for one user at prediction time
/// `t` for the window `[t, t + H)` from the session starts before `t` (see docs/WARMUP.md).
///
/// "Window" below is the horizon window; its time-of-week (or time-of-day) phase is compared with
/// past session starts. Rates are per occurrence of the window (per week, per day).
public enum LoginFeature: String, CaseIterable, Codable, Sendable {
    /// log(0.005 + λw): sessions expected in the window from the user's UTC time-of-week profile,
    /// `λw = (c + m·r·p) / (weeks + m)` with `c` the past starts whose time of week falls in the
    /// window, `weeks` the span observed, `r` the user's sessions per week, `p` the population's
    /// share of the week in the window and `m` the prior strength in weeks (Bayesian smoothing).
    case weekRate = "week_rate"
    /// log(0.005 + λd): the same over the time of day (any weekday), prior strength in days.
    case dayRate = "day_rate"
    /// log(0.005 + λt): the time-of-day rate over days of the window's kind only (UTC weekday or
    /// weekend), prior strength in days: weekday and weekend habits differ.
    case dayTypeRate = "day_type_rate"
    /// log of the share of the user's starts on days of the window's kind (UTC weekday or weekend),
    /// smoothed by half a start, over that kind's share of the week (5/7 or 2/7).
    case dayTypeShare = "day_type_share"
    /// log of the population's session intensity in the window relative to its weekly mean.
    case populationRate = "population_rate"
    /// log(1 + hours since the last session).
    case recency
    /// 1 when a session started in the same window 24 h earlier.
    case sameWindowYesterday = "same_window_yesterday"
    /// 1 when a session started in the same window 7 days earlier.
    case sameWindowLastWeek = "same_window_last_week"
    /// Share of the last 7 days with a session in the same daily window.
    case sameWindowLast7Days = "same_window_last_7_days"
    /// log(1 + sessions in the last 7 days).
    case sessions7Days = "sessions_7_days"
    /// log(1 + sessions in the last 28 days).
    case sessions28Days = "sessions_28_days"
    /// log(0.1 + mean gap between sessions, hours); 28 days when fewer than 2 sessions.
    case meanGap = "mean_gap"
    /// log(0.1 + median gap between sessions, hours).
    case medianGap = "median_gap"
    /// Regularity: coefficient of variation of the gaps (std / mean), clamped to [0, 4]; 1 when
    /// fewer than 3 sessions.
    case gapVariation = "gap_variation"
    /// log((0.1 + hours since last) / (0.1 + median gap hours)): overdue (> 0) or early (< 0).
    case recencyOverMedianGap = "recency_over_median_gap"
}
