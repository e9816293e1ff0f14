import Disque
import RESP

/// Turns replies into what a person or a script reads: redis-cli's tty style
/// with pretty printing by reply shape, redis-cli's raw and CSV styles, or JSON.
///
/// Rendering produces bytes, because raw output must be byte-exact (job bodies
/// are binary); `format` is the same as text for the shell.
///
/// ```swift
/// let formatter = ReplyFormatter(style: .pretty, color: TerminalColor.enabled(for: 1))
/// print(formatter.format(reply, shape: descriptor?.reply), terminator: "")
/// ```
public struct ReplyFormatter: Sendable {
    /// How replies are written.
    public enum Style: Sendable, Hashable {
        /// redis-cli's terminal style (`"text"`, `(integer) 3`, `(nil)`, numbered
        /// arrays), plus readable layouts for jobs, SHOW/QSTAT, HELLO and scans.
        case pretty
        /// redis-cli's raw style: values as they are, one a line; arrays flattened
        /// with the delimiter between elements. Bulk bytes are written unchanged.
        case raw
        /// redis-cli's CSV style: one line per reply, strings quoted and escaped.
        case csv
        /// One JSON value per reply (a line each), typed objects for known shapes;
        /// a bulk that is not valid UTF-8 becomes `{"base64": "…"}` (lossless).
        case json
    }

    public var style: Style
    /// ANSI colour in pretty output (never in the other styles).
    public var color: Bool
    /// Written between the elements of an array in raw style (`-d`); default "\n".
    public var delimiter: [UInt8]

    public init(style: Style, color: Bool = false, delimiter: String = "\n") {
        self.style = style
        self.color = color && style == .pretty
        self.delimiter = Array(delimiter.utf8)
    }

    /// The reply as it should be written, final newline included.
    public func render(_ value: RESPValue, shape: ReplyShape? = nil) -> [UInt8] {
        var out: [UInt8] = []
        render(value, shape: shape, into: &out)
        return out
    }

    /// Appends the reply to `out` (the fast path for scripting: no allocation per reply).
    public func render(_ value: RESPValue, shape: ReplyShape? = nil, into out: inout [UInt8]) {
        switch style {
        case .raw:
            appendRaw(value, into: &out)
            out.append(10)
        case .csv:
            appendCSV(value, into: &out)
            out.append(10)
        case .json:
            appendJSON(value, shape: shape, into: &out)
            out.append(10)
        case .pretty:
            appendPretty(value, shape: shape, into: &out)
        }
    }

    /// The reply as text, final newline included. Bytes that are not UTF-8
    /// (possible only in raw style) are repaired; use `render` to keep them.
    public func format(_ value: RESPValue, shape: ReplyShape? = nil) -> String {
        String(decoding: render(value, shape: shape), as: UTF8.self)
    }
}
