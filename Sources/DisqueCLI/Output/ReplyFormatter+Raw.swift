import RESP

/// redis-cli's raw and CSV styles.
extension ReplyFormatter {
    /// Raw: bytes as they came, integers in decimal, nil as nothing, arrays
    /// flattened with the delimiter between elements (redis-cli's
    /// cliFormatReplyRaw). The caller ends the reply with a newline.
    func appendRaw(_ value: RESPValue, into out: inout [UInt8]) {
        switch value {
        case .status(let text), .error(let text):
            out.append(contentsOf: text.utf8)
        case .integer(let number):
            RESPEncoder.appendDecimal(number, into: &out)
        case .bulk(let bytes):
            out.append(contentsOf: bytes)
        case .nullBulk, .nullArray:
            break
        case .array(let items):
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(contentsOf: delimiter) }
                appendRaw(item, into: &out)
            }
        }
    }

    /// CSV: strings quoted and escaped, integers bare, nil as NULL, errors as
    /// `ERROR,"…"`, arrays flattened with commas (redis-cli's cliFormatReplyCSV).
    func appendCSV(_ value: RESPValue, into out: inout [UInt8]) {
        switch value {
        case .status(let text):
            ByteEscaping.appendQuoted(text.utf8, into: &out)
        case .error(let text):
            out.append(contentsOf: Array("ERROR,".utf8))
            ByteEscaping.appendQuoted(text.utf8, into: &out)
        case .integer(let number):
            RESPEncoder.appendDecimal(number, into: &out)
        case .bulk(let bytes):
            ByteEscaping.appendQuoted(bytes, into: &out)
        case .nullBulk, .nullArray:
            out.append(contentsOf: Array("NULL".utf8))
        case .array(let items):
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(0x2C) }
                appendCSV(item, into: &out)
            }
        }
    }
}
