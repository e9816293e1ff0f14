#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether to colour output, and the few ANSI styles used.
public enum TerminalColor {
    /// Colour only on a terminal, and never with `NO_COLOR` set (to anything,
    /// see no-color.org) or `TERM=dumb`.
    public static func enabled(for fileDescriptor: Int32) -> Bool {
        guard isatty(fileDescriptor) == 1 else { return false }
        if getenv("NO_COLOR") != nil { return false }
        if let term = getenv("TERM"), String(cString: term) == "dumb" { return false }
        return true
    }

    static let reset = Array("\u{1B}[0m".utf8)
    static let red = Array("\u{1B}[31m".utf8)
    static let green = Array("\u{1B}[32m".utf8)
    static let yellow = Array("\u{1B}[33m".utf8)
    static let cyan = Array("\u{1B}[36m".utf8)
    static let dim = Array("\u{1B}[2m".utf8)
    static let bold = Array("\u{1B}[1m".utf8)
}
