/// RESP encoding of a command, specialised for byte arrays: the hot loop of
/// stdin mode, where a generic encoder called across modules is several
/// times slower.
enum CommandEncoding {
    /// Appends `*N\r\n$len\r\narg\r\n…` to `buffer`.
    static func append(_ words: [[UInt8]], to buffer: inout [UInt8]) {
        appendHeader(0x2A, words.count, to: &buffer)
        for word in words {
            appendHeader(0x24, word.count, to: &buffer)
            buffer.append(contentsOf: word)
            buffer.append(13)
            buffer.append(10)
        }
    }

    @inline(__always)
    private static func appendHeader(_ type: UInt8, _ number: Int, to buffer: inout [UInt8]) {
        buffer.append(type)
        if number < 10 {
            buffer.append(0x30 + UInt8(number))
        } else {
            var digits: [UInt8] = []
            var rest = number
            while rest > 0 {
                digits.append(0x30 + UInt8(rest % 10))
                rest /= 10
            }
            buffer.append(contentsOf: digits.reversed())
        }
        buffer.append(13)
        buffer.append(10)
    }
}
