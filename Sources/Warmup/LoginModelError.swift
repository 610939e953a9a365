/// Why a login model file was refused.
public enum LoginModelError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The `format` field is not ``LoginModel/formatName``.
    case wrongFormat(String)
    /// A version this code does not read.
    case unsupportedVersion(Int)
    /// The feature list differs from ``LoginFeature`` (or the arrays do not match it).
    case featureMismatch([String])

    /// A readable reason.
    public var description: String {
        switch self {
        case .wrongFormat(let format): "not a login model (format \"\(format)\")"
        case .unsupportedVersion(let version): "login model version \(version) is not supported (expected \(LoginModel.currentVersion))"
        case .featureMismatch(let names): "login model features \(names) do not match this build's"
        }
    }
}
