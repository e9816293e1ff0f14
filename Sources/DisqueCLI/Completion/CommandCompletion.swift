import Disque

/// Completion of a Disque command's words from the command table, shared by
/// the interactive shell's TAB and the shell-completion scripts: command
/// names, then a container's subcommands, then what the descriptor allows
/// next — option keywords, fixed choices, queue names, job IDs. Keywords take
/// the case of what was typed. Queue names and job IDs come from the caller,
/// which knows where to find them (a cache in the shell, a quick server
/// look-up for the scripts) and how to match and present them.
struct CommandCompletion {
    struct Candidate: Sendable, Equatable {
        var word: String
        /// A line about the candidate, for shells that show one (zsh, fish).
        var description: String?
    }

    /// How a completed keyword takes the case of the typed word.
    enum Casing: Sendable {
        /// The whole word in lower or upper case (the shell replaces the typed word).
        case wholeWord
        /// The typed prefix exactly as typed, the rest in its case, so that
        /// every shell sees the candidate extend the word.
        case keepingTypedPrefix
    }

    var casing: Casing
    /// Queue-name words to offer for the partial word, ready to insert.
    var queueNames: (_ partial: String) -> [String]
    /// Job-ID words to offer for the partial word, ready to insert.
    var jobIDs: (_ partial: String) -> [String]

    /// Candidates for the word `partial` after the complete command words
    /// `words` (the command name first; no program name or repeat count).
    func candidates(after words: [String], partial: String) -> [Candidate] {
        let lowerCase = Self.typedInLowerCase(words: words, partial: partial)
        func keywords(_ list: [String], _ describe: (String) -> String? = { _ in nil }) -> [Candidate] {
            matching(list, partial: partial, lowerCase: lowerCase).map {
                Candidate(word: $0.cased, description: describe($0.keyword))
            }
        }
        guard let name = words.first else {
            return keywords(CommandTable.commandNames.sorted(), Self.commandDescription)
        }
        if words.count == 1, CommandTable.isContainer(name) {
            let subcommands = CommandTable.subcommands(of: name)
            return keywords(subcommands.compactMap(\.subcommand).sorted()) { sub in
                subcommands.first { $0.subcommand == sub }?.summary
            }
        }
        guard let (descriptor, nameWords) = CommandTable.lookup(words) else { return [] }
        let expectation = descriptor.next(after: Array(words.dropFirst(nameWords)))
        var result = keywords(expectation.keywords)
        for kind in expectation.values {
            switch kind {
            case .choice(let choices):
                result += keywords(choices)
            case .queue:
                result += queueNames(partial).map { Candidate(word: $0) }
            case .jobID:
                result += jobIDs(partial).map { Candidate(word: $0) }
            default:
                break
            }
        }
        var seen = Set<String>()
        return result.filter { seen.insert($0.word).inserted }
    }

    /// The entries of `list` that start with `partial` (ignoring case), in
    /// the case of what was typed.
    func keywords(_ list: [String], partial: String, lowerCase: Bool) -> [String] {
        matching(list, partial: partial, lowerCase: lowerCase).map(\.cased)
    }

    private func matching(_ list: [String], partial: String, lowerCase: Bool) -> [(keyword: String, cased: String)] {
        let prefix = partial.uppercased()
        return list.filter { $0.uppercased().hasPrefix(prefix) }.map { keyword in
            switch casing {
            case .wholeWord:
                return (keyword, lowerCase ? keyword.lowercased() : keyword.uppercased())
            case .keepingTypedPrefix:
                let rest = keyword.dropFirst(partial.count)
                return (keyword, partial + (lowerCase ? rest.lowercased() : rest.uppercased()))
            }
        }
    }

    /// Case follows what was typed: the word itself, or else the command name.
    static func typedInLowerCase(words: [String], partial: String) -> Bool {
        isLowerCase(partial.isEmpty ? (words.first ?? partial) : partial)
    }

    /// True when `word` has letters and all of them are lower case.
    static func isLowerCase(_ word: String) -> Bool {
        word.contains { $0.isLetter } && !word.contains { $0.isUppercase }
    }

    /// A command's summary; a container's lists its subcommands.
    private static func commandDescription(_ name: String) -> String {
        if let (descriptor, _) = CommandTable.lookup([name]), descriptor.subcommand == nil {
            return descriptor.summary
        }
        let subcommands = CommandTable.subcommands(of: name).compactMap(\.subcommand)
        return "Subcommands: " + subcommands.joined(separator: ", ")
    }
}
