import DisqueTestSupport
import Foundation
import RESP
import Testing

/// The interactive shell, driven as a person would: the real `disque-cli` in a
/// terminal (tmux), typing keys and reading the screen, against MiniDisque.
@Suite("Shell in a terminal")
struct ShellTests {
    /// Opens the shell on `node` and waits for its prompt.
    private func openShell(_ node: TestNode, environment: [String: String] = [:],
                           home: String? = nil) throws -> (ShellTerminal, String) {
        let terminal = try ShellTerminal(["-p", "\(node.port)"], environment: environment, home: home)
        let prompt = "127.0.0.1:\(node.port)> "
        try terminal.waitForLastLine(prompt)
        return (terminal, prompt)
    }

    @Test("TAB completes command and subcommand names in the case typed")
    func completesNames() throws {
        let node = try TestNode()
        let (terminal, prompt) = try openShell(node)
        try terminal.type("ADDJ")
        try terminal.press("Tab")
        try terminal.waitFor("ADDJOB completed") { $0.contains(prompt + "ADDJOB ") }
        try terminal.press("C-u")
        try terminal.type("cluster n")
        try terminal.press("Tab")
        try terminal.waitFor("CLUSTER NODES completed in lower case") { $0.contains(prompt + "cluster nodes ") }
        try terminal.press("Enter")
        try terminal.waitFor("CLUSTER NODES reply") { $0.contains("myself") }
    }

    @Test("TAB offers only the options that fit and are not used yet")
    func completesOptions() throws {
        let node = try TestNode()
        let (terminal, prompt) = try openShell(node)
        try terminal.type("ADDJOB q body 0 RE")
        try terminal.press("Tab")
        let listed = try terminal.waitFor("REPLICATE and RETRY listed") { screen in
            screen.split(separator: "\n").contains { $0.contains("REPLICATE") && $0.contains("RETRY") }
        }
        let listLine = listed.split(separator: "\n").first { $0.contains("REPLICATE") && $0.contains("RETRY") }
        #expect(listLine?.contains("DELAY") == false)
        try terminal.type("P")
        try terminal.press("Tab")
        try terminal.waitFor("REPLICATE completed") { $0.contains(prompt + "ADDJOB q body 0 REPLICATE ") }
        try terminal.type("2 RE")
        try terminal.press("Tab")
        // REPLICATE is used: RETRY is the only option left starting with RE.
        try terminal.waitFor("RETRY completed") { $0.contains(prompt + "ADDJOB q body 0 REPLICATE 2 RETRY ") }
        try terminal.press("C-u")
        try terminal.type("jscan state q")
        try terminal.press("Tab")
        try terminal.waitFor("JSCAN STATE value") { $0.contains(prompt + "jscan state queued ") }
    }

    @Test("TAB completes queue names from the server and job IDs from recent replies")
    func completesQueuesAndJobIDs() throws {
        let node = try TestNode()
        for queue in ["orders-eu", "orders-us", "payments"] {
            _ = try node.send(["ADDJOB", queue, "body", "0"])
        }
        let (terminal, prompt) = try openShell(node)
        try terminal.type("QLEN pay")
        try terminal.press("Tab")
        try terminal.waitFor("queue name completed") { $0.contains(prompt + "QLEN payments ") }
        try terminal.press("C-u")
        try terminal.type("qlen ord")
        try terminal.press("Tab")
        try terminal.waitFor("common prefix of two queues") { $0.contains(prompt + "qlen orders-") }
        try terminal.press("Tab")
        try terminal.waitFor("both queues listed") { screen in
            screen.split(separator: "\n").contains { $0.contains("orders-eu") && $0.contains("orders-us") }
        }
        try terminal.press("C-u")

        try terminal.enter("ADDJOB fresh hello 0")
        let afterAdd = try terminal.waitFor("job ID reply") { $0.contains("\nD-") }
        let id = try #require(afterAdd.firstMatch(of: /\n(D-[^\s]{38})/)?.1).description
        try terminal.waitForLastLine(prompt)
        try terminal.type("SHOW D-")
        try terminal.press("Tab")
        try terminal.waitFor("job ID completed") { $0.contains(prompt + "SHOW \(id) ") }
    }

    @Test("the hint shows the rest of the syntax, dimmed, shrinks as arguments are typed, and leaves no trace")
    func hint() throws {
        let node = try TestNode()
        let (terminal, prompt) = try openShell(node)
        try terminal.type("ADDJOB ")
        try terminal.waitFor("hint after ADDJOB") { $0.contains(prompt + "ADDJOB <queue> <job> <ms-timeout>") }
        let coloured = try terminal.screen(escapes: true)
        #expect(coloured.contains("\u{1B}[2m<queue> <job>"))
        try terminal.type("myqueue body")
        try terminal.waitFor("hint shrinks") { $0.contains(prompt + "ADDJOB myqueue body <ms-timeout> [REPLICATE <count>]") }
        #expect(try !terminal.screen().contains("<queue>"))
        try terminal.type(" 0")
        try terminal.press("Enter")
        try terminal.waitFor("job added") { $0.contains("\nD-") }
        // The accepted line keeps exactly what was typed: the hint was erased.
        let lines = try terminal.lines()
        #expect(lines.contains { ShellTerminal.trimmedRight($0) == prompt + "ADDJOB myqueue body 0" })
    }

    @Test("NO_COLOR: the hint stays dim (dim is not a colour), so it never looks typed")
    func hintWithoutColour() throws {
        let node = try TestNode()
        let (terminal, prompt) = try openShell(node, environment: ["NO_COLOR": "1"])
        try terminal.type("QLEN ")
        try terminal.waitFor("hint") { $0.contains(prompt + "QLEN <queue>") }
        #expect(try terminal.screen(escapes: true).contains("\u{1B}[2m<queue>"))
    }

    @Test("history: survives a restart, file mode 0600, never holds AUTH; Up and Ctrl-R recall it")
    func history() throws {
        let node = try TestNode()
        let (first, prompt) = try openShell(node)
        let file = first.home + "/.disquecli_history"
        try first.enter("QLEN remembered-queue")
        try first.waitFor("(integer) 0")
        try first.enter("AUTH sekret")
        try first.waitFor("(error)")
        try first.enter("quit")
        #expect(try first.waitForExit() == 0)

        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let saved = try String(contentsOfFile: file, encoding: .utf8)
        #expect(saved.contains("QLEN remembered-queue\n"))
        #expect(!saved.contains("sekret"))

        let second = try ShellTerminal(["-p", "\(node.port)"], home: first.home)
        try second.waitForLastLine(prompt)
        try second.press("C-r")
        try second.type("remembered")
        try second.waitFor("Ctrl-R finds the previous session's line") {
            $0.contains("QLEN remembered-queue") && $0.contains("remembered")
        }
        try second.press("Enter")
        try second.waitFor("the found line runs") { $0.contains("(integer) 0") }
        try second.waitForLastLine(prompt)
        try second.press("Up")
        try second.waitFor("Up recalls it") { $0.contains(prompt + "QLEN remembered-queue") }
        try second.press("C-u")
        try second.press("C-d")
        #expect(try second.waitForExit() == 0)
    }

    @Test("DISQUECLI_HISTFILE chooses the file; /dev/null keeps none")
    func historyFileOverride() throws {
        let node = try TestNode()
        let custom = NSTemporaryDirectory() + "disque-shell-hist-\(UUID().uuidString.prefix(8))"
        defer { unlink(custom) }
        let (terminal, _) = try openShell(node, environment: ["DISQUECLI_HISTFILE": custom])
        try terminal.enter("PING")
        try terminal.waitFor("PONG")
        try terminal.enter("exit")
        #expect(try terminal.waitForExit() == 0)
        #expect(try String(contentsOfFile: custom, encoding: .utf8) == "PING\nexit\n")
        #expect(!FileManager.default.fileExists(atPath: terminal.home + "/.disquecli_history"))

        let (off, _) = try openShell(node, environment: ["DISQUECLI_HISTFILE": "/dev/null"])
        try off.enter("PING")
        try off.waitFor("PONG")
        try off.enter("exit")
        #expect(try off.waitForExit() == 0)
        #expect(!FileManager.default.fileExists(atPath: off.home + "/.disquecli_history"))
    }

    @Test("Ctrl-C during a blocked GETJOB brings the prompt back; the abandoned GETJOB takes no job")
    func interruptBlockedCommand() throws {
        let node = try TestNode()
        let (terminal, prompt) = try openShell(node)
        try terminal.enter("GETJOB FROM idle")
        try terminal.waitFor("GETJOB typed") { $0.contains(prompt + "GETJOB FROM idle") }
        // It blocks: the node counts a blocked client, and no new prompt appears.
        try node.waitForBlockedClients(1)
        #expect(try terminal.count(of: prompt) == 1)
        try terminal.press("C-c")
        try terminal.waitFor("(interrupted)")
        try terminal.waitForLastLine(prompt)
        try terminal.enter("PING")
        try terminal.waitFor("PONG")
        #expect(try terminal.exitStatus() == nil)
        // The link that was waiting is gone: a job added now stays queued.
        _ = try node.send(["ADDJOB", "idle", "later", "0"])
        #expect(try node.send(["QLEN", "idle"]) == .integer(1))
    }

    @Test("Ctrl-C while editing abandons the line and sends nothing")
    func interruptEditing() throws {
        let node = try TestNode()
        let (terminal, prompt) = try openShell(node)
        try terminal.type("ADDJOB abandoned body 0")
        try terminal.press("C-c")
        try terminal.waitFor("^C shown") { $0.contains(prompt + "ADDJOB abandoned body 0^C") }
        try terminal.waitForLastLine(prompt)
        try terminal.enter("QLEN abandoned")
        try terminal.waitFor("(integer) 0")
        #expect(try node.send(["QLEN", "abandoned"]) == .integer(0))
    }

    @Test("a killed server gives `not connected>`; after a restart the next command is sent once")
    func serverRestart() throws {
        let server = try TestNode()
        let port = server.port
        let terminal = try ShellTerminal(["-p", "\(port)"])
        let prompt = "127.0.0.1:\(port)> "
        try terminal.waitForLastLine(prompt)
        try terminal.enter("PING")
        try terminal.waitFor("PONG")
        server.kill()

        try terminal.enter("PING")
        try terminal.waitForLastLine("not connected> ")
        try terminal.enter("QLEN q")
        try terminal.waitFor("still refused") { $0.components(separatedBy: "not connected> ").count >= 3 }

        try server.restart()
        try terminal.enter("ADDJOB once body 0")
        try terminal.waitFor("job added") { $0.contains("D-") }
        try terminal.waitForLastLine(prompt)
        #expect(try server.send(["QLEN", "once"]) == .integer(1))
    }

    @Test("help works without a connection; connect reaches a node")
    func helpWhileDisconnected() throws {
        let node = try TestNode()
        let deadPort = try LoopbackPorts.free()
        let terminal = try ShellTerminal(["-p", "\(deadPort)"])
        try terminal.waitForLastLine("not connected> ")
        try terminal.enter("help ADDJOB")
        try terminal.waitFor("ADDJOB help") { screen in
            screen.contains("ADDJOB <queue> <job> <ms-timeout>") && screen.contains("summary:")
                && screen.contains("group: jobs")
        }
        try terminal.press("C-l")
        try terminal.enter("help @queues")
        try terminal.waitFor("QLEN <queue>")
        try terminal.press("C-l")
        try terminal.enter("help")
        try terminal.waitFor("help @jobs")
        try terminal.enter("connect 127.0.0.1 \(node.port)")
        try terminal.waitForLastLine("127.0.0.1:\(node.port)> ")
        try terminal.enter("PING")
        try terminal.waitFor("PONG")
    }

    @Test("bad quoting, bad arguments and bad repeat counts send nothing; a repeat count repeats")
    func invalidInput() throws {
        let node = try TestNode()
        let (terminal, prompt) = try openShell(node)
        try terminal.enter("ADDJOB q \"unterminated 0")
        try terminal.waitFor("Invalid argument(s)")
        try terminal.enter("ADDJOB q 'a'b 0")
        try terminal.waitFor("closing quote glued") { $0.components(separatedBy: "Invalid argument(s)").count == 3 }
        try terminal.enter("ADDJOB q body soon")
        try terminal.waitFor("validation error") { $0.contains("(error) ADDJOB") && $0.contains("Usage: ADDJOB") }
        try terminal.enter("0 ADDJOB q body 0")
        try terminal.waitFor("Invalid repeat count \"0\"")
        try terminal.enter("-2 ADDJOB q body 0")
        try terminal.waitFor("Invalid repeat count \"-2\"")
        try terminal.waitForLastLine(prompt)
        #expect(try node.send(["QLEN", "q"]) == .integer(0))

        try terminal.press("C-l")
        try terminal.enter("3 ADDJOB r body 0")
        try terminal.waitFor("three job IDs") { $0.components(separatedBy: "\nD-").count == 4 }
        #expect(try node.send(["QLEN", "r"]) == .integer(3))
    }

    @Test("a reply that took 0.5 s or more shows the time; a quick one does not")
    func slowReplyTime() throws {
        let node = try TestNode()
        let (terminal, prompt) = try openShell(node)
        try terminal.enter("PING")
        try terminal.waitFor("PONG")
        try terminal.waitForLastLine(prompt)
        #expect(try terminal.screen().firstMatch(of: /\(\d+\.\d\ds\)/) == nil)
        try terminal.enter("GETJOB TIMEOUT 600 FROM nothing")
        let screen = try terminal.waitFor("elapsed time") { $0.firstMatch(of: /\(0\.[6-9]\ds\)|\(1\.\d\ds\)/) != nil }
        #expect(screen.contains("(nil)"))
    }

    @Test("--embedded opens the shell on an in-process node")
    func embedded() throws {
        let terminal = try ShellTerminal(["--embedded"])
        try terminal.waitForLastLine("embedded> ")
        try terminal.enter("ADDJOB q hello 0")
        try terminal.waitFor("job added") { $0.contains("\nD-") }
        try terminal.enter("QLEN q")
        try terminal.waitFor("(integer) 1")
        try terminal.press("C-d")
        #expect(try terminal.waitForExit() == 0)
    }
}
