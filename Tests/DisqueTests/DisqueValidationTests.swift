import DisqueTestSupport
import Testing
@testable import Disque

@Suite("Validation before sending")
struct DisqueValidationTests {
    @Test("a command that does not fit its grammar is refused before anything is sent")
    func refusedLocally() throws {
        let fake = try FakeServer { _, _ in .reply(Array("+OK\r\n".utf8)) }
        defer { fake.stop() }
        let connection = try DisqueConnection(options: fake.options)
        let error = #expect(throws: DisqueError.self) {
            try connection.send(["ADDJOB", "q", "body", "soon"], validate: true)
        }
        guard case .validation(let validation)? = error else {
            Issue.record("wrong error: \(String(describing: error))")
            return
        }
        #expect(validation.command == "ADDJOB")
        #expect(fake.received.isEmpty)
        // Unknown commands and well-formed ones go through.
        #expect(try connection.send(["NOTINTHETABLE", "x"], validate: true) == .status("OK"))
        #expect(try connection.send(["ADDJOB", "q", "body", "0"], validate: true) == .status("OK"))
        #expect(fake.received.map(\.command.first) == ["NOTINTHETABLE", "ADDJOB"])
    }
}
