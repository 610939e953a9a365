/// A row that parsed but cannot be loaded (e.g. an action on a post the load does not know).
struct LoadRowRejection: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
