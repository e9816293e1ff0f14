import Disque
import DisqueTestSupport
import Foundation
import Testing

/// `--top`: the screen in tmux, the lines off a terminal, and --json.
@Suite("LiveView: --top")
struct LiveViewTests {
    @Test("off a terminal: a header, then one line per refresh with time and totals")
    func statLines() throws {
        let node = try TestNode()
        for queue in ["a", "b", "b"] { _ = try node.send(["ADDJOB", queue, "x", "0"]) }
        let result = try node.cli(["--top", "-i", "0.1", "-r", "3"])
        #expect(result.status == 0, "\(result)")
        #expect(result.lines.count == 4, "\(result)")
        #expect(result.lines[0].split(separator: " ", omittingEmptySubsequences: true)
                == ["time", "queues", "queued", "blocked", "in/s", "out/s", "paused"], "\(result)")
        let first = result.lines[1].split(separator: " ", omittingEmptySubsequences: true)
        // date, time, queues, queued, blocked, in/s ("-": no rate yet), out/s, paused
        #expect(first.count == 8 && first[2] == "2" && first[3] == "3" && first[4] == "0" && first[5] == "-", "\(first)")
        let later = result.lines[3].split(separator: " ", omittingEmptySubsequences: true)
        #expect(later.count == 8 && later[5] == "0.0", "\(later)")
    }

    @Test("--json: one object per refresh, queues sorted by length, rates from jobs-in")
    func jsonRefreshes() throws {
        let node = try TestNode()
        _ = try node.send(["ADDJOB", "small", "x", "0"])
        for _ in 0..<3 { _ = try node.send(["ADDJOB", "large", "x", "0"]) }
        let result = try node.cli(["--json", "--top", "-r", "1"])
        #expect(result.lines.count == 1, "\(result)")
        let line = result.lines[0]
        #expect(line.contains(#""queues":[{"name":"large","len":3,"blocked":0,"in_per_sec":null"#), "\(line)")
        #expect(line.contains(#"{"name":"small","len":1"#) && line.contains(#""pause":"none"}"#), "\(line)")
    }

    @Test("on a terminal: the screen is redrawn in place with every queue, rates and pause state")
    func screen() throws {
        let node = try TestNode()
        _ = try node.send(["ADDJOB", "busy", "x", "0"])
        _ = try node.send(["ADDJOB", "held", "x", "0"])
        _ = try node.send(["PAUSE", "held", "out"])
        let terminal = try ShellTerminal(["-p", "\(node.port)", "--top", "-i", "0.2", "--sort", "name"])
        defer { terminal.stop() }
        try terminal.waitFor("the table") { $0.contains("QUEUE") && $0.contains("busy") && $0.contains("held") }
        // Jobs arriving show up as a rate on a later refresh.
        for _ in 0..<20 { _ = try node.send(["ADDJOB", "busy", "x", "0"]) }
        let screen = try terminal.waitFor("busy's length") { screen in
            screen.split(separator: "\n").contains { $0.hasPrefix("busy") && $0.split(separator: " ")[1] == "21" }
        }
        #expect(try terminal.count(of: "disque-cli --top") == 1, "redrawn in place:\n\(screen)")
        let held = try #require(screen.split(separator: "\n").first { $0.hasPrefix("held") })
        #expect(held.hasSuffix("out"), "\(held)")
        #expect(screen.contains("queues: 2"), "\(screen)")
    }
}
