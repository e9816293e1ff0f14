import DisqueTestSupport
import Disque
import Foundation
import Testing

/// The committed man page and completion scripts are exactly what the built
/// `disque-cli` generates, and the man page is well-formed roff.
@Suite("Generated man page and completion scripts")
struct GenerateFilesTests {
    static let generated: [(arguments: [String], file: String)] = [
        (["--generate-manpage"], "man/disque-cli.1"),
        (["--generate-completion", "bash"], CompletionHarness.bashScript),
        (["--generate-completion", "zsh"], CompletionHarness.zshScript),
        (["--generate-completion", "fish"], CompletionHarness.fishScript),
    ]

    @Test("Committed files match what disque-cli generates", arguments: 0..<4)
    func committedFilesAreCurrent(_ index: Int) throws {
        let (arguments, file) = Self.generated[index]
        let result = try CLIProcess.run(arguments)
        #expect(result.status == 0, "\(result)")
        #expect(!result.out.isEmpty)
        let committed = try String(contentsOfFile: CompletionHarness.path(file), encoding: .utf8)
        #expect(result.out == committed, """
            \(file) is out of date; regenerate it with:
              disque-cli \(arguments.joined(separator: " ")) > \(file)
            """)
    }

    @Test("An unknown shell is a usage error")
    func unknownShell() throws {
        let result = try CLIProcess.run(["--generate-completion", "tcsh"])
        #expect(result.status == 2, "\(result)")
        #expect(result.out.isEmpty)
        #expect(result.err.contains("bash"), "\(result)")
    }

    @Test("groff -man -ww finds nothing to warn about")
    func groffIsSilent() throws {
        let result = try CLIProcess.run(["-man", "-ww", "-z", CompletionHarness.path("man/disque-cli.1")],
                                        executable: "/usr/bin/groff")
        #expect(result.status == 0, "\(result)")
        #expect(result.err.isEmpty, "\(result.err)")
    }

    @Test("man -l renders every section")
    func manRenders() throws {
        let result = try CLIProcess.run(["-l", CompletionHarness.path("man/disque-cli.1")],
                                        executable: "/usr/bin/man",
                                        environment: ["MANPAGER": "cat", "PAGER": "cat", "MANWIDTH": "80",
                                                      "LC_ALL": "C.UTF-8", "MAN_KEEP_FORMATTING": nil])
        #expect(result.status == 0, "\(result)")
        #expect(result.err.isEmpty, "\(result.err)")
        let text = Self.plain(result.out)
        for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS", "INTERACTIVE USE",
                        "ENVIRONMENT", "FILES", "EXIT STATUS", "EXAMPLES", "SEE ALSO"] {
            #expect(text.contains("\n" + section + "\n"), "no \(section) section")
        }
        for variable in ["DISQUE_AUTH", "DISQUECLI_HISTFILE", "NO_COLOR", "TERM"] {
            #expect(text.contains(variable))
        }
        // No syntax word is hyphenated at 80 columns ("[‐" then "IMPORTRATE" on the next line).
        for line in text.split(separator: "\n") {
            #expect(!line.hasSuffix("[\u{2010}") && !line.hasSuffix("[-"), "hyphenated: \(line)")
        }
    }

    /// Every command of the table, with its syntax and summary, and every
    /// option `--help` lists, are in the page (rendered wide and without
    /// hyphenation, so each reads on one line).
    @Test("The page lists every command and every option")
    func pageIsComplete() throws {
        let rendered = try CLIProcess.run(
            ["-man", "-Tascii", "-rLL=300n", "-rHY=0", "-P-cbou", CompletionHarness.path("man/disque-cli.1")],
            executable: "/usr/bin/groff")
        #expect(rendered.status == 0, "\(rendered)")
        let text = Self.plain(rendered.out)
            .split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
            .joined(separator: "\n")
        let commands = try #require(text.range(of: "\nCOMMANDS\n")).upperBound
        let commandSection = String(text[commands...])
        for descriptor in CommandTable.all {
            let syntax = descriptor.syntax.filter { $0 != "<" && $0 != ">" }
            #expect(commandSection.contains(syntax), "no syntax line \(syntax)")
            #expect(commandSection.contains(descriptor.summary), "no summary for \(descriptor.fullName)")
        }
        let help = try CLIProcess.run(["--help"])
        #expect(help.status == 0)
        let options = try #require(text.range(of: "\nOPTIONS\n")).upperBound
        let optionSection = String(text[options..<commands])
        let flags = Set(help.out.split(whereSeparator: { " ,\n[]()".contains($0) })
            .filter { $0.hasPrefix("-") && $0.count > 1 && $0.dropFirst().allSatisfy { $0.isLetter || $0 == "-" } })
        #expect(flags.count >= 15, "parsed too few flags from --help: \(flags)")
        for flag in flags {
            #expect(optionSection.contains(String(flag)), "--help lists \(flag), the man page does not")
        }
    }

    /// Strips backspace overstriking and ANSI escapes.
    static func plain(_ text: String) -> String {
        var out: [Character] = []
        var iterator = text.makeIterator()
        while let character = iterator.next() {
            if character == "\u{8}" {
                if !out.isEmpty { out.removeLast() }
            } else if character == "\u{1B}" {
                while let next = iterator.next(), !next.isLetter {}
            } else {
                out.append(character)
            }
        }
        return String(out)
    }
}
