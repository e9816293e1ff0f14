/// Escaping shared by the output styles and the `--echo` trace.
public enum ByteEscaping {
    /// Appends `bytes` in double quotes the way redis-cli shows strings: `\\ \" \n
    /// \r \t \a \b` escaped, printable ASCII as is, every other byte as `\xHH`.
    /// The result reads back through the shell's quoting to the same bytes.
    public static func appendQuoted<Bytes: Sequence>(_ bytes: Bytes, into out: inout [UInt8])
    where Bytes.Element == UInt8 {
        out.append(0x22)
        for byte in bytes {
            switch byte {
            case 0x5C, 0x22: out.append(0x5C); out.append(byte)
            case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(0x5C); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(0x5C); out.append(UInt8(ascii: "t"))
            case 0x07: out.append(0x5C); out.append(UInt8(ascii: "a"))
            case 0x08: out.append(0x5C); out.append(UInt8(ascii: "b"))
            case 0x20...0x7E: out.append(byte)
            default:
                out.append(0x5C); out.append(UInt8(ascii: "x"))
                out.append(hexDigits[Int(byte >> 4)]); out.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        out.append(0x22)
    }

    /// `bytes` quoted and escaped, as text.
    public static func quoted<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var out: [UInt8] = []
        appendQuoted(bytes, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// True when every byte is printable ASCII other than a quote, backslash or
    /// blank, so the word can be shown without quotes and still reads back the same.
    public static func isPlainWord<Bytes: Collection>(_ bytes: Bytes) -> Bool where Bytes.Element == UInt8 {
        !bytes.isEmpty && bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x27 && $0 != 0x5C }
    }

    /// Appends a JSON string literal. `text` must be valid UTF-8; control
    /// characters are escaped, everything else is written unchanged.
    static func appendJSONString<Bytes: Sequence>(_ text: Bytes, into out: inout [UInt8])
    where Bytes.Element == UInt8 {
        out.append(0x22)
        for byte in text {
            switch byte {
            case 0x22, 0x5C: out.append(0x5C); out.append(byte)
            case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(0x5C); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(0x5C); out.append(UInt8(ascii: "t"))
            case 0x00..<0x20, 0x7F:
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hexDigits[Int(byte >> 4)]); out.append(hexDigits[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(0x22)
    }

    /// True when `bytes` is well-formed UTF-8.
    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        // Fast path: pure ASCII is by far the most common body.
        if bytes.allSatisfy({ $0 < 0x80 }) { return true }
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    /// Standard base64 (RFC 4648, with padding).
    static func appendBase64(_ bytes: [UInt8], into out: inout [UInt8]) {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var i = 0
        while i + 2 < bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out.append(alphabet[Int(n >> 18 & 63)]); out.append(alphabet[Int(n >> 12 & 63)])
            out.append(alphabet[Int(n >> 6 & 63)]); out.append(alphabet[Int(n & 63)])
            i += 3
        }
        let rest = bytes.count - i
        if rest == 1 {
            let n = UInt32(bytes[i]) << 16
            out.append(alphabet[Int(n >> 18 & 63)]); out.append(alphabet[Int(n >> 12 & 63)])
            out.append(0x3D); out.append(0x3D)
        } else if rest == 2 {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out.append(alphabet[Int(n >> 18 & 63)]); out.append(alphabet[Int(n >> 12 & 63)])
            out.append(alphabet[Int(n >> 6 & 63)]); out.append(0x3D)
        }
    }

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
