/// Everything hidden about a simulated user: what they like, how they act and when they come.
///
/// Written to `truth.jsonl` (one JSON object per line, `Codable` with these snake_case keys) for
/// evaluation only: a ranker must learn these from actions, never read them. The learning-loop
/// simulation uses it with ``GroundTruth`` to make users react to served feeds.
public struct UserTruth: Codable, Sendable, Hashable {
    /// The user's id.
    public var user: Int64
    /// The activity pattern.
    public var type: UserType
    /// The user's time zone as an offset from UTC in hours (local = UTC + offset).
    public var utcOffsetHours: Double
    /// Hidden topic preferences, L2-normalized; negative components are disliked topics.
    public var preference: [Float]
    /// Personal action tendencies.
    public var propensities: ActionPropensities
    /// Media-type preferences (also the media mix the user posts, if an author).
    public var mediaAffinity: MediaAffinity
    /// How good the user's posts are as an author: a logit offset for everyone's engagement.
    public var authorQuality: Double
    /// Mean posts per day over the history (0 for users who never post).
    public var postsPerDay: Double
    /// Habitual local session times (daily regulars, and returning users based on them).
    public var habits: [HabitAnchor]
    /// Probability of being active on a given day (non-habit sessions); for weekend users, on a
    /// weekend day.
    public var activeDayProbability: Double
    /// Mean extra sessions on an active day, at hours from the population rhythm.
    public var extraSessionsPerDay: Double
    /// When a returning user is away; `nil` for others.
    public var absence: AbsenceWindow?
    /// Multiplier of the mean number of posts seen per session.
    public var sessionDepth: Double

    /// Creates a truth record.
    public init(
        user: Int64, type: UserType, utcOffsetHours: Double, preference: [Float],
        propensities: ActionPropensities, mediaAffinity: MediaAffinity, authorQuality: Double,
        postsPerDay: Double, habits: [HabitAnchor], activeDayProbability: Double,
        extraSessionsPerDay: Double, absence: AbsenceWindow?, sessionDepth: Double
    ) {
        self.user = user
        self.type = type
        self.utcOffsetHours = utcOffsetHours
        self.preference = preference
        self.propensities = propensities
        self.mediaAffinity = mediaAffinity
        self.authorQuality = authorQuality
        self.postsPerDay = postsPerDay
        self.habits = habits
        self.activeDayProbability = activeDayProbability
        self.extraSessionsPerDay = extraSessionsPerDay
        self.absence = absence
        self.sessionDepth = sessionDepth
    }

    enum CodingKeys: String, CodingKey {
        case user
        case type
        case utcOffsetHours = "utc_offset_hours"
        case preference
        case propensities
        case mediaAffinity = "media_affinity"
        case authorQuality = "author_quality"
        case postsPerDay = "posts_per_day"
        case habits
        case activeDayProbability = "active_day_probability"
        case extraSessionsPerDay = "extra_sessions_per_day"
        case absence
        case sessionDepth = "session_depth"
    }

    /// Appends the record as one JSON line (the same keys `JSONEncoder` would write; `absence`
    /// omitted when `nil`), much faster than `JSONEncoder`.
    public func appendJSONLine(to buffer: inout [UInt8]) {
        buffer.appendASCII("{\"user\":")
        buffer.appendInteger(user)
        buffer.appendASCII(",\"type\":")
        buffer.appendJSONString(type.rawValue)
        buffer.appendASCII(",\"utc_offset_hours\":")
        buffer.appendNumber(utcOffsetHours)
        buffer.appendASCII(",\"preference\":[")
        for (index, weight) in preference.enumerated() {
            if index > 0 { buffer.appendByte(",") }
            buffer.appendNumber(weight)
        }
        buffer.appendASCII("],\"propensities\":")
        buffer.appendASCII("{\"click\":")
        buffer.appendNumber(propensities.click)
        buffer.appendASCII(",\"like\":")
        buffer.appendNumber(propensities.like)
        buffer.appendASCII(",\"comment\":")
        buffer.appendNumber(propensities.comment)
        buffer.appendASCII(",\"share\":")
        buffer.appendNumber(propensities.share)
        buffer.appendASCII(",\"hide\":")
        buffer.appendNumber(propensities.hide)
        buffer.appendASCII(",\"report\":")
        buffer.appendNumber(propensities.report)
        buffer.appendASCII("},\"media_affinity\":")
        buffer.appendASCII("{\"text\":")
        buffer.appendNumber(mediaAffinity.text)
        buffer.appendASCII(",\"image\":")
        buffer.appendNumber(mediaAffinity.image)
        buffer.appendASCII(",\"video\":")
        buffer.appendNumber(mediaAffinity.video)
        buffer.appendASCII(",\"link\":")
        buffer.appendNumber(mediaAffinity.link)
        buffer.appendASCII("},\"author_quality\":")
        buffer.appendNumber(authorQuality)
        buffer.appendASCII(",\"posts_per_day\":")
        buffer.appendNumber(postsPerDay)
        buffer.appendASCII(",\"habits\":[")
        for (index, habit) in habits.enumerated() {
            if index > 0 { buffer.appendByte(",") }
            buffer.appendASCII("{\"hour\":")
            buffer.appendNumber(habit.hour)
            buffer.appendASCII(",\"probability\":")
            buffer.appendNumber(habit.probability)
            buffer.appendASCII(",\"jitter_minutes\":")
            buffer.appendNumber(habit.jitterMinutes)
            buffer.appendByte("}")
        }
        buffer.appendASCII("],\"active_day_probability\":")
        buffer.appendNumber(activeDayProbability)
        buffer.appendASCII(",\"extra_sessions_per_day\":")
        buffer.appendNumber(extraSessionsPerDay)
        if let absence {
            buffer.appendASCII(",\"absence\":")
            buffer.appendASCII("{\"from\":")
            buffer.appendNumber(absence.from)
            buffer.appendASCII(",\"until\":")
            buffer.appendNumber(absence.until)
            buffer.appendByte("}")
        }
        buffer.appendASCII(",\"session_depth\":")
        buffer.appendNumber(sessionDepth)
        buffer.appendASCII("}\n")
    }
}
