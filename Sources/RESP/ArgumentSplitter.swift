/// Splits one input line into arguments the way redis-cli does and the server
/// reads an inline command (both use `sdssplitargs`), so habits and scripts
/// carry over unchanged. The one splitter of the package: the CLI's lines and
/// MiniDisque's inline requests go through it.
///
/// - Blanks separate arguments.
/// - `"double quotes"` understand `\n \r \t \b \a \" \\` and `\xHH`; the
///   escapes produce raw bytes, so an argument may hold any byte at all.
/// - `'single quotes'` are literal except for `\'`.
/// - A quote may open in the middle of a word (`a"b c"` is one argument),
///   but a closing quote must be followed by a blank or the end of the line.
///
/// An unbalanced quote, or a closing quote glued to the next character, makes
/// the whole line invalid: `split` returns nil and nothing should be sent.
public enum ArgumentSplitter {
    /// The arguments of `line`, or nil when its quoting is invalid.
    /// An empty or blank line gives an empty array.
    public static func split(_ line: [UInt8]) -> [[UInt8]]? {
        var arguments: [[UInt8]] = []
        var index = 0
        let end = line.count

        while true {
            while index < end, isSpace(line[index]) || line[index] == 0 { index += 1 }
            guard index < end else { return arguments }

            var current: [UInt8] = []
            var inDoubleQuotes = false
            var inSingleQuotes = false
            var done = false
            while !done {
                let byte: UInt8? = index < end ? line[index] : nil
                let following: UInt8? = index + 1 < end ? line[index + 1] : nil
                if inDoubleQuotes {
                    guard let byte else { return nil }  // unterminated "…
                    if byte == UInt8(ascii: "\\"), following == UInt8(ascii: "x"),
                       index + 3 < end,
                       let high = hexValue(line[index + 2]), let low = hexValue(line[index + 3]) {
                        current.append(high << 4 | low)
                        index += 3
                    } else if byte == UInt8(ascii: "\\"), let escaped = following {
                        current.append(unescape(escaped))
                        index += 1
                    } else if byte == UInt8(ascii: "\"") {
                        if let following, !isSpace(following) { return nil }
                        done = true
                    } else {
                        current.append(byte)
                    }
                } else if inSingleQuotes {
                    guard let byte else { return nil }  // unterminated '…
                    if byte == UInt8(ascii: "\\"), following == UInt8(ascii: "'") {
                        current.append(UInt8(ascii: "'"))
                        index += 1
                    } else if byte == UInt8(ascii: "'") {
                        if let following, !isSpace(following) { return nil }
                        done = true
                    } else {
                        current.append(byte)
                    }
                } else {
                    switch byte {
                    case nil, UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"),
                         UInt8(ascii: "\t"), 0:
                        done = true
                    case UInt8(ascii: "\""):
                        inDoubleQuotes = true
                    case UInt8(ascii: "'"):
                        inSingleQuotes = true
                    case let byte?:
                        current.append(byte)
                    }
                }
                if index < end { index += 1 }
            }
            arguments.append(current)
        }
    }

    /// The arguments of `line` (its UTF-8 bytes), or nil when its quoting is invalid.
    public static func split(_ line: String) -> [[UInt8]]? {
        split(Array(line.utf8))
    }

    /// The arguments of `line` as text (bytes that are not UTF-8 are repaired),
    /// for looking commands up and validating them; send the bytes, not these.
    public static func splitText(_ line: String) -> [String]? {
        split(line).map { $0.map { String(decoding: $0, as: UTF8.self) } }
    }

    /// C `isspace`: blanks between arguments.
    public static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    public static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// The byte a backslash escape inside double quotes stands for; an unknown
    /// escape stands for the character itself (`\q` → `q`), as in redis-cli.
    public static func unescape(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "t"): return 0x09
        case UInt8(ascii: "b"): return 0x08
        case UInt8(ascii: "a"): return 0x07
        default: return byte
        }
    }
}
