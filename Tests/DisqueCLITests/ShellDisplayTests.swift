import DisqueTestSupport
import Foundation
import Testing

/// What the shell draws while you edit: the hint around mid-line edits, Home
/// and End whatever TERM says, pastes of a megabyte, `:set nohints` and
/// ~/.disqueclirc — each through the real binary in tmux.
@Suite("Shell display")
struct ShellDisplayTests {
    private func openShell(_ node: TestNode, environment: [String: String] = [:],
                           columns: Int = 120) throws -> (ShellTerminal, String) {
        let terminal = try ShellTerminal(["-p", "\(node.port)"], environment: environment, columns: columns)
        let prompt = "127.0.0.1:\(node.port)> "
        try terminal.waitForLastLine(prompt)
        return (terminal, prompt)
    }

    /// True when `text` shows up on the screen within `timeout`: for checks
    /// that something does NOT appear, polled rather than slept.
    private func appears(_ text: String, on terminal: ShellTerminal, within timeout: Duration = .milliseconds(800)) -> Bool {
        eventually(timeout: timeout) { try terminal.screen().contains(text) }
    }

    @Test("a key typed mid-line while the hint shows lands where the cursor is, and the hint does not eat it")
    func insertMidLine() throws {
        let node = try TestNode()
        let (terminal, prompt) = try openShell(node)
        try terminal.type("addjob emails x 0 ")
        try terminal.waitFor("hint") { $0.contains(prompt + "addjob emails x 0 [REPLICATE <count>]") }
        try terminal.press("Left", "Left")
        try terminal.type("Z")
        try terminal.waitFor("Z inserted") { $0.contains(prompt + "addjob emails x Z0 ") }
        try terminal.press("Enter")
        try terminal.waitFor("refused") { $0.contains("<ms-timeout>") && $0.contains("Z0") }
        // The scrollback keeps the line as sent, with nothing of the hint in it.
        let typed = try terminal.lines().first { $0.hasPrefix(prompt + "addjob") }
        #expect(typed.map(ShellTerminal.trimmedRight) == prompt + "addjob emails x Z0", "\(typed ?? "")")
    }

    @Test("Home and End move the cursor also when TERM names another terminal than tmux")
    func homeAndEnd() throws {
        let node = try TestNode()
        // tmux sends its own Home/End sequences; terminfo for xterm-256color expects others.
        let (terminal, prompt) = try openShell(node, environment: ["TERM": "xterm-256color"])
        try terminal.type("ING hello")
        try terminal.press("Home")
        try terminal.type("P")
        try terminal.press("End")
        try terminal.type("-world")
        try terminal.waitFor("edited line") { $0.contains(prompt + "PING hello-world") }
        try terminal.press("Enter")
        try terminal.waitFor("\"hello-world\"")
        #expect(try !terminal.screen().contains("~"))
    }

    @Test("a pasted megabyte line is taken whole and sent once")
    func pasteMegabyte() throws {
        let node = try TestNode()
        let (terminal, _) = try openShell(node)
        let body = String(repeating: "x", count: 1 << 20)
        try terminal.paste("ADDJOB pasted \(body) 0")
        try terminal.press("Enter")
        // Re-walking the whole line before each pasted byte never finished; now it streams.
        try waitUntil("the pasted job on the node", timeout: .seconds(60)) {
            try node.send(["QLEN", "pasted"]) == .integer(1)
        }
        let peek = try node.send(["QPEEK", "pasted", "1"])
        #expect(peek.array?.first?.array?[2].bytes?.count == 1 << 20)
    }

    @Test(":set nohints hides the hint, :set hints brings it back")
    func setHints() throws {
        let node = try TestNode()
        let (terminal, prompt) = try openShell(node)
        try terminal.enter(":set nohints")
        try terminal.waitForLastLine(prompt)
        try terminal.type("QLEN ")
        try terminal.waitFor("typed") { $0.contains(prompt + "QLEN") }
        #expect(!appears("<queue>", on: terminal))
        try terminal.press("C-c")
        try terminal.enter(":set hints")
        try terminal.type("QLEN ")
        try terminal.waitFor("hint again") { $0.contains(prompt + "QLEN <queue>") }
        try terminal.press("C-c")
        try terminal.enter(":set sometimes")
        try terminal.waitFor("Unknown setting \"sometimes\"")
    }

    @Test("~/.disqueclirc (or DISQUECLIRC) turns hints off at start-up; a bad line is reported")
    func settingsFile() throws {
        let node = try TestNode()
        let file = NSTemporaryDirectory() + "disqueclirc-\(getpid())-\(node.port)"
        try ":set nohints\nbogus line\n".write(toFile: file, atomically: true, encoding: .utf8)
        defer { unlink(file) }
        let (terminal, prompt) = try openShell(node, environment: ["DISQUECLIRC": file])
        #expect(try terminal.screen().contains("\(file):2: expected \":set ...\""))
        try terminal.type("ADDJOB ")
        try terminal.waitFor("typed") { $0.contains(prompt + "ADDJOB") }
        #expect(!appears("<queue>", on: terminal))
    }

    @Test("narrowing the terminal under a long line keeps the prompt and the line")
    func narrowing() throws {
        let node = try TestNode()
        let (terminal, prompt) = try openShell(node)
        try terminal.type("addjob emails hello 0 ")
        try terminal.waitFor("hint") { $0.contains("[REPLICATE <count>]") }
        try terminal.resize(columns: 60, rows: 20)
        try terminal.waitFor("line redrawn") { $0.contains(prompt + "addjob emails hello 0") }
        try terminal.type("ASYNC")
        try terminal.waitFor("typed after resize") { $0.contains(prompt + "addjob emails hello 0 ASYNC") }
        try terminal.press("Enter")
        try terminal.waitFor("job added") { $0.contains("\nD-") }
    }
}
