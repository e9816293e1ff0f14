import Foundation
import Testing
@testable import DisqueCLI

/// The history file on disk: private, never holding a password, appended as
/// commands are entered, trimmed when it grows.
@Suite("Shell history file")
struct ShellHistoryFileTests {
    private func temporaryPath() -> String {
        NSTemporaryDirectory() + "disque-history-\(getpid())-\(UUID().uuidString.prefix(8))"
    }

    private func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test("a new file is created with mode 0600 and lines are appended in order")
    func createsPrivateFile() throws {
        let path = temporaryPath()
        defer { unlink(path) }
        let file = HistoryFile(path: path)
        file.append("QLEN a")
        file.append("ADDJOB q \"hello world\" 0")
        #expect(try mode(path) == 0o600)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "QLEN a\nADDJOB q \"hello world\" 0\n")
        #expect(file.load() == ["QLEN a", "ADDJOB q \"hello world\" 0"])
    }

    @Test("an existing file readable by others is tightened to 0600")
    func tightensLooseFile() throws {
        let path = temporaryPath()
        defer { unlink(path) }
        FileManager.default.createFile(atPath: path, contents: Data("PING\n".utf8),
                                       attributes: [.posixPermissions: 0o644])
        #expect(try mode(path) == 0o644)
        #expect(HistoryFile(path: path).load() == ["PING"])
        #expect(try mode(path) == 0o600)
    }

    @Test("AUTH lines are never written, whatever their case or a repeat count",
          arguments: ["AUTH secret", "auth secret", "  Auth \"pass word\"", "3 auth secret",
                      "CONFIG SET requirepass pw", "config set REQUIREPASS \"two words\"", "2 config set requirepass x"])
    func authNeverWritten(line: String) throws {
        let path = temporaryPath()
        defer { unlink(path) }
        let file = HistoryFile(path: path)
        file.append("PING")
        file.append(line)
        #expect(HistoryFile.isSecret(line))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "PING\n")
    }

    @Test("commands that merely mention auth are kept")
    func notSecret() {
        #expect(!HistoryFile.isSecret("ADDJOB auth body 0"))
        #expect(!HistoryFile.isSecret("QLEN AUTH"))
        #expect(!HistoryFile.isSecret("CONFIG GET requirepass"))
    }

    @Test("a file grown past twice the limit is trimmed to the newest lines, still 0600")
    func trims() throws {
        let path = temporaryPath()
        defer { unlink(path) }
        let lines = (1...25).map { "QLEN q\($0)" }
        FileManager.default.createFile(atPath: path, contents: Data((lines.joined(separator: "\n") + "\n").utf8),
                                       attributes: [.posixPermissions: 0o600])
        let file = HistoryFile(path: path, limit: 10)
        #expect(file.load() == Array(lines.suffix(10)))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == lines.suffix(10).joined(separator: "\n") + "\n")
        #expect(try mode(path) == 0o600)
    }

    @Test("no path: nothing is read or written")
    func disabled() {
        let file = HistoryFile(path: nil)
        file.append("PING")
        #expect(file.load() == [])
    }
}
