#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C or SIGTERM ends `--latency` and `--top` at once, with the cursor on
/// a fresh line. Installed explicitly: a SIGINT ignored by whoever started
/// us (a shell script, tmux) would otherwise leave no way to stop the view.
enum InterruptExit {
    static func install() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            var newline: UInt8 = 0x0A
            _ = write(1, &newline, 1)
            _exit(0)
        }
        sigemptyset(&action.sa_mask)
        for number in [SIGINT, SIGTERM] { sigaction(number, &action, nil) }
        unblock([SIGINT, SIGTERM])
    }

    /// A blocked signal inherited from the parent would never be delivered.
    static func unblock(_ signals: [Int32]) {
        var set = sigset_t()
        sigemptyset(&set)
        for number in signals { sigaddset(&set, number) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
}
