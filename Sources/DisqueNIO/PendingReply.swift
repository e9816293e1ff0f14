import Disque
import NIOCore

/// One command's wait for its reply, shared by the task that sent it and the
/// link's handler. Everything in it is touched on the link's event loop only:
/// the caller hands its continuation over in the same loop job that writes
/// the command, and a cancelled caller gives up through a loop job too.
///
/// A continuation rather than a promise: awaiting a future from off the loop
/// costs a second loop job (to attach the callback), which on an idle loop is
/// a second wake-up per call.
// @unchecked Sendable: created on any thread, then read and changed on the event loop only.
final class PendingReply: @unchecked Sendable {
    /// "ADDJOB", for `.notSentMayHaveReachedServer`.
    let name: String
    let isIdempotent: Bool
    /// When the reply is overdue (nil: GETJOB without TIMEOUT waits for good).
    let deadline: NIODeadline?
    private var continuation: UnsafeContinuation<RESPValue, any Error>?
    /// The caller was cancelled and already has its CancellationError: the
    /// reply is still read (to keep the link in step), then dropped.
    private var abandoned = false

    init(name: String, isIdempotent: Bool, deadline: NIODeadline?) {
        self.name = name
        self.isIdempotent = isIdempotent
        self.deadline = deadline
    }

    /// Takes the caller's continuation (on the loop); false when the caller
    /// gave up before the command was written, and has been answered already.
    func attach(_ continuation: UnsafeContinuation<RESPValue, any Error>) -> Bool {
        guard !abandoned else {
            continuation.resume(throwing: CancellationError())
            return false
        }
        self.continuation = continuation
        return true
    }

    /// Hands the caller its outcome, once; later outcomes are dropped.
    func answer(_ outcome: Result<RESPValue, any Error>) {
        guard let continuation else { return }
        self.continuation = nil
        continuation.resume(with: outcome)
    }

    /// The caller was cancelled: it gets CancellationError now.
    func abandon() {
        abandoned = true
        answer(.failure(CancellationError()))
    }
}
