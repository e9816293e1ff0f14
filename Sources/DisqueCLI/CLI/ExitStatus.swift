/// disque-cli's exit codes, as `--help` documents them.
public enum ExitStatus: Int32, Sendable {
    case success = 0
    /// The server answered an error (stdin mode: at least one line failed).
    case serverError = 1
    /// Bad flags, or a command whose arguments fail validation.
    case usage = 2
    /// Refused, lost, timed out, or authentication failed.
    case connection = 3
}
