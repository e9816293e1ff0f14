import Glibc

/// Direct writes to the terminal, after whatever libedit or stdio buffered.
enum Terminal {
    static func write(_ text: String) {
        fflush(nil)
        var bytes = Array(text.utf8)
        writeAll(&bytes, to: 1)
    }

    static func write(bytes: [UInt8]) {
        fflush(nil)
        var bytes = bytes
        writeAll(&bytes, to: 1)
    }

    static func writeError(_ text: String) {
        fflush(nil)
        var bytes = Array(text.utf8)
        writeAll(&bytes, to: 2)
    }

    private static func writeAll(_ bytes: inout [UInt8], to descriptor: Int32) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written > 0 { offset += written } else if written < 0, errno == EINTR { continue } else { return }
        }
    }

    /// True when bytes wait to be read on `descriptor` right now (a paste in progress).
    static func hasPendingInput(_ descriptor: Int32) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 0) > 0 && entry.revents & Int16(POLLIN) != 0
    }

    /// True when `descriptor` is a terminal.
    static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }
}
