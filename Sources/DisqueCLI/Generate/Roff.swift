/// Builds roff source for the `-man` macros, escaping text so that nothing
/// coming from the command table or the flag help can be read as a request,
/// an escape or a font change.
struct Roff {
    private(set) var source = ""

    /// A comment line (`.\"`).
    mutating func comment(_ text: String) {
        source += ".\\\" " + text + "\n"
    }

    /// A macro call; each argument is escaped and quoted when it needs to be.
    mutating func macro(_ name: String, _ arguments: String...) {
        var line = "." + name
        for argument in arguments {
            let escaped = Roff.escape(argument)
            if escaped.isEmpty || escaped.contains(" ") {
                line += " \"" + escaped.replacing("\"", with: "\\(dq") + "\""
            } else {
                line += " " + escaped
            }
        }
        source += line + "\n"
    }

    /// A macro call whose arguments are already roff (font escapes kept).
    mutating func rawMacro(_ name: String, _ roffArguments: String) {
        source += "." + name + (roffArguments.isEmpty ? "" : " " + roffArguments) + "\n"
    }

    /// Plain text: escaped, one output line per input line, blank lines dropped
    /// (a blank line in roff is a paragraph break the macros would not expect).
    mutating func text(_ text: String) {
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            raw(Roff.escape(String(line)))
        }
    }

    /// Prose with light markup: `**bold**` and `__italic__`; escaped otherwise.
    mutating func prose(_ text: String) {
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            raw(Roff.markup(String(line)))
        }
    }

    /// A line that is already roff.
    mutating func raw(_ line: String) {
        // A line starting with a dot or an apostrophe would be read as a request.
        if line.hasPrefix(".") || line.hasPrefix("'") {
            source += "\\&" + line + "\n"
        } else {
            source += line + "\n"
        }
    }

    /// A `.TP` item: `tag` and `body` are prose markup.
    mutating func item(_ tag: String, _ body: String) {
        rawMacro("TP", "")
        raw(Roff.markup(tag))
        prose(body)
    }

    // `\%` keeps a command, option or path from being hyphenated.
    // Pass `hyphenless: false` when the caller puts `\%` at the start of the whole word itself.
    static func bold(_ text: String, hyphenless: Bool = true) -> String {
        "\\fB" + (hyphenless ? "\\%" : "") + escape(text) + "\\fR"
    }
    static func italic(_ text: String, hyphenless: Bool = true) -> String {
        "\\fI" + (hyphenless ? "\\%" : "") + escape(text) + "\\fR"
    }

    /// Escapes text for use inside a roff line: backslashes, every hyphen as
    /// `\-` (what a reader types is a minus sign, and copies and searches as
    /// one), and characters outside ASCII as named glyphs.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\e"
            case "-": out += "\\-"
            case "\t": out += " "
            case "\u{2014}": out += "\\(em"
            case "\u{2013}": out += "\\(en"
            case "\u{2026}": out += "..."
            case "\u{2018}": out += "\\(oq"
            case "\u{2019}": out += "\\(cq"
            case "\u{201C}": out += "\\(lq"
            case "\u{201D}": out += "\\(rq"
            case "\u{2192}": out += "\\(->"
            case "\u{2265}": out += "\\(>="
            case "\u{2264}": out += "\\(<="
            case "\u{00D7}": out += "\\(mu"
            default:
                if scalar.isASCII {
                    if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                    out.unicodeScalars.append(scalar)
                } else {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\[u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "]"
                }
            }
        }
        return out
    }

    /// Escapes `text`, turning `**x**` into bold and `__x__` into italics.
    static func markup(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while !rest.isEmpty {
            var nearest: (range: Range<Substring.Index>, marker: String)?
            for marker in ["**", "__"] {
                if let range = rest.firstRange(of: marker), nearest.map({ range.lowerBound < $0.range.lowerBound }) ?? true {
                    nearest = (range, marker)
                }
            }
            guard let (open, marker) = nearest,
                  let close = rest[open.upperBound...].firstRange(of: marker) else {
                out += escape(String(rest))
                break
            }
            out += escape(String(rest[..<open.lowerBound]))
            let inner = String(rest[open.upperBound..<close.lowerBound])
            out += marker == "**" ? bold(inner) : italic(inner)
            rest = rest[close.upperBound...]
        }
        return out
    }
}
