import Synchronization

/// Remembers tokens that verified, until they expire, so a client's repeated requests skip the
/// HMAC and the claims decoding. Keyed by the whole token (signature included); bounded (cleared
/// when full).
final class VerifiedTokenCache: Sendable {
    private struct Entry: Sendable {
        var principal: Principal
        var expiresAt: Double
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let capacity: Int

    init(capacity: Int = 50_000) {
        self.capacity = capacity
    }

    /// The principal of a token verified earlier and not yet expired at `now`.
    func principal(for token: String, now: Double) -> Principal? {
        entries.withLock { entries in
            guard let entry = entries[token] else { return nil }
            guard entry.expiresAt > now else {
                entries[token] = nil
                return nil
            }
            return entry.principal
        }
    }

    /// Remembers a verified token.
    func insert(_ token: String, principal: Principal, expiresAt: Double) {
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[token] = Entry(principal: principal, expiresAt: expiresAt)
        }
    }
}
