import CLineEditShim
import Glibc

/// Ctrl-C while a command waits: SIGINT writes a byte into this pipe, whose
/// read end the connection polls together with its socket, so a blocked
/// GETJOB or MONITOR returns at once (and the link is dropped).
final class InterruptPipe {
    let readDescriptor: Int32
    private let writeDescriptor: Int32

    init?() {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else { return nil }
        readDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        }
        guard cle_install_sigint_pipe(writeDescriptor) == 0 else {
            close(readDescriptor)
            close(writeDescriptor)
            return nil
        }
    }

    deinit {
        cle_remove_sigint_pipe()
        close(readDescriptor)
        close(writeDescriptor)
    }

    /// Forgets Ctrl-C presses that arrived while nothing was waiting; true if there were any.
    @discardableResult
    func drain() -> Bool {
        var byte: UInt8 = 0
        var any = false
        while read(readDescriptor, &byte, 1) == 1 { any = true }
        return any
    }
}
