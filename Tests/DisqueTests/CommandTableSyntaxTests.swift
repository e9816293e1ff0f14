import Testing
@testable import Disque

/// The table's contents and the syntax derived from it.
@Suite("Command table — contents and syntax")
struct CommandTableSyntaxTests {
    func descriptor(_ words: String...) throws -> CommandDescriptor {
        try #require(CommandTable.lookup(words)).descriptor
    }

    @Test("syntax strings are derived from the grammar", arguments: [
        ("ADDJOB", "ADDJOB <queue> <job> <ms-timeout> [REPLICATE <count>] [DELAY <sec>] [RETRY <sec>] "
            + "[TTL <sec>] [MAXLEN <count>] [ASYNC]"),
        ("GETJOB", "GETJOB [NOHANG] [TIMEOUT <ms-timeout>] [COUNT <count>] [WITHCOUNTERS] FROM <queue> [<queue> ...]"),
        ("ACKJOB", "ACKJOB [<jobid> ...]"),
        ("WORKING", "WORKING <jobid>"),
        ("QPEEK", "QPEEK <queue> <count>"),
        ("QSCAN", "QSCAN [<cursor>] [COUNT <count>] [BUSYLOOP] [MINLEN <len>] [MAXLEN <len>] [IMPORTRATE <rate>]"),
        ("JSCAN", "JSCAN [<cursor>] [COUNT <count>] [BUSYLOOP] [QUEUE <queue>] [STATE <state>]... [REPLY all|id]"),
        ("PAUSE", "PAUSE <queue> <option> [<option> ...]"),
        ("TIME", "TIME"),
        ("SHUTDOWN", "SHUTDOWN [REWRITE-AOF]"),
    ])
    func syntax(name: String, expected: String) throws {
        let descriptor = try descriptor(name)
        #expect(descriptor.syntax == expected)
        #expect(descriptor.argumentSyntax == String(expected.dropFirst(name.count)).trimmingCharacters(in: .whitespaces))
    }

    @Test("subcommand syntax carries both name words")
    func subcommandSyntax() throws {
        #expect(try descriptor("CLUSTER", "LEAVING").syntax == "CLUSTER LEAVING [yes|no]")
        #expect(try descriptor("cluster", "meet").syntax == "CLUSTER MEET <ip> <port>")
        #expect(try descriptor("CONFIG", "SET").syntax == "CONFIG SET <parameter> <value>")
    }

    @Test("every command of the server's table is described, plus QUIT")
    func coversServerTable() {
        // Disque 1.0-rc1's server.c command table; COMMAND COUNT answers 32.
        let server = ["AUTH", "PING", "INFO", "SHUTDOWN", "MONITOR", "DEBUG", "CONFIG", "CLUSTER", "CLIENT",
                      "SLOWLOG", "TIME", "COMMAND", "LATENCY", "HELLO", "ADDJOB", "GETJOB", "ACKJOB", "FASTACK",
                      "DELJOB", "SHOW", "LOADJOB", "BGREWRITEAOF", "QLEN", "QPEEK", "QSTAT", "QSCAN", "JSCAN",
                      "ENQUEUE", "NACK", "DEQUEUE", "WORKING", "PAUSE"]
        #expect(server.count == 32)
        #expect(Set(CommandTable.commandNames) == Set(server + ["QUIT"]))
        #expect(CommandTable.commandNames.count == 33)
        for name in ["CONFIG", "CLIENT", "CLUSTER", "DEBUG", "SLOWLOG", "LATENCY"] {
            #expect(CommandTable.isContainer(name), "\(name)")
            #expect(CommandTable.lookup([name]) == nil, "\(name) alone is not a command")
        }
        let cluster = CommandTable.subcommands(of: "cluster").compactMap(\.subcommand)
        #expect(Set(["MEET", "NODES", "INFO", "FORGET", "LEAVING", "RESET", "SAVECONFIG"]).isSubset(of: cluster))
        #expect(CommandTable.subcommands(of: "CONFIG").compactMap(\.subcommand) == ["GET", "SET", "RESETSTAT", "REWRITE"])
        #expect(Set(["LIST", "KILL", "GETNAME", "SETNAME", "PAUSE"])
            .isSubset(of: CommandTable.subcommands(of: "CLIENT").compactMap(\.subcommand)))
        #expect(CommandTable.subcommands(of: "ADDJOB").isEmpty)
    }

    @Test("every descriptor is what lookup finds for its own name, in any case")
    func lookupFindsEveryDescriptor() throws {
        for descriptor in CommandTable.all {
            let words = [descriptor.name] + (descriptor.subcommand.map { [$0] } ?? [])
            let found = try #require(CommandTable.lookup(words), "\(descriptor.fullName)")
            #expect(found.descriptor == descriptor)
            #expect(found.nameWords == words.count)
            let lower = try #require(CommandTable.lookup(words.map { $0.lowercased() }))
            #expect(lower.descriptor == descriptor)
        }
    }

    @Test("names are unique, summaries short, groups in help order")
    func tableHygiene() {
        let names = CommandTable.all.map(\.fullName)
        #expect(Set(names).count == names.count)
        for descriptor in CommandTable.all {
            #expect(!descriptor.summary.isEmpty && descriptor.summary.count <= 100, "\(descriptor.fullName)")
            #expect(descriptor.syntax.hasPrefix(descriptor.fullName))
            #expect(descriptor.name == descriptor.name.uppercased())
        }
        #expect(CommandTable.groups == [.jobs, .queues, .server, .cluster, .connection])
        let total = CommandTable.groups.map { CommandTable.commands(in: $0).count }.reduce(0, +)
        #expect(total == CommandTable.all.count)
        #expect(CommandTable.commands(in: .jobs).map(\.name).starts(with: ["ADDJOB", "GETJOB"]))
    }

    @Test("flags for reconnecting and blocking")
    func behaviourFlags() throws {
        #expect(try descriptor("GETJOB").mayBlock)
        #expect(try !descriptor("GETJOB").isIdempotent)
        #expect(try !descriptor("ADDJOB").isIdempotent)
        #expect(try descriptor("MONITOR").mayBlock)
        #expect(try descriptor("DEBUG", "SLEEP").mayBlock)
        for name in ["QLEN", "QPEEK", "SHOW", "QSTAT", "QSCAN", "JSCAN", "PING", "INFO", "HELLO", "TIME"] {
            #expect(try descriptor(name).isIdempotent, "\(name)")
        }
        for name in ["ACKJOB", "FASTACK", "NACK", "ENQUEUE", "DEQUEUE", "DELJOB", "WORKING", "LOADJOB"] {
            #expect(try !descriptor(name).isIdempotent, "\(name)")
        }
        #expect(try descriptor("CLUSTER", "NODES").isIdempotent)
        #expect(try descriptor("CONFIG", "GET").isIdempotent)
    }

    @Test("reply shapes follow the transcripts")
    func replyShapes() throws {
        #expect(try descriptor("ADDJOB").reply == .jobID)
        #expect(try descriptor("GETJOB").reply == .jobs)
        #expect(try descriptor("QPEEK").reply == .jobs)
        #expect(try descriptor("SHOW").reply == .jobDetails)
        #expect(try descriptor("QSTAT").reply == .queueStats)
        #expect(try descriptor("HELLO").reply == .hello)
        #expect(try descriptor("QSCAN").reply == .queueScan)
        #expect(try descriptor("JSCAN").reply == .jobScan)
        #expect(try descriptor("INFO").reply == .info)
        #expect(try descriptor("CLUSTER", "NODES").reply == .clusterNodes)
        #expect(try descriptor("TIME").reply == .time)
        #expect(try descriptor("QLEN").reply == .integer)
    }

    @Test("keywords, choices and value slots for the generators")
    func metadata() throws {
        let jscan = try descriptor("JSCAN")
        #expect(jscan.keywords == ["COUNT", "BUSYLOOP", "QUEUE", "STATE", "REPLY"])
        #expect(jscan.choices(for: "state") == ["wait-repl", "active", "queued", "acked"])
        #expect(jscan.choices(for: "REPLY") == ["all", "id"])
        #expect(jscan.choices(for: "COUNT").isEmpty)
        #expect(try descriptor("PAUSE").choices(for: "<option>") == ["in", "out", "all", "none", "state", "bcast"])
        #expect(try descriptor("GETJOB").keywords == ["NOHANG", "TIMEOUT", "COUNT", "WITHCOUNTERS", "FROM"])
        let queues = try descriptor("GETJOB").values.filter { $0.kind == .queue }
        #expect(queues == [ArgumentValue(name: "queue", kind: .queue, option: "FROM", isOptional: false, isRepeated: true)])
        #expect(try descriptor("ADDJOB").takesQueue)
        #expect(try !descriptor("ACKJOB").takesQueue)
        #expect(try descriptor("ACKJOB").takesJobID)
        #expect(try descriptor("ACKJOB").values.first?.isOptional == true)
    }
}

@Suite("Command table — blocking per call")
struct CommandTableBlockingTests {
    @Test("GETJOB blocks unless its NOHANG option is given")
    func getjobBlocking() throws {
        let getjob = try #require(CommandTable.lookup(["GETJOB"])).descriptor
        #expect(getjob.mayBlock(["FROM", "q"]))
        #expect(getjob.mayBlock(["TIMEOUT", "100", "FROM", "q"]))
        #expect(!getjob.mayBlock(["nohang", "FROM", "q"]))
        #expect(getjob.mayBlock(["FROM", "nohang"]))
        #expect(try !#require(CommandTable.lookup(["QLEN"])).descriptor.mayBlock(["q"]))
        #expect(try #require(CommandTable.lookup(["MONITOR"])).descriptor.mayBlock([]))
    }
}
