import Disque
import Foundation
import Testing
@testable import DisqueCLI

/// The pieces behind the generators: roff escaping, reading the flags from
/// swift-argument-parser's tool description, and shell-word unquoting.
@Suite("Generator internals")
struct GenerateUnitTests {
    @Test("Roff escaping: requests, backslashes, hyphens, fonts")
    func roffEscaping() {
        var page = Roff()
        page.text(".TH not a request\n'neither\nback\\slash and -dash")
        #expect(page.source == "\\&.TH not a request\n\\&'neither\nback\\eslash and \\-dash\n")
        #expect(Roff.markup("use **-p** __port__ now") == "use \\fB\\%\\-p\\fR \\fI\\%port\\fR now")
        #expect(Roff.markup("a ** lone marker") == "a ** lone marker")
        #expect(Roff.escape("≥ 1 — ok ✓") == "\\(>= 1 \\(em ok \\[u2713]")
        var macro = Roff()
        macro.macro("SS", "Say \"hi\"")
        #expect(macro.source == ".SS \"Say \\(dqhi\\(dq\"\n")
    }

    @Test("Syntax lines: literals bold, values italic")
    func styledSyntax() {
        #expect(ManPage.styledSyntax("QLEN <queue>") == "\\%\\fBQLEN\\fR \\%\\fIqueue\\fR")
        // `\%` opens each word, before the bracket: inside it would allow a break.
        #expect(ManPage.styledSyntax("[REPLY all|id]")
                == "\\%[\\fBREPLY\\fR \\%\\fBall\\fR|\\fBid\\fR]")
    }

    @Test("The flags come from the root command's declarations")
    func optionsFromToolInfo() throws {
        let json = DisqueCLICommand._dumpHelp()
        let options = try CommandLineOption.options(fromToolInfo: json)
        let byName = Dictionary(options.flatMap { option in option.names.map { ($0, option) } },
                                uniquingKeysWith: { first, _ in first })
        #expect(byName["-p"]?.takesValue == true)
        // -p may be given once (a list, so that twice can be refused): its default is in the help.
        #expect(byName["-p"]?.help.contains(String(try DisqueCLICommand.parse(["PING"]).options.port)) == true)
        #expect(byName["--echo"]?.takesValue == false)
        #expect(byName["--connect-timeout"]?.takesValue == true)
        #expect(byName["--json"] != nil && byName["--help"] != nil)
        // Every option listed is real: the parser accepts it.
        for option in options where option.names != ["--help"] {
            var arguments = [option.names[0]]
            let sample = ["--generate-completion": "bash", "-u": "disque://127.0.0.1:7711", "--on-failure": "ack",
                          "--sort": "name", "--jobs": "count", "--state": "queued"]
            if option.takesValue { arguments.append(sample[option.names[0]] ?? "1") }
            let parses = (try? DisqueCLICommand.parseAsRoot(arguments + ["PING"])) != nil
                || (try? DisqueCLICommand.parseAsRoot(arguments)) != nil
            #expect(parses, "the parser rejects \(arguments)")
        }
    }

    @Test("Option values: word lists and files, as the declarations say")
    func optionValues() throws {
        let json = #"""
            {"command": {"commandName": "x", "arguments": [
              {"kind": "option", "shouldDisplay": true, "names": [{"kind": "long", "name": "shell"}],
               "valueName": "shell", "completionKind": {"list": {"values": ["bash", "zsh"]}}},
              {"kind": "option", "shouldDisplay": true, "names": [{"kind": "short", "name": "s"}],
               "valueName": "socket", "completionKind": {"file": {"extensions": []}}},
              {"kind": "flag", "shouldDisplay": false, "names": [{"kind": "long", "name": "hidden"}]},
              {"kind": "positional", "shouldDisplay": true, "valueName": "command"}]}}
            """#
        let options = try CommandLineOption.options(fromToolInfo: json)
        #expect(options.map(\.names) == [["--shell"], ["-s"]])
        let folder = NSTemporaryDirectory() + "disque-files-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: folder + "/node.sock", contents: nil)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let completer = CompletionCandidates(options: options, queueNames: { _ in [] }, jobIDs: { _ in [] })
        func words(_ typed: [String], _ current: String) -> [String] {
            completer.candidates(typed: ["disque-cli"] + typed, current: current).map(\.word)
        }
        #expect(words(["--shell"], "") == ["bash", "zsh"])
        #expect(words(["--shell=zsh", "-s"], folder + "/") == [folder + "/node.sock", folder + "/sub/"])
        #expect(words(["-s"], folder + "/n") == [folder + "/node.sock"])
        #expect(words([], "-") == ["--shell", "-s"])
        #expect(words([], "--shell=z") == ["--shell=zsh"])
    }

    @Test("Tool-info JSON: escapes, nesting, malformed input")
    func toolInfoJSON() throws {
        let value = try ToolInfoJSON.parse(#"{"a": [1, true, null, "x\ny\u00e9\ud83d\ude00"], "b": {}}"#)
        #expect(value["a"]?.array?.count == 4)
        #expect(value["a"]?.array?[3].string == "x\nyé😀")
        #expect(value["b"]?.keys == [])
        #expect(throws: ToolInfoJSON.Malformed.self) { try ToolInfoJSON.parse(#"{"a": [1, }"#) }
        #expect(throws: ToolInfoJSON.Malformed.self) { try ToolInfoJSON.parse(#"{"a": "open"#) }
        #expect(throws: ToolInfoJSON.Malformed.self) { try ToolInfoJSON.parse("[1] 2") }
    }

    @Test("Shell words lose their quoting")
    func unquoting() {
        #expect(ShellCompletion.unquoted(#""my queue""#) == "my queue")
        #expect(ShellCompletion.unquoted(#"'it''s'"#) == "its")
        #expect(ShellCompletion.unquoted(#"a\ b"#) == "a b")
        #expect(ShellCompletion.unquoted(#""a\"b\n""#) == #"a"b\n"#)
        #expect(ShellCompletion.unquoted(#""open"#) == "open")
    }

    @Test("Candidates without a server: options, values, case")
    func candidatesOffline() {
        let completer = CompletionCandidates(options: CommandLineOption.all,
                                             queueNames: { _ in ["alpha", "beta"] }, jobIDs: { _ in [] })
        func words(_ typed: [String], _ current: String) -> [String] {
            completer.candidates(typed: ["disque-cli"] + typed, current: current).map(\.word)
        }
        #expect(words(["-p", "7711", "-h"], "") == [])
        #expect(words(["-r", "-1", "qlen"], "") == ["alpha", "beta"])
        #expect(words(["--", "qlen"], "b") == ["beta"])
        #expect(words(["Getjob"], "noh") == ["nohang"])
        #expect(words(["getjob"], "NoH") == ["NoHANG"])
        #expect(words(["nosuchcommand"], "") == [])
    }
}
