import Testing
@testable import Disque

/// What completion and hints see while a command is typed word by word.
@Suite("Command table — completion and hints")
struct CommandTableCompletionTests {
    static let addjobOptions = "[REPLICATE <count>] [DELAY <sec>] [RETRY <sec>] [TTL <sec>] [MAXLEN <count>] [ASYNC]"

    func descriptor(_ name: String) throws -> CommandDescriptor {
        try #require(CommandTable.lookup([name])).descriptor
    }

    @Test("ADDJOB typed word by word")
    func addjobSequence() throws {
        let addjob = try descriptor("ADDJOB")
        var next = addjob.next(after: [])
        #expect(next.values == [.queue] && next.valueName == "queue" && next.keywords.isEmpty)
        #expect(!next.isComplete)
        #expect(addjob.hint(after: []) == "<queue> <job> <ms-timeout> " + Self.addjobOptions)

        next = addjob.next(after: ["q"])
        #expect(next.values == [.body] && next.valueName == "job")
        #expect(addjob.hint(after: ["q"]) == "<job> <ms-timeout> " + Self.addjobOptions)

        next = addjob.next(after: ["q", "body"])
        #expect(next.values == [.milliseconds] && next.valueName == "ms-timeout")

        next = addjob.next(after: ["q", "body", "0"])
        #expect(next.keywords == ["REPLICATE", "DELAY", "RETRY", "TTL", "MAXLEN", "ASYNC"])
        #expect(next.values.isEmpty && next.isComplete)
        #expect(addjob.hint(after: ["q", "body", "0"]) == Self.addjobOptions)

        next = addjob.next(after: ["q", "body", "0", "replicate"])
        #expect(next.keywords.isEmpty && next.valueName == "count" && !next.isComplete)
        #expect(next.values == [.integer(1...65535)])
        #expect(addjob.hint(after: ["q", "body", "0", "replicate"])
            == "<count> [DELAY <sec>] [RETRY <sec>] [TTL <sec>] [MAXLEN <count>] [ASYNC]")

        next = addjob.next(after: ["q", "body", "0", "REPLICATE", "2", "ASYNC"])
        #expect(next.keywords == ["DELAY", "RETRY", "TTL", "MAXLEN"])
        #expect(addjob.hint(after: ["q", "body", "0", "REPLICATE", "2", "ASYNC"])
            == "[DELAY <sec>] [RETRY <sec>] [TTL <sec>] [MAXLEN <count>]")

        let all = ["q", "body", "0", "REPLICATE", "2", "DELAY", "1", "RETRY", "1", "TTL", "9", "MAXLEN", "3", "ASYNC"]
        #expect(addjob.next(after: all).isEmpty && addjob.next(after: all).isComplete)
        #expect(addjob.hint(after: all) == "")
    }

    @Test("GETJOB options, then FROM and its queues")
    func getjobSequence() throws {
        let getjob = try descriptor("GETJOB")
        #expect(getjob.next(after: []).keywords == ["NOHANG", "TIMEOUT", "COUNT", "WITHCOUNTERS", "FROM"])
        #expect(getjob.next(after: ["NOHANG"]).keywords == ["TIMEOUT", "COUNT", "WITHCOUNTERS", "FROM"])
        #expect(getjob.hint(after: ["NOHANG"]) == "[TIMEOUT <ms-timeout>] [COUNT <count>] [WITHCOUNTERS] FROM <queue> [<queue> ...]")
        let afterFrom = getjob.next(after: ["NOHANG", "FROM"])
        #expect(afterFrom.values == [.queue] && afterFrom.keywords.isEmpty && !afterFrom.isComplete)
        #expect(getjob.hint(after: ["NOHANG", "FROM"]) == "<queue> [<queue> ...]")
        let afterQueue = getjob.next(after: ["FROM", "q1"])
        #expect(afterQueue.values == [.queue] && afterQueue.isComplete)
        #expect(getjob.hint(after: ["FROM", "q1"]) == "[<queue> ...]")
    }

    @Test("JSCAN offers states after STATE, keeps STATE after one is given, and the cursor anywhere")
    func jscanSequence() throws {
        let jscan = try descriptor("JSCAN")
        let states = jscan.next(after: ["STATE"])
        #expect(states.words == ["wait-repl", "active", "queued", "acked"])
        #expect(states.valueName == "state" && states.keywords.isEmpty)
        let reply = jscan.next(after: ["0", "REPLY"])
        #expect(reply.words == ["all", "id"])

        let afterState = jscan.next(after: ["STATE", "queued"])
        #expect(afterState.keywords == ["COUNT", "BUSYLOOP", "QUEUE", "STATE", "REPLY"])
        #expect(afterState.values == [.cursor])
        #expect(jscan.hint(after: ["STATE", "queued"])
            == "[<cursor>] [COUNT <count>] [BUSYLOOP] [QUEUE <queue>] [STATE <state>]... [REPLY all|id]")
        let afterCursor = jscan.next(after: ["STATE", "queued", "0"])
        #expect(afterCursor.values.isEmpty)
        #expect(jscan.hint(after: ["0", "COUNT", "5"]) == "[BUSYLOOP] [QUEUE <queue>] [STATE <state>]... [REPLY all|id]")
    }

    @Test("PAUSE offers its option words, again and again")
    func pauseSequence() throws {
        let pause = try descriptor("PAUSE")
        #expect(pause.next(after: []).values == [.queue])
        let options = ["in", "out", "all", "none", "state", "bcast"]
        #expect(pause.next(after: ["q"]).words == options)
        #expect(pause.next(after: ["q", "in"]).words == options)
        #expect(pause.next(after: ["q", "in"]).isComplete)
        #expect(pause.hint(after: ["q"]) == "<option> [<option> ...]")
        #expect(pause.hint(after: ["q", "in"]) == "[<option> ...]")
    }

    @Test("a line that does not fit gives nothing to complete and no hint")
    func mismatch() throws {
        let qlen = try descriptor("QLEN")
        #expect(qlen.next(after: ["a", "b"]).isEmpty)
        #expect(!qlen.next(after: ["a", "b"]).isComplete)
        #expect(qlen.hint(after: ["a", "b"]) == "")
        #expect(qlen.hint(after: ["a"]) == "")
        #expect(qlen.next(after: ["a"]).isComplete)
        // Values are not checked while completing: a mistyped number still
        // lets the options be completed.
        #expect(try descriptor("ADDJOB").next(after: ["q", "b", "soon"]).keywords.first == "REPLICATE")
    }

    @Test("whole command lines: names, subcommands, then arguments")
    func wholeLines() {
        #expect(CommandTable.next(after: []).keywords == CommandTable.commandNames)
        #expect(CommandTable.next(after: ["cluster"]).keywords.starts(with: ["MEET", "NODES"]))
        #expect(!CommandTable.next(after: ["CLUSTER"]).isComplete)
        let command = CommandTable.next(after: ["COMMAND"])
        #expect(command.keywords == ["COUNT", "INFO"] && command.isComplete)
        #expect(CommandTable.next(after: ["CLUSTER", "LEAVING"]).words == ["yes", "no"])
        #expect(CommandTable.next(after: ["CLUSTER", "NOSUCH"]).isEmpty)
        #expect(CommandTable.next(after: ["FOO"]).isEmpty)
        #expect(CommandTable.hint(after: ["ADDJOB", "q"]) == "<job> <ms-timeout> " + Self.addjobOptions)
        #expect(CommandTable.hint(after: ["config"]) == "GET|SET|RESETSTAT|REWRITE")
        #expect(CommandTable.hint(after: ["COMMAND"]) == "[COUNT|INFO]")
        #expect(CommandTable.hint(after: ["CONFIG", "GET"]) == "<pattern>")
        #expect(CommandTable.hint(after: ["FOO"]) == "")
    }
}
