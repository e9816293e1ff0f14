import Disque
import DisqueTestSupport
import Foundation
import Testing

/// --version, one-shot help, --latency and the -r separator: the real binary.
@Suite("Operations: --version, help, --latency")
struct OperationsTests {
    @Test("--version prints the version and touches no node")
    func version() throws {
        let deadPort = try LoopbackPorts.free()
        let result = try CLIProcess.run(["-p", "\(deadPort)", "--version"])
        #expect(result.status == 0, "\(result)")
        #expect(result.out.range(of: #"^disque-cli \d+\.\d+\.\d+ \(Disque 1\.0-rc1\)\n$"#, options: .regularExpression) != nil,
                "\(result)")
    }

    @Test("one-shot help is answered from the command table, like the shell's, with no node")
    func oneShotHelp() throws {
        let deadPort = try LoopbackPorts.free()
        let addjob = try CLIProcess.run(["-p", "\(deadPort)", "help", "addjob"])
        #expect(addjob.status == 0, "\(addjob)")
        #expect(addjob.out.contains("ADDJOB <queue> <job> <ms-timeout>") && addjob.out.contains("group: jobs"), "\(addjob)")
        #expect(addjob.err == "", "\(addjob)")
        let group = try CLIProcess.run(["-p", "\(deadPort)", "HELP", "@queues"])
        #expect(group.status == 0 && group.out.contains("QLEN <queue>") && !group.out.contains("ADDJOB"), "\(group)")
        let cluster = try CLIProcess.run(["-p", "\(deadPort)", "help", "cluster", "nodes"])
        #expect(cluster.status == 0 && cluster.out.contains("CLUSTER NODES"), "\(cluster)")
        let overview = try CLIProcess.run(["-p", "\(deadPort)", "help"])
        #expect(overview.status == 0 && overview.out.contains("help @jobs") && overview.out.contains("--work"), "\(overview)")
        // The shell's own words are not offered off the shell.
        #expect(!overview.out.contains("Ctrl-R"), "\(overview)")
        let unknown = try CLIProcess.run(["-p", "\(deadPort)", "help", "nosuch"])
        #expect(unknown.status == 2 && unknown.out.contains("No help for \"nosuch\""), "\(unknown)")
    }

    @Test("the operation modes are flags: no Disque command is shadowed, and help is not one")
    func nothingShadowed() {
        #expect(CommandTable.lookup(["help"]) == nil)
        for word in ["work", "top", "jobs", "import", "export", "latency", "version"] {
            #expect(CommandTable.lookup([word]) == nil, "\(word) is a Disque command now")
        }
    }

    @Test("--latency off a terminal: one line in redis-cli's shape; --raw, --json; history ranges")
    func latencyLines() throws {
        let node = try TestNode()
        let text = try node.cli(["--no-raw", "--latency", "-r", "15"])
        #expect(text.status == 0, "\(text)")
        #expect(text.out.range(of: #"^min: \d+, max: \d+, avg: \d+\.\d\d \(15 samples\)\n$"#, options: .regularExpression)
                != nil, "\(text)")
        let raw = try node.cli(["--latency", "-i", "0.2"])
        let fields = raw.out.split(separator: " ")
        #expect(raw.status == 0 && raw.lines.count == 1 && fields.count == 4, "\(raw)")
        #expect((Int(fields.last?.trimmingCharacters(in: .newlines) ?? "") ?? 0) >= 5, "\(raw)")
        let json = try node.cli(["--json", "--latency", "-r", "3"])
        #expect(json.out.range(of: #"^\{"min":\d+,"max":\d+,"avg":\d+\.\d\d,"count":3\}\n$"#, options: .regularExpression)
                != nil, "\(json)")
        let history = try node.cli(["--no-raw", "--latency-history", "-i", "0.15", "-r", "40"])
        #expect(history.status == 0 && history.lines.count >= 2, "\(history)")
        for line in history.lines {
            #expect(line.range(of: #"^min: \d+, max: \d+, avg: \d+\.\d\d \(\d+ samples\) -- \d+\.\d\d seconds range$"#,
                               options: .regularExpression) != nil, "\(line)")
        }
    }

    @Test("--latency on a terminal redraws one line in place")
    func latencyInPlace() throws {
        let node = try TestNode()
        let terminal = try ShellTerminal(["-p", "\(node.port)", "--latency"])
        defer { terminal.stop() }
        let first = try terminal.waitFor("a latency line") { $0.contains("samples)") }
        let firstCount = Self.samples(in: first)
        try terminal.waitFor("more samples") { Self.samples(in: $0) > firstCount + 5 }
        let screen = try terminal.screen()
        #expect(try terminal.count(of: "min: ") == 1, "\(screen)")
    }

    static func samples(in screen: String) -> Int {
        guard let range = screen.range(of: #"\((\d+) samples\)"#, options: .regularExpression) else { return 0 }
        return Int(screen[range].dropFirst().prefix { $0.isNumber }) ?? 0
    }

    @Test("-r with -i in terminal style separates the blocks with a timestamp; raw output is unchanged")
    func repeatSeparator() throws {
        let node = try TestNode()
        let pretty = try node.cli(["--no-raw", "-r", "2", "-i", "0.05", "QLEN", "q"])
        #expect(pretty.lines.count == 4, "\(pretty)")
        #expect(pretty.lines[0].range(of: #"^--- \d{4}-\d\d-\d\d \d\d:\d\d:\d\d  #1 of 2 ---$"#, options: .regularExpression)
                != nil, "\(pretty)")
        #expect(pretty.lines[1] == "(integer) 0" && pretty.lines[2].hasSuffix("#2 of 2 ---"), "\(pretty)")
        #expect(try node.cli(["-r", "2", "-i", "0.05", "QLEN", "q"]).out == "0\n0\n")
    }

    @Test("mode flags refuse what does not go with them (exit 2, nothing sent)")
    func usageErrors() throws {
        let deadPort = try LoopbackPorts.free()
        for arguments in [["--top", "QLEN", "q"], ["--work", "q"], ["--jobs", "burn"], ["--latency", "--top"],
                          ["--work", "q", "-c", "0", "true"], ["--state", "bogus", "--jobs", "list"],
                          ["--on-failure", "maybe", "--work", "q", "true"]] {
            let result = try CLIProcess.run(["-p", "\(deadPort)"] + arguments)
            #expect(result.status == 2, "\(arguments): \(result)")
        }
    }
}
