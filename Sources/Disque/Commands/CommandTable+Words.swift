extension CommandTable {
    /// Validates a whole typed command (name words included). Commands not
    /// in the table pass untouched: they are sent as typed and the server
    /// judges them.
    public static func validate(_ words: [String]) throws(CommandValidationError) {
        guard let (descriptor, nameWords) = lookup(words) else { return }
        try descriptor.validate(Array(words.dropFirst(nameWords)))
    }

    /// What may come next after the complete words of a command line, name
    /// included: command names when nothing is typed, subcommand names after
    /// a container name (CLUSTER, CONFIG…), then the descriptor's own
    /// expectation. The word still being typed is not part of `words`.
    public static func next(after words: [String]) -> ArgumentExpectation {
        guard let first = words.first else {
            return ArgumentExpectation(keywords: commandNames)
        }
        let subcommands = subcommands(of: first)
        if words.count == 1 && !subcommands.isEmpty {
            var expectation = ArgumentExpectation(keywords: subcommands.compactMap(\.subcommand))
            if let bare = lookup(words), bare.nameWords == 1 {
                let own = bare.descriptor.next(after: [])
                expectation.keywords += own.keywords
                expectation.values = own.values
                expectation.valueName = own.valueName
                expectation.isComplete = own.isComplete
            }
            return expectation
        }
        guard let (descriptor, nameWords) = lookup(words) else { return ArgumentExpectation() }
        return descriptor.next(after: Array(words.dropFirst(nameWords)))
    }

    /// The dimmed hint for the complete words of a command line, name
    /// included: the rest of the syntax, or "" when the command is unknown or
    /// nothing remains. After a container name alone it lists the subcommands.
    public static func hint(after words: [String]) -> String {
        guard let first = words.first else { return "" }
        let subcommands = subcommands(of: first)
        if words.count == 1 && !subcommands.isEmpty {
            let names = subcommands.compactMap(\.subcommand).joined(separator: "|")
            if let bare = lookup(words), bare.nameWords == 1 {
                return "[\(names)]"
            }
            return names
        }
        guard let (descriptor, nameWords) = lookup(words) else { return "" }
        return descriptor.hint(after: Array(words.dropFirst(nameWords)))
    }
}
