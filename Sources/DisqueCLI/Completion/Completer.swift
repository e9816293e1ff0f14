import Disque

/// TAB completion and the dimmed syntax hint, both read from the command
/// table: what may come next after the words typed so far.
struct Completer {
    /// Queue names known to the server (may be cached; never blocks long).
    var queueNames: () -> [String]
    /// Job IDs seen in recent replies, most recent first.
    var jobIDs: () -> [String]
    /// `host:port` of the cluster's nodes, from HELLO, for `connect`.
    var nodeAddresses: () -> [String] = { [] }

    init(queueNames: @escaping () -> [String], nodeAddresses: @escaping () -> [String] = { [] },
         jobIDs: @escaping () -> [String]) {
        self.queueNames = queueNames
        self.nodeAddresses = nodeAddresses
        self.jobIDs = jobIDs
    }

    /// Words the shell understands itself, completed like commands. None is a
    /// Disque command (Disque has HELLO and CLUSTER NODES, but no NODES or QUEUE).
    static let builtins = ["help", "quit", "exit", "clear", "connect", "nodes", "queue"]

    /// Completion for `text` (everything before the cursor).
    func complete(_ text: String) -> LineEditor.Completion {
        guard let parsed = Self.parse(text) else { return .init(replacing: 0, candidates: []) }
        let partial = parsed.partial
        let candidates = candidates(typed: parsed.words, partial: partial)
        return .init(replacing: partial.unicodeScalars.count, candidates: candidates)
    }

    /// The rest of the syntax to type after `line` ("" for none): shown once a
    /// command name and a blank are typed, shrinking as arguments are typed.
    /// A word being typed counts as typed, so the hint reads on from the cursor.
    func hint(_ line: String) -> String {
        guard var words = ArgumentSplitter.splitText(line) else { return "" }
        let endsInBlank = line.last.map { $0 == " " || $0 == "\t" } ?? false
        if let first = words.first, words.count > 1, Int(first) != nil { words.removeFirst() }
        guard let name = words.first, words.count > 1 || endsInBlank else { return "" }
        if name.lowercased() == "help" {
            return words.count == 1 ? "[@<group> | <command>]" : ""
        }
        if name.lowercased() == "connect" {
            return ["<host> <port>", "<port>", ""][min(words.count - 1, 2)]
        }
        if name.lowercased() == "queue" {
            return words.count == 1 ? "<name>" : ""
        }
        if let (descriptor, nameWords) = CommandTable.lookup(words) {
            if nameWords == words.count, !endsInBlank { return "" }
            return descriptor.hint(after: Array(words.dropFirst(nameWords)))
        }
        let subcommands = CommandTable.subcommands(of: name)
        if !subcommands.isEmpty, words.count == 1 {
            return subcommands.compactMap(\.subcommand).joined(separator: "|")
        }
        return ""
    }

    /// Candidates for the word `partial` after the complete words `typed`:
    /// the shared command-table walk, plus the shell's own words (`help`'s
    /// arguments, the builtins) and queue names quoted for the shell to read.
    private func candidates(typed: [String], partial: String) -> [String] {
        var words = typed
        if let first = words.first, Int(first) != nil { words.removeFirst() }
        let completion = CommandCompletion(
            casing: .wholeWord,
            queueNames: { partial in
                queueNames().filter { $0.hasPrefix(partial) }.sorted().map(Self.quotedIfNeeded)
            },
            jobIDs: { partial in
                jobIDs().filter { $0.uppercased().hasPrefix(partial.uppercased()) }
            })
        let lowerCase = CommandCompletion.typedInLowerCase(words: words, partial: partial)
        guard let name = words.first else {
            let commands = completion.candidates(after: [], partial: partial).map(\.word)
            let builtins = completion.keywords(Self.builtins, partial: partial, lowerCase: lowerCase)
            return Self.unique(commands + builtins).sorted()
        }
        if name.lowercased() == "help" {
            guard words.count == 1 else { return [] }
            let groups = CommandGroup.allCases.map { "@" + $0.rawValue }
            let names = completion.keywords(CommandTable.commandNames.sorted(), partial: partial, lowerCase: lowerCase)
            return groups.filter { $0.hasPrefix(partial.lowercased()) } + names
        }
        if name.lowercased() == "connect" { return connectCandidates(words, partial: partial) }
        if name.lowercased() == "queue" {
            guard words.count == 1 else { return [] }
            return queueNames().filter { $0.hasPrefix(partial) }.sorted().map(Self.quotedIfNeeded)
        }
        return completion.candidates(after: words, partial: partial).map(\.word)
    }

    /// `connect <TAB>`: the nodes' `host:port` from HELLO; `connect host <TAB>`:
    /// the ports of the nodes on that host.
    private func connectCandidates(_ words: [String], partial: String) -> [String] {
        let addresses = nodeAddresses()
        switch words.count {
        case 1:
            return addresses.filter { $0.hasPrefix(partial) }
        case 2:
            let host = words[1]
            return addresses.compactMap { address -> String? in
                guard let endpoint = try? NodeAddressList.parseEntry(address, defaultPort: DisqueDefaults.port, source: "connect"),
                      case .tcp(let nodeHost, let port) = endpoint,
                      nodeHost == host || "[\(nodeHost)]" == host else { return nil }
                return "\(port)"
            }.filter { $0.hasPrefix(partial) }
        default:
            return []
        }
    }

    /// The complete words before the cursor and the word being typed, or nil
    /// when the cursor is inside an open quote (nothing sensible to complete).
    static func parse(_ text: String) -> (words: [String], partial: String)? {
        guard let words = ArgumentSplitter.splitText(text) else { return nil }
        let endsInBlank = text.isEmpty || text.last == " " || text.last == "\t"
        if endsInBlank { return (words, "") }
        guard let partial = words.last else { return (words, "") }
        // A quoted word being typed: its text on screen is not its value.
        let lastToken = text.split(separator: " ", omittingEmptySubsequences: true).last.map(String.init) ?? ""
        guard lastToken == partial else { return nil }
        return (Array(words.dropLast()), partial)
    }

    /// `name` as the shell must read it back: quoted when it holds blanks,
    /// quotes or bytes that are not plain.
    static func quotedIfNeeded(_ name: String) -> String {
        ByteEscaping.isPlainWord(Array(name.utf8)) ? name : ByteEscaping.quoted(Array(name.utf8))
    }

    private static func unique(_ list: [String]) -> [String] {
        var seen = Set<String>()
        return list.filter { seen.insert($0).inserted }
    }
}
