import Disque

/// What the completion scripts offer for one word: options first, then —
/// after them — command names, subcommands, option keywords and fixed values
/// from the command table, and queue names and job IDs from the server.
struct CompletionCandidates {
    typealias Candidate = CommandCompletion.Candidate

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
        if commandWords.isEmpty {
            if current.hasPrefix("--"), let equals = current.firstIndex(of: "="),
               let option = options.first(where: { $0.takesValue && $0.names.contains(String(current[..<equals])) }) {
                let head = String(current[...equals])
                return values(of: option, current: String(current[current.index(after: equals)...]))
                    .map { Candidate(word: head + $0.word) }
            }
            if current.hasPrefix("-") { return optionNames(current: current, used: flagWords) }
        }
        let completion = CommandCompletion(
            casing: .keepingTypedPrefix,
            queueNames: { partial in queueNames(flagWords).filter { $0.hasPrefix(partial) }.sorted() },
            jobIDs: { partial in jobIDs(flagWords).filter { $0.hasPrefix(partial) } })
        return completion.candidates(after: commandWords, partial: current)
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
}
