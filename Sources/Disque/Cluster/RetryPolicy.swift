/// What a failed command tells the client, and whether it may be re-sent to
/// another node. The rule: re-send only what provably never ran, or what
/// cannot change state; everything else is reported, never repeated.
public enum FailureVerdict: Sendable, Hashable {
    /// The command did not run (never written, refused before acting) or is
    /// safe to repeat: send it to another node. The node is left for `reason`.
    case resend(MoveReason)
    /// ADDJOB refused with "NOREPL Not enough reachable nodes…" — checked
    /// before the job is created, so one more node may be tried, but only one:
    /// a second refusal means the cluster as a whole is short of nodes.
    case resendOnce(MoveReason)
    /// The node is in trouble and the command may have run: move away from the
    /// node for the next commands, and report this one.
    case reportAndMove(MoveReason)
    /// The server's own answer (BADID, NOJOB, PAUSED, NOREPL Timeout…), a
    /// validation error, an interrupt: report it; the node is fine.
    case report
}

/// Classifies failures. Pure: the same rules serve the blocking cluster client
/// and any later asynchronous one.
public enum RetryPolicy {
    /// - Parameters:
    ///   - command: the command's name, upper-cased ("ADDJOB").
    ///   - isIdempotent: sending it twice changes nothing more than once (the command table's flag).
    public static func verdict(for error: DisqueError, command: String, isIdempotent: Bool) -> FailureVerdict {
        switch error {
        case .connection(let failure):
            // DisqueConnection reports a plain connection failure only for a command
            // never written, or one safe to repeat: either may go elsewhere.
            return .resend(.unreachable(failure))
        case .notSentMayHaveReachedServer(_, let failure):
            if isIdempotent { return .resend(.unreachable(failure)) }
            // A late reply is no dead link: an ADDJOB waiting for a replica
            // that died keeps its node busy but healthy. Report, stay.
            return failure.kind == .timedOut ? .report : .reportAndMove(.unreachable(failure))
        case .reply(let code, let message):
            return verdict(forReplyCode: code, message: message, command: command, isIdempotent: isIdempotent)
        case .protocol, .interrupted, .validation:
            return .report
        }
    }

    /// The verdict for an error reply `-CODE message`.
    public static func verdict(forReplyCode code: String, message: String, command: String,
                               isIdempotent: Bool) -> FailureVerdict {
        switch code.uppercased() {
        case "LEAVING":
            // A leaving node unblocks every blocked client with -LEAVING. A GETJOB
            // so answered took no job; an ADDJOB waiting for replication had already
            // created its job, which may still be replicated and delivered.
            if command == "GETJOB" || isIdempotent { return .resend(.leaving) }
            return .reportAndMove(.leaving)
        case "NOREPL":
            // "Not enough reachable nodes…" is checked before the job is created;
            // "Timeout reached before replicating…" comes after, and the job may
            // still be delivered; "job removed (expired?)…" likewise came after.
            guard command == "ADDJOB", message.hasPrefix("Not enough reachable nodes") else { return .report }
            return message.contains("I'm leaving the cluster")
                ? .resendOnce(.leaving) : .resendOnce(.refused(message: message))
        default:
            return .report
        }
    }
}

/// How many nodes one command may still try.
public struct RetryBudget: Sendable, Hashable {
    /// Nodes tried so far, the first included.
    public private(set) var attempts = 1
    public let maxAttempts: Int
    private var spentRefusal = false

    /// `maxAttempts` counts the first try: with 3 nodes, 3 tries visit each once.
    public init(maxAttempts: Int) {
        self.maxAttempts = max(1, maxAttempts)
    }

    /// True (and counts the try) when the verdict allows one more node.
    public mutating func allowsAnother(after verdict: FailureVerdict) -> Bool {
        switch verdict {
        case .report, .reportAndMove:
            return false
        case .resendOnce:
            guard !spentRefusal, attempts < maxAttempts else { return false }
            spentRefusal = true
        case .resend:
            guard attempts < maxAttempts else { return false }
        }
        attempts += 1
        return true
    }
}

extension FailureVerdict {
    /// The reason to leave the node, when the verdict implies one.
    public var moveReason: MoveReason? {
        switch self {
        case .resend(let reason), .resendOnce(let reason), .reportAndMove(let reason): return reason
        case .report: return nil
        }
    }
}
