extension ValueKind {
    /// Why `word` cannot be a value of this kind, or nil when it can. Mirrors
    /// what a Disque 1.0-rc1 node accepts and never rejects more.
    func problem(with word: String) -> String? {
        switch self {
        case .queue, .body, .text:
            return nil
        case .nodeID:
            // The server checks the length only; whether the node is known
            // is its business.
            if word.utf8.count == 40 { return nil }
            return "expects a node ID (40 characters), got \(Self.quoted(word))"

        case .jobID:
            // The server's only format check: length 40 and a "D-" prefix.
            if word.utf8.count == 40 && word.utf8.starts(with: "D-".utf8) { return nil }
            return "expects a job ID (40 characters starting with \"D-\"), got \(Self.quoted(word))"
        case .integer(let range):
            guard let number = Self.serverInteger(word) else {
                return "expects an integer\(Self.describe(range)), got \(Self.quoted(word))"
            }
            if let range, !range.contains(number) {
                return "expects an integer\(Self.describe(range)), got \(Self.quoted(word))"
            }
            return nil
        case .milliseconds, .seconds:
            guard let number = Self.serverInteger(word), number >= 0 else {
                let unit = self == .milliseconds ? "milliseconds" : "seconds"
                return "expects a non-negative integer (\(unit)), got \(Self.quoted(word))"
            }
            return nil
        case .choice(let choices):
            if choices.contains(where: { $0.equalsIgnoringCase(word) }) { return nil }
            return "expects one of \(choices.joined(separator: ", ")), got \(Self.quoted(word))"
        case .cursor:
            if Self.serverCursor(word) { return nil }
            return "expects a cursor (an unsigned integer, 0 to start), got \(Self.quoted(word))"
        }
    }

    /// The values a word of this kind may take when they are a fixed list.
    public var choices: [String] {
        if case .choice(let choices) = self { return choices }
        return []
    }

    private static func describe(_ range: ClosedRange<Int64>?) -> String {
        guard let range else { return "" }
        switch (range.lowerBound, range.upperBound) {
        case (.min, .max): return ""
        case (let low, .max): return " ≥ \(low)"
        case (.min, let high): return " ≤ \(high)"
        case (let low, let high): return " from \(low) to \(high)"
        }
    }

    static func quoted(_ word: String) -> String {
        "\"\(word)\""
    }

    /// Parses an integer the way the server's strtoll-based parser does: an
    /// optional sign and decimal digits (leading zeros allowed), no blanks,
    /// within 64 bits. Like strtoll, an empty string reads as 0.
    static func serverInteger(_ word: String) -> Int64? {
        var bytes = Substring(word).utf8[...]
        var negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
            if bytes.isEmpty { return nil }
        }
        var magnitude: UInt64 = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (times, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            if overflow1 || overflow2 { return nil }
            magnitude = sum
        }
        if negative {
            if magnitude == UInt64(Int64.max) + 1 { return .min }
            return magnitude <= UInt64(Int64.max) ? -Int64(magnitude) : nil
        }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    /// A SCAN cursor as the server's strtoul-based parser reads it: optional
    /// sign, decimal digits, within 64 bits.
    static func serverCursor(_ word: String) -> Bool {
        var bytes = Substring(word).utf8[...]
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            bytes = bytes.dropFirst()
            if bytes.isEmpty { return false }
        }
        var magnitude: UInt64 = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return false }
            let (times, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            if overflow1 || overflow2 { return false }
            magnitude = sum
        }
        return true
    }
}
