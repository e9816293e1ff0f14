import DisqueTestSupport
import Foundation
import MiniDisque
import RESP
import Testing

/// Replays every transcript recorded from a real Disque 1.0-rc1 node
/// (Tests/Fixtures/conformance/*.json) against a fresh MiniDisque node: each
/// reply must match in kind, shape, value and error text.
@Suite("Conformance transcripts")
struct ConformanceReplayTests {
    static let fixtures: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/conformance")

    static var transcriptNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }

    @Test("the fixtures are there")
    func fixturesExist() {
        #expect(Self.transcriptNames.count >= 8)
    }

    @Test("transcript replays step by step", arguments: transcriptNames)
    func replay(_ name: String) throws {
        let data = try Data(contentsOf: Self.fixtures.appendingPathComponent(name))
        let transcript = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let steps = try #require(transcript["steps"] as? [[String: Any]])
        try withTimedServer { server, passTime in
            let client = try TestClient(port: server.port)
            #expect(try client.call("DEBUG", "FLUSHALL") == .status("OK"))
            var bindings = Bindings(port: server.port)
            for (index, step) in steps.enumerated() {
                if let seconds = step["sleep"] as? Double {
                    passTime(.milliseconds(Int(seconds * 1000)))
                    continue
                }
                let command = try #require(step["cmd"] as? [String])
                let arguments = command.map { bindings.substitute($0) }
                try client.send(arguments)
                if !TestNode.isReal, let timeout = Self.blockingTimeout(arguments) {
                    // On the manual clock a GETJOB TIMEOUT expires only when time is
                    // passed: once the node holds the client blocked, pass it.
                    try waitUntil("GETJOB answered or blocked") {
                        try client.hasInput || server.blockedClients() == 1
                    }
                    if !client.hasInput { passTime(.milliseconds(timeout)) }
                }
                let reply = try client.read()
                let expected = try #require(step["reply"])
                let matched = bindings.match(expected, reply)
                #expect(matched,
                        "\(name) step \(index): \(command.joined(separator: " ")) -> \(reply), expected \(expected)")
            }
        }
    }
}

extension ConformanceReplayTests {
    /// The milliseconds a GETJOB waits before answering empty, when it has a TIMEOUT and no NOHANG.
    static func blockingTimeout(_ arguments: [String]) -> Int? {
        let words = arguments.map { $0.uppercased() }
        guard words.first == "GETJOB", !words.contains("NOHANG"),
              let at = words.firstIndex(of: "TIMEOUT"), at + 1 < words.count,
              let milliseconds = Int(words[at + 1]), milliseconds > 0 else { return nil }
        return milliseconds
    }
}

/// Placeholder bookkeeping: {J1}… job IDs and {NODE} bind on first sight, {PORT} is the node's port.
struct Bindings {
    let port: Int
    var values: [String: String] = [:]

    init(port: Int) { self.port = port }

    func substitute(_ argument: String) -> String {
        var result = argument
        for (placeholder, value) in values { result = result.replacingOccurrences(of: placeholder, with: value) }
        return result
    }

    mutating func match(_ expected: Any, _ reply: RESPValue) -> Bool {
        if let list = expected as? [Any] {
            guard case .array(let items) = reply, items.count == list.count else { return false }
            for (e, item) in zip(list, items) where !match(e, item) { return false }
            return true
        }
        guard let object = expected as? [String: Any] else { return false }
        if object["any"] != nil {
            if case .integer = reply { return true }
            if case .bulk = reply, reply.int != nil { return true }
            return false
        }
        if let text = object["simple"] as? String {
            guard case .status(let s) = reply else { return false }
            return matchText(text, s)
        }
        if let text = object["error"] as? String {
            guard case .error(let s) = reply else { return false }
            return s == text
        }
        if let number = object["int"] as? Int {
            guard case .integer(let i) = reply else { return false }
            return i == Int64(number)
        }
        if object["null"] != nil { return reply == .nullBulk }
        if object["nullarray"] != nil { return reply == .nullArray }
        if let text = object["bulk"] as? String {
            guard case .bulk(let bytes) = reply else { return false }
            return matchText(text, String(decoding: bytes, as: UTF8.self))
        }
        return false
    }

    private mutating func matchText(_ expected: String, _ actual: String) -> Bool {
        if expected == "{PORT}" { return actual == String(port) }
        let isJob = expected.hasPrefix("{J") && expected.hasSuffix("}")
        guard isJob || expected == "{NODE}" else { return expected == actual }
        if let bound = values[expected] { return bound == actual }
        let valid = isJob ? isJobID(actual) : isNodeID(actual)
        if valid { values[expected] = actual }
        return valid
    }

    private func isNodeID(_ s: String) -> Bool {
        s.utf8.count == 40 && s.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// D-<8 hex>-<24 base64>-<4 hex>, as replay.py checks it.
    private func isJobID(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count == 40, b[0] == 68, b[1] == 45, b[10] == 45, b[35] == 45 else { return false }
        let hex: (UInt8) -> Bool = { (48...57).contains($0) || (97...102).contains($0) }
        let base64: (UInt8) -> Bool = {
            (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) || $0 == 43 || $0 == 47
        }
        return b[2..<10].allSatisfy(hex) && b[11..<35].allSatisfy(base64) && b[36..<40].allSatisfy(hex)
    }
}
