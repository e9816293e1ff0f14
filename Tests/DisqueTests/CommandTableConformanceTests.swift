import Foundation
import Testing
@testable import Disque

/// The table against what a real Disque 1.0-rc1 node accepted: every command
/// in the recorded transcripts that the node did not refuse must validate.
@Suite("Command table — conformance")
struct CommandTableConformanceTests {
    struct Step: Sendable, CustomTestStringConvertible {
        var file: String
        var command: [String]
        var serverError: String?
        var testDescription: String { "\(file): \(command.joined(separator: " "))" }
    }

    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/conformance")

    /// A job ID of the shape the server accepts, distinct per placeholder.
    static func jobID(_ number: Int) -> String {
        let digits = String(number)
        let random = String(repeating: "x", count: 24 - digits.count) + digits
        return "D-dcb833cf-\(random)-05a1"
    }

    static func substitute(_ word: String) -> String {
        if word == "{NODE}" { return "95def92720d7e2420ff285501aae6adb8250d253" }
        if word == "{PORT}" { return "7711" }
        if word.hasPrefix("{J"), word.hasSuffix("}"), let number = Int(word.dropFirst(2).dropLast()) {
            return jobID(number)
        }
        return word
    }

    static func loadSteps() throws -> [Step] {
        let files = try FileManager.default.contentsOfDirectory(atPath: fixtures.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        var steps: [Step] = []
        for file in files {
            let data = try Data(contentsOf: fixtures.appendingPathComponent(file))
            let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            for case let step as [String: Any] in try #require(root["steps"] as? [Any]) {
                guard let command = step["cmd"] as? [String] else { continue }
                let error = (step["reply"] as? [String: Any])?["error"] as? String
                steps.append(Step(file: file, command: command.map(substitute), serverError: error))
            }
        }
        return steps
    }

    @Test("the transcripts are there and hold both accepted and refused commands")
    func fixturesLoad() throws {
        let steps = try Self.loadSteps()
        #expect(steps.count > 100)
        #expect(steps.contains { $0.serverError == nil })
        #expect(steps.contains { $0.serverError != nil })
        #expect(Self.jobID(12).count == 40)
    }

    @Test("every command the server accepted passes validation")
    func acceptedCommandsValidate() throws {
        let accepted = try Self.loadSteps().filter { $0.serverError == nil }
        for step in accepted {
            #expect(throws: Never.self, "\(step.testDescription)") {
                try CommandTable.validate(step.command)
            }
            // Every accepted command except unknown ones is in the table.
            #expect(CommandTable.lookup(step.command) != nil, "\(step.testDescription)")
        }
    }

    @Test("argument-shape errors the server gave are caught before sending")
    func shapeErrorsAreCaught() throws {
        // Errors that depend on the node's state (NOREPL, MAXLEN, PAUSED) or
        // on several values at once (DELAY > TTL) are the server's to give.
        let stateDependent = ["NOREPL", "MAXLEN", "PAUSED", "ERR The specified DELAY", "ERR unknown command"]
        let refused = try Self.loadSteps().filter { step in
            guard let error = step.serverError else { return false }
            return !stateDependent.contains { error.hasPrefix($0) }
        }
        #expect(refused.count >= 20)
        for step in refused {
            #expect(throws: CommandValidationError.self, "\(step.testDescription) → \(step.serverError ?? "")") {
                try CommandTable.validate(step.command)
            }
        }
    }

    @Test("state-dependent refusals and unknown commands are left to the server")
    func stateDependentErrorsPass() throws {
        for command in [["ADDJOB", "q", "b", "0", "REPLICATE", "2"], ["ADDJOB", "q", "e", "0", "MAXLEN", "2"],
                        ["ADDJOB", "q", "l", "0", "DELAY", "200", "TTL", "100"], ["FOO", "bar"],
                        ["CLUSTER", "NOSUCH", "x"], ["DEBUG", "NOSUCH"]] {
            #expect(throws: Never.self, "\(command)") { try CommandTable.validate(command) }
        }
    }
}
