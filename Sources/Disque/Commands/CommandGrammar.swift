/// A command's argument grammar flattened into slots that a single walker can
/// follow word by word. Validation, completion and hints all use the same walk,
/// so they cannot disagree about where a typed word belongs.
struct CommandGrammar: Sendable, Hashable {
    /// A value inside the grammar: `<queue>`, `<count>`…
    struct Value: Sendable, Hashable {
        var name: String
        var kind: ValueKind
    }

    /// A keyword option (`REPLICATE <count>`) or flag (`ASYNC`).
    struct Option: Sendable, Hashable {
        var keyword: String
        var values: [Value]
        var repeatable: Bool
        var element: CommandArgument
    }

    enum Slot: Sendable, Hashable {
        /// A positional value; `optional` may be skipped, `repeated` takes
        /// as many words as it is given (at least `minimum`).
        case positional(Value, optional: Bool, repeated: Bool, minimum: Int, element: CommandArgument)
        /// Options in any order (the server lets a later repeat of a
        /// non-repeatable one win). `floating` is an optional value that may
        /// sit anywhere among them: QSCAN's and JSCAN's cursor is whichever
        /// word is not an option, wherever it comes.
        case options([Option], floating: Value?)
        /// A required keyword such as GETJOB's FROM.
        case keyword(String)
    }

    let slots: [Slot]
    /// `keywords(reachableFrom: i)` upper-cased, for every slot index and one
    /// past the end: the walk asks this for nearly every word it reads.
    let reachableKeywords: [Set<String>]
    /// Where the value that holds the reply (`ResolvedCommand.holdName`)
    /// stands among the words when nothing optional comes before it (ADDJOB's
    /// <ms-timeout> is always the third word), so it can be read without a walk.
    let fixedHoldIndex: Int?
    /// True when some value of the grammar holds the reply.
    let hasHoldValue: Bool

    init(_ arguments: [CommandArgument]) {
        var slots: [Slot] = []
        var block: [Option] = []
        func flush() {
            guard !block.isEmpty else { return }
            // An optional value just before the options floats among them.
            if case .positional(let value, optional: true, repeated: false, _, _)? = slots.last {
                slots.removeLast()
                slots.append(.options(block, floating: value))
            } else {
                slots.append(.options(block, floating: nil))
            }
            block = []
        }
        for argument in arguments {
            switch argument {
            case .option(let keyword, let values, let repeatable):
                block.append(Option(keyword: keyword, values: values.flatMap(Self.values(in:)),
                                    repeatable: repeatable, element: argument))
            case .flag(let keyword):
                block.append(Option(keyword: keyword, values: [], repeatable: false, element: argument))
            case .keyword(let keyword, let rest):
                flush()
                slots.append(.keyword(keyword))
                slots.append(contentsOf: Self.positionalSlots(rest))
            case .value, .optional, .repeated:
                flush()
                slots.append(contentsOf: Self.positionalSlots([argument]))
            }
        }
        flush()
        self.slots = slots
        reachableKeywords = (0...slots.count).map { index in
            Set(Self.keywords(in: slots, reachableFrom: index).map { $0.uppercased() })
        }
        var fixed: Int?
        var hasHold = false
        var fixedSoFar = true
        for (index, slot) in slots.enumerated() {
            switch slot {
            case .positional(let value, let optional, let repeated, _, _):
                if value.name == ResolvedCommand.holdName {
                    hasHold = true
                    if fixedSoFar { fixed = index }
                }
                if optional || repeated { fixedSoFar = false }
            case .options(let block, _):
                if block.contains(where: { $0.values.contains { $0.name == ResolvedCommand.holdName } }) { hasHold = true }
                fixedSoFar = false
            case .keyword:
                fixedSoFar = false
            }
        }
        fixedHoldIndex = fixed
        hasHoldValue = hasHold
    }

    private static func values(in argument: CommandArgument) -> [Value] {
        switch argument {
        case .value(let name, let kind): return [Value(name: name, kind: kind)]
        case .optional(let inner), .repeated(let inner, _): return values(in: inner)
        case .option(_, let inner, _), .keyword(_, let inner): return inner.flatMap(values(in:))
        case .flag: return []
        }
    }

    private static func positionalSlots(_ arguments: [CommandArgument]) -> [Slot] {
        arguments.flatMap { argument -> [Slot] in
            switch argument {
            case .value(let name, let kind):
                return [.positional(Value(name: name, kind: kind), optional: false, repeated: false,
                                    minimum: 1, element: argument)]
            case .optional(let inner):
                return values(in: inner).map {
                    .positional($0, optional: true, repeated: false, minimum: 0, element: argument)
                }
            case .repeated(let inner, let minimum):
                return values(in: inner).map {
                    .positional($0, optional: false, repeated: true, minimum: minimum, element: argument)
                }
            case .option, .flag, .keyword:
                return CommandGrammar([argument]).slots
            }
        }
    }

    /// Keywords that can start a slot at or after `index`, up to and
    /// including the first slot that must be filled.
    func keywords(reachableFrom index: Int) -> [String] {
        Self.keywords(in: slots, reachableFrom: index)
    }

    private static func keywords(in slots: [Slot], reachableFrom index: Int) -> [String] {
        var result: [String] = []
        var i = index
        while i < slots.count {
            switch slots[i] {
            case .options(let block, _):
                result += block.map(\.keyword)
            case .keyword(let keyword):
                return result + [keyword]
            case .positional(_, let optional, let repeated, let minimum, _):
                if !(optional || (repeated && minimum == 0)) { return result }
            }
            i += 1
        }
        return result
    }
}

extension String {
    /// ASCII case-insensitive comparison, the way the server's strcasecmp does it.
    func equalsIgnoringCase(_ other: String) -> Bool {
        self.uppercased() == other.uppercased()
    }
}
