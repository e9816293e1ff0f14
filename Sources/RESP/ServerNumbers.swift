/// How a Disque (Redis 3) server reads numbers, byte for byte: the one home
/// of these rules for the client's validation, MiniDisque and the CLI.
///
/// - `string2ll`: protocol lengths (`*3`, `$5`): "0", or an optional '-' and
///   digits without a leading zero; no '+', no "-0".
/// - `strtoll`: command arguments (`getLongLongFromObject`): strtoll() over
///   the argument as a C string (it stops at a NUL byte) — an optional sign,
///   leading zeros allowed, no leading blank, no trailing junk, "" reads as 0,
///   out of the Int64 range refused (ERANGE).
/// - `strtoul`: scan cursors: like `strtoll`, but a negative number wraps, as in C.
public enum ServerNumbers {
    public static func string2ll<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Int64? {
        var i = bytes.startIndex
        guard i < bytes.endIndex else { return nil }
        if bytes.count == 1 && bytes[i] == UInt8(ascii: "0") { return 0 }
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i = bytes.index(after: i) }
        guard i < bytes.endIndex, bytes[i] >= UInt8(ascii: "1"), bytes[i] <= UInt8(ascii: "9") else { return nil }
        guard let magnitude = digits(bytes[i...]) else { return nil }
        return signed(negative, magnitude)
    }

    public static func strtoll<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Int64? {
        guard let (negative, magnitude) = signedMagnitude(bytes) else { return nil }
        return signed(negative, magnitude)
    }

    public static func strtoul<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt64? {
        guard let (negative, magnitude) = signedMagnitude(bytes) else { return nil }
        return negative ? 0 &- magnitude : magnitude
    }

    /// The sign and magnitude strtoll/strtoul read, or nil when a blank leads,
    /// only a sign is given, a non-digit follows or 64 bits do not hold it.
    private static func signedMagnitude<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> (Bool, UInt64)? {
        let text = bytes.prefix { $0 != 0 }  // the C string
        guard let first = text.first else { return (false, 0) }
        if first == 32 || (9...13).contains(first) { return nil }
        var rest = text[...]
        var negative = false
        if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            rest = rest.dropFirst()
        }
        guard !rest.isEmpty, let magnitude = digits(rest) else { return nil }
        return (negative, magnitude)
    }

    /// Decimal digits only, within 64 bits unsigned.
    private static func digits<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt64? {
        var value: UInt64 = 0
        for byte in bytes {
            let digit = UInt64(byte) &- 48
            guard digit <= 9 else { return nil }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(digit)
            guard !o1 && !o2 else { return nil }
            value = sum
        }
        return value
    }

    private static func signed(_ negative: Bool, _ magnitude: UInt64) -> Int64? {
        let limit = UInt64(Int64.max)
        if negative { return magnitude <= limit + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil }
        return magnitude <= limit ? Int64(magnitude) : nil
    }
}

/// The shape a Disque job ID must have, as the server checks it
/// (`validateJobID`): 40 bytes, "D-" first, dashes at offsets 10 and 35.
/// Nothing stricter: whether the job exists is the server's business.
public enum JobIDShape {
    public static let length = 40

    public static func isWellFormed<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool where Bytes.Index == Int {
        bytes.count == length && bytes[bytes.startIndex] == UInt8(ascii: "D")
            && bytes[bytes.startIndex + 1] == UInt8(ascii: "-")
            && bytes[bytes.startIndex + 10] == UInt8(ascii: "-") && bytes[bytes.startIndex + 35] == UInt8(ascii: "-")
    }

    public static func isWellFormed(_ text: String) -> Bool { isWellFormed(Array(text.utf8)) }
}

/// Disque's well-known port, the one place it is written: the client, the CLI and MiniDisque use it.
public enum DisqueDefaults {
    public static let port = 7711
}
