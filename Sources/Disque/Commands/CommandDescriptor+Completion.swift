extension CommandDescriptor {
    /// What may come next after `typed`, the complete argument words after the
    /// name (and subcommand). The word still being typed is not part of
    /// `typed`: the caller filters the returned candidates by that prefix.
    ///
    /// After `ADDJOB q body 0` → keywords REPLICATE DELAY RETRY TTL MAXLEN
    /// ASYNC; after `JSCAN STATE` → a `.choice` of job states; after
    /// `ADDJOB` → a `.queue` value named "queue". Values are not checked here,
    /// so completion still helps on a line with a mistyped number; a line whose
    /// structure does not fit gives an empty expectation.
    public func next(after typed: [String]) -> ArgumentExpectation {
        let grammar = self.grammar
        let walk = grammar.walk(typed, checkingValues: false)
        guard walk.mismatch == nil else { return ArgumentExpectation() }
        let complete = grammar.missing(after: walk) == nil
        if let open = walk.openOption {
            let value = open.option.values[open.nextValue]
            return ArgumentExpectation(values: [value.kind], valueName: value.name, isComplete: false)
        }
        var expectation = ArgumentExpectation(isComplete: complete)
        var index = walk.slotIndex
        var count = walk.repeatCount
        scan: while index < grammar.slots.count {
            switch grammar.slots[index] {
            case .options(let block, let floating):
                if let floating, !(index == walk.slotIndex && walk.floatingGiven),
                   expectation.valueName == nil {
                    expectation.values = [floating.kind]
                    expectation.valueName = floating.name
                }
                expectation.keywords += block
                    .filter { $0.repeatable || !walk.usedOptions.contains($0.keyword) }
                    .map(\.keyword)
            case .keyword(let keyword):
                expectation.keywords.append(keyword)
                break scan
            case .positional(let value, let optional, let repeated, let minimum, _):
                if expectation.valueName == nil {
                    expectation.values = [value.kind]
                    expectation.valueName = value.name
                }
                guard optional || (repeated && count >= minimum) else { break scan }
            }
            index += 1
            count = 0
        }
        return expectation
    }

    /// The rest of the syntax still to type after `typed` (complete words),
    /// for a dimmed hint: `ADDJOB` with `["q"]` →
    /// `<job> <ms-timeout> [REPLICATE <count>] …`. Options already given drop
    /// out; "" when nothing remains or the words do not fit the grammar.
    public func hint(after typed: [String]) -> String {
        let grammar = self.grammar
        let walk = grammar.walk(typed, checkingValues: false)
        guard walk.mismatch == nil else { return "" }
        var parts: [String] = []
        if let open = walk.openOption {
            parts += open.option.values[open.nextValue...].map {
                CommandArgument.placeholder($0.name, $0.kind)
            }
        }
        for index in walk.slotIndex..<grammar.slots.count {
            switch grammar.slots[index] {
            case .options(let block, let floating):
                if let floating, !(index == walk.slotIndex && walk.floatingGiven) {
                    parts.append(CommandArgument.optional(.value(floating.name, floating.kind)).syntax)
                }
                parts += block
                    .filter { $0.repeatable || !walk.usedOptions.contains($0.keyword) }
                    .map(\.element.syntax)
            case .keyword(let keyword):
                parts.append(keyword)
            case .positional(let value, let optional, let repeated, let minimum, _):
                let single = CommandArgument.value(value.name, value.kind)
                if optional {
                    parts.append(CommandArgument.optional(single).syntax)
                } else if repeated {
                    let given = index == walk.slotIndex ? walk.repeatCount : 0
                    parts.append(CommandArgument.repeated(single, min: max(0, minimum - given)).syntax)
                } else {
                    parts.append(single.syntax)
                }
            }
        }
        return parts.joined(separator: " ")
    }
}
