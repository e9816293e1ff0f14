extension CommandGrammar {
    /// Why typed words do not fit the grammar.
    enum Mismatch: Sendable, Hashable {
        /// A value of the wrong shape: argument name, offending word, reason.
        case invalidValue(argument: String, word: String, reason: String)
        /// A word where only keywords (or nothing) may come.
        case unexpectedWord(String, expected: [String])
        /// An option keyword given without its value.
        case missingOptionValue(option: String, value: String)
        /// A required positional or keyword not given.
        case missingArgument(String)
    }

    /// The position reached after following typed words through the grammar.
    struct Walk: Sendable {
        var slotIndex = 0
        /// Upper-case option keywords already given.
        var usedOptions: [String] = []
        /// The values met so far by the grammar's name for them (`ms-timeout`), and where they stand in the words.
        var valuesGiven: [(name: String, index: Int)] = []
        /// An option whose values are still being typed, and the index of
        /// the next value it needs.
        var openOption: (option: Option, nextValue: Int)?
        /// Words taken by the current repeated positional.
        var repeatCount = 0
        /// True once the current options block's floating value was given.
        var floatingGiven = false
        /// Set when a word did not fit; the walk stops there.
        var mismatch: Mismatch?
    }

    /// Follows `words` (complete arguments after the command name) through
    /// the grammar. With `checkingValues` false, any word is accepted where a
    /// value goes (completion keeps working past a half-right line).
    func walk(_ words: [String], checkingValues: Bool) -> Walk {
        var state = Walk()
        var index = 0
        func check(_ value: Value, _ word: String) -> Bool {
            guard checkingValues, let reason = value.kind.problem(with: word) else { return true }
            state.mismatch = .invalidValue(argument: "<\(value.name)>", word: word, reason: reason)
            return false
        }
        while index < words.count {
            let word = words[index]
            if let open = state.openOption {
                let value = open.option.values[open.nextValue]
                guard check(value, word) else { return state }
                state.valuesGiven.append((value.name, index))
                index += 1
                let next = open.nextValue + 1
                state.openOption = next < open.option.values.count ? (open.option, next) : nil
                continue
            }
            guard state.slotIndex < slots.count else {
                state.mismatch = .unexpectedWord(word, expected: [])
                return state
            }
            switch slots[state.slotIndex] {
            case .options(let block, let floating):
                if let option = block.first(where: { $0.keyword.equalsIgnoringCase(word) }) {
                    state.usedOptions.append(option.keyword)
                    if !option.values.isEmpty { state.openOption = (option, 0) }
                    index += 1
                } else if let floating, !state.floatingGiven,
                          !isKeyword(word, reachableFrom: state.slotIndex + 1) {
                    // A word that is neither an option nor a valid floating
                    // value is most likely a mistyped option: say both.
                    if checkingValues && floating.kind.problem(with: word) != nil {
                        let expected = block.map(\.keyword) + ["<\(floating.name)>"]
                        state.mismatch = .unexpectedWord(word, expected: expected)
                        return state
                    }
                    state.floatingGiven = true
                    index += 1
                } else if state.slotIndex + 1 < slots.count {
                    state.slotIndex += 1
                    state.repeatCount = 0
                    state.floatingGiven = false
                } else {
                    state.mismatch = .unexpectedWord(word, expected: block.map(\.keyword))
                    return state
                }
            case .keyword(let keyword):
                guard keyword.equalsIgnoringCase(word) else {
                    var expected = [keyword]
                    if state.slotIndex > 0, case .options(let block, _) = slots[state.slotIndex - 1] {
                        expected = block.map(\.keyword) + expected
                    }
                    state.mismatch = .unexpectedWord(word, expected: expected)
                    return state
                }
                index += 1
                state.slotIndex += 1
                state.repeatCount = 0
            case .positional(let value, let optional, let repeated, _, _):
                let isLaterKeyword = isKeyword(word, reachableFrom: state.slotIndex + 1)
                if (optional || (repeated && state.repeatCount > 0)) && isLaterKeyword {
                    state.slotIndex += 1
                    state.repeatCount = 0
                    continue
                }
                guard check(value, word) else { return state }
                state.valuesGiven.append((value.name, index))
                index += 1
                if repeated {
                    state.repeatCount += 1
                } else {
                    state.slotIndex += 1
                    state.repeatCount = 0
                }
            }
        }
        return state
    }

    /// What is still required after a walk that consumed every word: nil
    /// when the command may be sent as it stands.
    func missing(after state: Walk) -> Mismatch? {
        if let open = state.openOption {
            return .missingOptionValue(option: open.option.keyword,
                                       value: "<\(open.option.values[open.nextValue].name)>")
        }
        var index = state.slotIndex
        var count = state.repeatCount
        while index < slots.count {
            switch slots[index] {
            case .options:
                break
            case .keyword(let keyword):
                return .missingArgument(keyword)
            case .positional(let value, let optional, let repeated, let minimum, _):
                if !optional && (repeated ? count < minimum : true) {
                    return .missingArgument("<\(value.name)>")
                }
            }
            index += 1
            count = 0
        }
        return nil
    }

    private func isKeyword(_ word: String, reachableFrom index: Int) -> Bool {
        let reachable = reachableKeywords[min(index, reachableKeywords.count - 1)]
        return !reachable.isEmpty && reachable.contains(word.uppercased())
    }
}
