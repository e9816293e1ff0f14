/// Number parsing with the real server's rules, so the same inputs are
/// accepted and refused: Disque reads integers with strtoll() (a leading '+'
/// is fine, leading spaces and trailing junk are not, "" reads as 0) and scan
/// cursors with strtoul().
enum Arguments {
    /// The C-string view of an argument: strtoll stops at a NUL byte.
    private static func cString(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        if let nul = bytes.firstIndex(of: 0) { return bytes[..<nul] }
        return bytes[...]
    }

    /// The sign and 64-bit magnitude strtoll/strtoul read from `bytes`, or
    /// nil when a blank leads, nothing but a sign is given, a non-digit
    /// follows or the magnitude does not fit in 64 bits.
    private static func signedMagnitude(_ bytes: [UInt8]) -> (negative: Bool, magnitude: UInt64)? {
        let text = cString(bytes)
        guard let first = text.first else { return (false, 0) }
        if first == 32 || (9...13).contains(first) { return nil }
        var i = text.startIndex
        var negative = false
        if text[i] == UInt8(ascii: "+") || text[i] == UInt8(ascii: "-") {
            negative = text[i] == UInt8(ascii: "-")
            i += 1
        }
        guard i < text.endIndex else { return nil }
        var value: UInt64 = 0
        while i < text.endIndex {
            let digit = UInt64(text[i]) &- 48
            guard digit <= 9 else { return nil }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(digit)
            guard !o1 && !o2 else { return nil }
            value = sum
            i += 1
        }
        return (negative, value)
    }

    /// strtoll(): out of the Int64 range is refused (Disque checks ERANGE).
    static func longLong(_ bytes: [UInt8]) -> Int64? {
        guard let (negative, magnitude) = signedMagnitude(bytes) else { return nil }
        let limit = UInt64(Int64.max)
        if negative { return magnitude <= limit + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil }
        return magnitude <= limit ? Int64(magnitude) : nil
    }

    /// strtoul(): a negative number wraps around, as in C.
    static func cursor(_ bytes: [UInt8]) -> UInt64? {
        guard let (negative, magnitude) = signedMagnitude(bytes) else { return nil }
        return negative ? 0 &- magnitude : magnitude
    }

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
