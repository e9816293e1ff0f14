import RESP

/// Number parsing with the real server's rules, so the same inputs are
/// accepted and refused: Disque reads integers with strtoll() (a leading '+'
/// is fine, leading spaces and trailing junk are not, "" reads as 0) and scan
/// cursors with strtoul().
enum Arguments {
    /// strtoll(): out of the Int64 range is refused (Disque checks ERANGE).
    static func longLong(_ bytes: [UInt8]) -> Int64? { ServerNumbers.strtoll(bytes) }

    /// strtoul(): a negative number wraps around, as in C.
    static func cursor(_ bytes: [UInt8]) -> UInt64? { ServerNumbers.strtoul(bytes) }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// Case-insensitive keyword test without building a String.
    static func equals(_ bytes: [UInt8], _ keyword: StaticString) -> Bool {
        guard bytes.count == keyword.utf8CodeUnitCount else { return false }
        let key = keyword.utf8Start
        for i in 0..<bytes.count {
            var b = bytes[i]
            if b >= 65 && b <= 90 { b += 32 }
            var k = key[i]
            if k >= 65 && k <= 90 { k += 32 }
            if b != k { return false }
        }
        return true
    }

    static func lowercased(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
    }
}
