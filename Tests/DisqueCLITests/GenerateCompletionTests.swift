import DisqueTestSupport
import Disque
import Foundation
import Testing

/// The committed completion scripts, loaded into the real bash, zsh and fish,
/// completing partial command lines against a MiniDisque node.
@Suite("Shell completion scripts in bash, zsh and fish")
struct GenerateCompletionTests {
    /// A node with two queues, one of them with a colon in its name (bash
    /// splits words at colons), and a port where nothing listens.
    final class Fixture {
        let node: TestNode
        let closedPort: Int
        init() throws {
            node = try TestNode()
            _ = try node.send(["ADDJOB", "emails", "hello", "0"])
            _ = try node.send(["ADDJOB", "jobs:high", "urgent", "0"])
            closedPort = try LoopbackPorts.free()
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: folder + "/node.sock", contents: Data())
        }
        // No clean-up in deinit: ARC may release the fixture before the shell
        // runs. The folder is one empty file under the temporary directory.
        var p: String { "-p \(node.port)" }
        /// A folder with one file, for the path completion of -s.
        let folder = NSTemporaryDirectory() + "dq-complete-\(getpid())"
    }

    /// The lines every shell is asked about, and what must (not) be offered.
    struct Expectation: Sendable {
        var line: String
        var includes: [String] = []
        var excludes: [String] = []
        var exactly: [String]?
    }

    static func expectations(_ f: Fixture) -> [Expectation] {
        [
            Expectation(line: "disque-cli -p 7711 add", exactly: ["addjob"]),
            Expectation(line: "disque-cli AC", exactly: ["ACKJOB"]),
            Expectation(line: "disque-cli addjob q body 0 RE", exactly: ["REPLICATE", "RETRY"]),
            Expectation(line: "disque-cli addjob q body 0 retry 5 re", exactly: ["replicate"]),
            Expectation(line: "disque-cli jscan STATE ", exactly: ["wait-repl", "active", "queued", "acked"]),
            Expectation(line: "disque-cli cluster ", includes: ["meet", "nodes", "info", "forget"],
                        excludes: ["MEET", "addjob"]),
            Expectation(line: "disque-cli --e", exactly: ["--echo", "--embedded"]),
            Expectation(line: "disque-cli --echo --e", exactly: ["--embedded"]),
            Expectation(line: "disque-cli \(f.p) qlen ", exactly: ["emails", "jobs:high"]),
            Expectation(line: "disque-cli \(f.p) getjob from e", exactly: ["emails"]),
            Expectation(line: "disque-cli \(f.p) getjob nohang ", includes: ["timeout", "count", "from"],
                        excludes: ["nohang", "emails"]),
            Expectation(line: "disque-cli -p \(f.closedPort) qlen ", exactly: []),
            Expectation(line: "disque-cli --generate-completion ", exactly: ["bash", "zsh", "fish"]),
            Expectation(line: "disque-cli -s \(f.folder)/no", includes: ["\(f.folder)/node.sock"]),
        ]
    }

    static func check(_ answers: [String: [String]], _ expectations: [Expectation], shell: String,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        for expectation in expectations {
            guard let offered = answers[expectation.line] else {
                Issue.record("\(shell): no answer for '\(expectation.line)'", sourceLocation: sourceLocation)
                continue
            }
            if let exactly = expectation.exactly {
                #expect(offered.sorted() == exactly.sorted(), "\(shell): '\(expectation.line)'",
                        sourceLocation: sourceLocation)
            }
            for word in expectation.includes {
                #expect(offered.contains(word), "\(shell): '\(expectation.line)' lacks \(word): \(offered)",
                        sourceLocation: sourceLocation)
            }
            for word in expectation.excludes {
                #expect(!offered.contains(word), "\(shell): '\(expectation.line)' offers \(word): \(offered)",
                        sourceLocation: sourceLocation)
            }
        }
    }

    @Test("bash: COMPREPLY for partial command lines")
    func bash() throws {
        let fixture = try Fixture()
        var expectations = Self.expectations(fixture)
        // Bash replaces only the part after the colon, so that is what it is offered.
        expectations.append(Expectation(line: "disque-cli \(fixture.p) qlen jobs:", exactly: [":high"]))
        expectations.append(Expectation(line: "disque-cli \(fixture.p) qlen jobs:h", exactly: ["high"]))
        let answers = try CompletionHarness.bash(expectations.map(\.line))
        Self.check(answers, expectations, shell: "bash")
    }

    @Test("zsh: matches added by the completion system")
    func zsh() throws {
        let fixture = try Fixture()
        var expectations = Self.expectations(fixture)
        expectations.append(Expectation(line: "disque-cli \(fixture.p) qlen jobs:", exactly: ["jobs:high"]))
        let answers = try CompletionHarness.zsh(expectations.map(\.line))
        Self.check(answers, expectations, shell: "zsh")
    }

    @Test("fish: complete -C")
    func fish() throws {
        let fixture = try Fixture()
        var expectations = Self.expectations(fixture)
        expectations.append(Expectation(line: "disque-cli \(fixture.p) qlen jobs:", exactly: ["jobs:high"]))
        let answers = try CompletionHarness.fish(expectations.map(\.line))
        Self.check(answers, expectations, shell: "fish")
    }

    @Test("Queue names from a node with a password, given with -a")
    func password() throws {
        let node = try TestNode(password: "s3cret")
        _ = try node.send(["ADDJOB", "guarded", "x", "0"])
        let withPassword = "disque-cli -p \(node.port) -a s3cret qlen "
        let without = "disque-cli -p \(node.port) qlen "
        let answers = try CompletionHarness.bash([withPassword, without])
        #expect(answers[withPassword] == ["guarded"])
        #expect(answers[without] == [])
    }

    @Test("Completion stays quick and silent when no node answers")
    func silentWithoutServer() throws {
        let port = try LoopbackPorts.free()
        let start = ContinuousClock.now
        let result = try CLIProcess.run(
            ["---completion", "--", "positional@0", "4", "0", "disque-cli", "-p", "\(port)", "qlen", ""],
            environment: ["SAP_SHELL": "bash"])
        #expect(result.status == 0, "\(result)")
        // No candidate (the parser ends its answer with a newline), no complaint.
        #expect(result.out.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(result)")
        #expect(result.err.isEmpty, "\(result)")
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test("Descriptions go to zsh and fish, not to bash")
    func descriptions() throws {
        let words = ["---completion", "--", "positional@0", "1", "3", "disque-cli", "add"]
        let fish = try CLIProcess.run(words, environment: ["SAP_SHELL": "fish"])
        let summary = try #require(CommandTable.lookup(["ADDJOB"])).descriptor.summary
        #expect(fish.lines == ["addjob\t" + summary], "\(fish)")
        let bash = try CLIProcess.run(words, environment: ["SAP_SHELL": "bash"])
        #expect(bash.lines == ["addjob"], "\(bash)")
    }
}
