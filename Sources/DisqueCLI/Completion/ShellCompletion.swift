import ArgumentParser
import Disque

/// Shell completion: the scripts for bash, zsh and fish, and the callback
/// they run.
///
/// The scripts are thin: on TAB they call `disque-cli` back through
/// swift-argument-parser's custom-completion entry point,
/// `disque-cli ---completion -- positional@0 <index> <cursor> <word>...`
/// (the root command's command words are declared
/// `completion: .custom(ShellCompletion.complete)`), and offer what it prints,
/// one candidate a line, `candidate<TAB>description` for zsh and fish. All the
/// knowledge — flags, the command table, the server's queues — stays in Swift.
///
/// swift-argument-parser 1.8.2 can write the scripts itself, but not usably
/// here: its zsh script declares the root's repeated positional next to the
/// implicit `help` subcommand and zsh rejects it ("doubled rest argument
/// definition"), and its fish script asks `commandline -tC` for the cursor,
/// which fish 3 (Debian's) refuses. So the scripts are ours; the callback is
/// the parser's.
public enum ShellCompletion {
    public struct UnsupportedShell: Error, CustomStringConvertible {
        public var shell: String
        public var description: String { "no completion script for '\(shell)': choose bash, zsh or fish" }
    }

    /// The completion script for `shell` ("bash", "zsh" or "fish").
    public static func script(for shell: String) throws(UnsupportedShell) -> String {
        switch shell {
        case "bash": return bashScript
        case "zsh": return zshScript
        case "fish": return fishScript
        default: throw UnsupportedShell(shell: shell)
        }
    }

    /// Candidates for the word being completed, as the scripts ask for them:
    /// `words` are the shell words up to the cursor, `words[0]` the program
    /// and `words[index]` the word being completed; `prefix` is that word up
    /// to the cursor. Words may still carry the shell's quotes.
    ///
    /// For zsh and fish (`CompletionShell.requesting`) a candidate may carry
    /// its description after a tab.
    public static func complete(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        guard index >= 1 else { return [] }
        let typed = words.prefix(min(index, words.count)).map(unquoted)
        let completer = CompletionCandidates(
            options: CommandLineOption.all,
            queueNames: { queueNames(flags: $0) },
            jobIDs: { jobIDs(flags: $0) })
        let candidates = completer.candidates(typed: typed, current: unquoted(prefix))
        let describe = CompletionShell.requesting == .zsh || CompletionShell.requesting == .fish
        return candidates.map { candidate in
            guard describe, let description = candidate.description, !description.isEmpty else {
                return candidate.word
            }
            return candidate.word + "\t" + description.replacing("\t", with: " ").replacing("\n", with: " ")
        }
    }

    /// A shell word with its quoting removed: 'single', "double" (where a
    /// backslash escapes only " \ $ and `) and backslash escapes outside
    /// quotes. An unterminated quote just ends with the word.
    static func unquoted(_ word: String) -> String {
        var out = ""
        var quote: Character?
        var escaped = false
        for character in word {
            if escaped {
                if quote == "\"", !"\"\\$`".contains(character) { out.append("\\") }
                out.append(character)
                escaped = false
            } else if character == "\\", quote != "'" {
                escaped = true
            } else if let open = quote, character == open {
                quote = nil
            } else if quote == nil, character == "'" || character == "\"" {
                quote = character
            } else {
                out.append(character)
            }
        }
        if escaped { out.append("\\") }
        return out
    }

    // MARK: - Asking the server

    /// Where the typed flags point, parsed by the root command itself so that
    /// -h, -p, -s, -a and DISQUE_AUTH mean exactly what they mean when running.
    /// Nil for `--embedded` (no node to ask) or flags that do not parse.
    static func connectionOptions(flags: [String]) -> DisqueConnectionOptions? {
        let flags = flags.filter { $0 != "--" }
        guard let command = (try? DisqueCLICommand.parse(flags + ["PING"])) ?? (try? DisqueCLICommand.parse(flags)),
              !command.embedded else { return nil }
        return command.connectionOptions().forCompletionLookup()
    }

    /// Queue names (QSCAN), on a short leash: empty when no node answers.
    static func queueNames(flags: [String]) -> [String] {
        guard let options = connectionOptions(flags: flags) else { return [] }
        return QueueNameCache().names(using: options)
    }

    /// Up to a page of job IDs (JSCAN): empty when no node answers.
    static func jobIDs(flags: [String]) -> [String] {
        guard let options = connectionOptions(flags: flags),
              let connection = try? DisqueConnection(options: options) else { return [] }
        defer { connection.close() }
        guard let page = try? connection.jscan(count: 200) else { return [] }
        return page.items.map(\.rawValue)
    }
}
