import FeedCore
import FeedStore
import FeedWorker
import PrefeedRedis

/// What a session start writes: the login in the user's bounded history (``LoginRecordScript``;
/// one within 10 minutes of the newest is merged into it) and the user's last activity in the
/// active-user index (``ActivityIndex``), which warm-up and the scheduler scan.
///
/// `POST /v1/sessions` and every first page read (no `after`, no cursor) record one; the commands
/// ride in the caller's pipeline, so a first page stays one round trip.
struct SessionStart: Sendable {
    let logins: LoginRecordScript
    let activity: ActivityIndex

    /// The commands recording a session start of `user` at `time`.
    func commands(_ user: UserID, at time: Double) -> [RedisCommand] {
        [logins.command(user: user, at: time), activity.recordCommand(user, at: time)]
    }
}
