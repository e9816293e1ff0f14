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

    static func longLong(_ bytes: [UInt8]) -> Int64? {
        let text = cString(bytes)
        guard let first = text.first else { return 0 }
        if first == 32 || (9...13).contains(first) { return nil }
        var i = text.startIndex
        var negative = false
        if text[i] == UInt8(ascii: "+") || text[i] == UInt8(ascii: "-") {
            negative = text[i] == UInt8(ascii: "-")
            i += 1
        }
        guard i < text.endIndex else { return nil }
        var value: Int64 = 0
        while i < text.endIndex {
            let digit = Int64(text[i]) - 48
            guard digit >= 0 && digit <= 9 else { return nil }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            guard !o1 && !o2 else { return nil }
            value = sum
            i += 1
        }
        return value
    }

    static func cursor(_ bytes: [UInt8]) -> UInt64? {
        let text = cString(bytes)
        guard let first = text.first else { return 0 }
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
        return negative ? 0 &- value : value
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
