import Disque

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

extension ExitStatus {
    /// Says what failed on stderr and gives the connection status: every
    /// mode (one-shot, shell start, stdin, operations) reports a link that
    /// cannot be had the same way.
    static func reporting(_ error: DisqueError) -> ExitStatus {
        switch error {
        case .reply(let code, let message):
            // Only AUTH answers with an error while connecting.
            writeError("AUTH failed: \(code) \(message)".trimmingTrailingSpace)
        default:
            writeError(error.description)
        }
        return .connection
    }
}
