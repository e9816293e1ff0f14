import Disque

/// What the completion scripts offer for one word: options first, then —
/// after them — command names, subcommands, option keywords and fixed values
/// from the command table, and queue names and job IDs from the server.
struct CompletionCandidates {
    struct Candidate: Sendable, Equatable {
        var word: String
        var description: String?
    }

    /// The root command's flags and options.
    var options: [CommandLineOption]
    /// Queue names on the node the typed flags point at (empty when none answers).
    var queueNames: ([String]) -> [String]
    /// Job IDs on that node.
    var jobIDs: ([String]) -> [String]

    /// Candidates for the word `current` (unquoted, up to the cursor) after the
    /// complete words `typed` (unquoted; `typed[0]` is the program itself).
    /// Only candidates that start with `current` (ignoring case for keywords)
    /// are returned.
    func candidates(typed: [String], current: String) -> [Candidate] {
        // Walk the options to find where the Disque command starts.
        var index = 1
        while index < typed.count {
            let word = typed[index]
            if word == "--" {
                index += 1
                break
            }
            guard word.count > 1, word.hasPrefix("-") else { break }
            if let option = options.first(where: { $0.matches(word) }), option.takesValue, !word.contains("=") {
                if index + 1 == typed.count { return values(of: option, current: current) }
                index += 2
            } else {
                index += 1
            }
        }
        let flagWords = Array(typed[1..<min(index, typed.count)])
        let commandWords = index < typed.count ? Array(typed[index...]) : []
        guard let name = commandWords.first else {
            if current.hasPrefix("--"), let equals = current.firstIndex(of: "="),
               let option = options.first(where: { $0.takesValue && $0.names.contains(String(current[..<equals])) }) {
                let head = String(current[...equals])
                return values(of: option, current: String(current[current.index(after: equals)...]))
                    .map { Candidate(word: head + $0.word) }
            }
            if current.hasPrefix("-") { return optionNames(current: current, used: flagWords) }
            return commandNames(current: current)
        }
        let lowerCase = Self.isLowerCase(current.isEmpty ? name : current)
        func keywords(_ list: [String], _ describe: (String) -> String? = { _ in nil }) -> [Candidate] {
            list.filter { $0.uppercased().hasPrefix(current.uppercased()) }.map {
                Candidate(word: Self.cased($0, like: current, lowerCase: lowerCase), description: describe($0))
            }
        }
        if commandWords.count == 1, CommandTable.isContainer(name) {
            let subcommands = CommandTable.subcommands(of: name)
            return keywords(subcommands.compactMap(\.subcommand)) { sub in
                subcommands.first { $0.subcommand == sub }?.summary
            }
        }
        guard let (descriptor, nameWords) = CommandTable.lookup(commandWords) else { return [] }
        let expectation = descriptor.next(after: Array(commandWords.dropFirst(nameWords)))
        var result = keywords(expectation.keywords)
        for kind in expectation.values {
            switch kind {
            case .choice(let choices):
                result += keywords(choices)
            case .queue:
                result += queueNames(flagWords).filter { $0.hasPrefix(current) }.sorted()
                    .map { Candidate(word: $0) }
            case .jobID:
                result += jobIDs(flagWords).filter { $0.hasPrefix(current) }.map { Candidate(word: $0) }
            default:
                break
            }
        }
        var seen = Set<String>()
        return result.filter { seen.insert($0.word).inserted }
    }

    /// The options not given yet (all of them may be given only once).
    private func optionNames(current: String, used: [String]) -> [Candidate] {
        options.filter { option in !used.contains { option.matches($0) } }
            .flatMap { option in option.names.map { Candidate(word: $0, description: option.help) } }
            .filter { $0.word.hasPrefix(current) }
    }

    private func values(of option: CommandLineOption, current: String) -> [Candidate] {
        switch option.completion {
        case .none: return []
        case .words(let words): return words.filter { $0.hasPrefix(current) }.map { Candidate(word: $0) }
        case .files: return FileNameCompletion.candidates(current).map { Candidate(word: $0) }
        }
    }

    /// Top-level command names; a container's description lists its subcommands.
    private func commandNames(current: String) -> [Candidate] {
        let lowerCase = Self.isLowerCase(current)
        return CommandTable.commandNames
            .filter { $0.hasPrefix(current.uppercased()) }
            .map { name in
                let description: String
                if let (descriptor, _) = CommandTable.lookup([name]), descriptor.subcommand == nil {
                    description = descriptor.summary
                } else {
                    let subcommands = CommandTable.subcommands(of: name).compactMap(\.subcommand)
                    description = "Subcommands: " + subcommands.joined(separator: ", ")
                }
                return Candidate(word: Self.cased(name, like: current, lowerCase: lowerCase), description: description)
            }
    }

    /// True when `word` has letters and all of them are lower case.
    static func isLowerCase(_ word: String) -> Bool {
        word.contains { $0.isLetter } && !word.contains { $0.isUppercase }
    }

    /// `word` in the case of what was typed, keeping the typed prefix exactly
    /// as it is so that every shell sees the candidate extend the word.
    static func cased(_ word: String, like typed: String, lowerCase: Bool) -> String {
        let rest = word.dropFirst(typed.count)
        return typed + (lowerCase ? rest.lowercased() : rest.uppercased())
    }
}
