import Testing
@testable import Disque

/// Mistakes are named precisely; what the server accepts is accepted.
@Suite("Command table — validation")
struct CommandTableValidationTests {
    static let job = "D-dcb833cf-xxxxxxxxxxxxxxxxxxxxxx12-05a1"

    func failure(_ words: [String]) -> CommandValidationError? {
        do {
            try CommandTable.validate(words)
            return nil
        } catch {
            return error
        }
    }

    @Test("a non-integer ADDJOB timeout names <ms-timeout> and shows the syntax")
    func addjobTimeout() throws {
        let error = try #require(failure(["ADDJOB", "q", "body", "abc"]))
        #expect(error.command == "ADDJOB")
        #expect(error.argument == "<ms-timeout>")
        #expect(error.message.contains("\"abc\""))
        #expect(error.description == """
            ADDJOB: <ms-timeout> expects a non-negative integer (milliseconds), got "abc"
            Usage: ADDJOB <queue> <job> <ms-timeout> [REPLICATE <count>] [DELAY <sec>] [RETRY <sec>] \
            [TTL <sec>] [MAXLEN <count>] [ASYNC]
            """)
    }

    @Test("each mistake names the argument at fault", arguments: [
        (["ADDJOB", "q", "body", "-1"], "<ms-timeout>"),
        (["ADDJOB", "q"], "<job>"),
        (["ADDJOB", "q", "body", "0", "TTL", "0"], "<sec>"),
        (["ADDJOB", "q", "body", "0", "RETRY", "-5"], "<sec>"),
        (["ADDJOB", "q", "body", "0", "REPLICATE", "70000"], "<count>"),
        (["ADDJOB", "q", "body", "0", "REPLICATE"], "REPLICATE"),
        (["ADDJOB", "q", "body", "0", "BOGUS"], "\"BOGUS\""),
        (["GETJOB", "NOHANG"], "FROM"),
        (["GETJOB", "FROM"], "<queue>"),
        (["GETJOB", "COUNT", "0", "FROM", "q"], "<count>"),
        (["GETJOB", "TIMEOUT", "-1", "FROM", "q"], "<ms-timeout>"),
        (["GETJOB", "BOGUS", "FROM", "q"], "\"BOGUS\""),
        (["JSCAN", "STATE", "bogus"], "<state>"),
        (["JSCAN", "0", "REPLY", "bogus"], "<type>"),
        (["JSCAN", "BOGUS"], "\"BOGUS\""),
        (["JSCAN", "0", "1"], "\"1\""),
        (["QSCAN", "COUNT", "abc"], "<count>"),
        (["QPEEK", "q", "x"], "<count>"),
        (["QPEEK", "q"], "<count>"),
        (["QLEN"], "<queue>"),
        (["PAUSE", "q"], "<option>"),
        (["PAUSE", "q", "bogus"], "<option>"),
        (["ACKJOB", "not-a-job-id"], "<jobid>"),
        (["ACKJOB", job, "D-short"], "<jobid>"),
        (["SHOW", "x"], "<jobid>"),
        (["CLUSTER", "FORGET", "abc"], "<node-id>"),
        (["CLUSTER", "LEAVING", "maybe"], "<flag>"),
        (["CONFIG", "GET"], "<pattern>"),
        (["client", "pause", "soon"], "<ms-timeout>"),
    ])
    func namesArgument(words: [String], argument: String) throws {
        let error = try #require(failure(words), "\(words) was accepted")
        #expect(error.argument == argument, "\(words): \(error)")
        #expect(error.description.contains("\nUsage: \(error.syntax)"))
    }

    @Test("too many arguments are reported without blaming a declared argument")
    func tooMany() throws {
        let error = try #require(failure(["QLEN", "a", "b"]))
        #expect(error.argument == "\"b\"")
        #expect(error.message.contains("too many"))
        #expect(error.syntax == "QLEN <queue>")
    }

    @Test("what the real server accepts is accepted", arguments: [
        ["addjob", "q", "body", "0", "replicate", "1", "async"],
        ["ADDJOB", "q", "body", "+5", "TTL", "007"],       // strtoll reads both
        ["ADDJOB", "q", "body", "0", "REPLICATE", "1", "REPLICATE", "1"],  // the later one wins
        ["ADDJOB", "q", "", "0"],
        ["GETJOB", "NOHANG", "NOHANG", "FROM", "q", "FROM"],   // after FROM every word is a queue
        ["ACKJOB"], ["NACK"], ["FASTACK"], ["DELJOB"], ["ENQUEUE"], ["DEQUEUE"],
        ["QPEEK", "q", "-3"],
        ["QSCAN", "COUNT", "10", "7"],                       // the cursor may come anywhere
        ["QSCAN", "COUNT", "-1", "MINLEN", "0", "BUSYLOOP"],
        ["JSCAN", "QUEUE", "q", "STATE", "queued", "STATE", "ACKED", "0"],
        ["PAUSE", "q", "IN", "bcast", "state"],
        ["CLUSTER", "LEAVING"], ["CLUSTER", "RESET"], ["cluster", "reset", "hard"],
        ["CLUSTER", "MEET", "127.0.0.1", "7712"],
        ["CLIENT", "KILL", "127.0.0.1:5555"], ["CLIENT", "KILL", "ID", "3", "SKIPME", "no"],
        ["CLIENT", "SETNAME", ""],
        ["DEBUG", "FLUSHALL"], ["DEBUG", "FLUSHALL", "extra"], ["DEBUG", "SLEEP", "0.5"],
        ["QUIT", "whatever"], ["COMMAND"], ["COMMAND", "COUNT"], ["COMMAND", "INFO", "addjob", "qlen"],
        ["INFO"], ["INFO", "nosuch"], ["PING", "hello"], ["SHUTDOWN", "rewrite-aof"],
        ["SLOWLOG", "GET", "-1"], ["LATENCY", "RESET"], ["LATENCY", "RESET", "a", "b"],
        ["WORKING", job], ["ACKJOB", job, job],
    ])
    func accepts(words: [String]) {
        #expect(failure(words) == nil, "\(words)")
    }

    @Test("integers are read the way the server's strtoll reads them")
    func integerShapes() {
        #expect(ValueKind.serverInteger("0") == 0)
        #expect(ValueKind.serverInteger("-12") == -12)
        #expect(ValueKind.serverInteger("+12") == 12)
        #expect(ValueKind.serverInteger("0012") == 12)
        #expect(ValueKind.serverInteger("") == 0)
        #expect(ValueKind.serverInteger("9223372036854775807") == .max)
        #expect(ValueKind.serverInteger("-9223372036854775808") == .min)
        #expect(ValueKind.serverInteger("9223372036854775808") == nil)
        #expect(ValueKind.serverInteger(" 1") == nil)
        #expect(ValueKind.serverInteger("1 ") == nil)
        #expect(ValueKind.serverInteger("-") == nil)
        #expect(ValueKind.serverInteger("1.5") == nil)
        #expect(ValueKind.serverInteger("0x10") == nil)
    }

    @Test("descriptors validate their own arguments without the name words")
    func descriptorLevel() throws {
        let (meet, nameWords) = try #require(CommandTable.lookup(["cluster", "MEET", "h", "1"]))
        #expect(nameWords == 2)
        #expect(meet.fullName == "CLUSTER MEET")
        #expect(meet.isValid(["h", "1"]))
        #expect(!meet.isValid(["h", "one"]))
        #expect(!meet.isValid(["h"]))
    }
}
