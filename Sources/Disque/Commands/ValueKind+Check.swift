import RESP

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
            // The server's own format check (validateJobID), nothing stricter.
            if JobIDShape.isWellFormed(word) { return nil }
            return "expects a job ID (40 characters: D-<8 hex>-<24>-<4 hex>), got \(Self.quoted(word))"
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

    /// An integer argument as the server reads it (strtoll; see `ServerNumbers`).
    static func serverInteger(_ word: String) -> Int64? { ServerNumbers.strtoll(word.utf8) }

    /// A SCAN cursor as the server reads it (strtoul).
    static func serverCursor(_ word: String) -> Bool { ServerNumbers.strtoul(word.utf8) != nil }
}
