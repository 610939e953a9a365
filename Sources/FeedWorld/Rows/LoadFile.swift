/// The five load files of a world, which `prefeed load` imports.
public enum LoadFile: String, CaseIterable, Codable, Sendable {
    /// `users.jsonl` / `users.csv`: one ``UserRow`` per line.
    case users
    /// `follows.jsonl` / `follows.csv`: one ``FollowRow`` per line.
    case follows
    /// `posts.jsonl` / `posts.csv`: one ``PostRow`` per line.
    case posts
    /// `actions.jsonl` / `actions.csv`: one ``ActionRow`` per line.
    case actions
    /// `logins.jsonl` / `logins.csv`: one ``LoginRow`` per line.
    case logins

    /// The file's name in a world directory, e.g. `posts.jsonl`.
    public func fileName(format: LoadFileFormat) -> String {
        "\(rawValue).\(format.fileExtension)"
    }
}
