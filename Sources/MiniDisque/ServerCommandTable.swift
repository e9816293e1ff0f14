/// One server command: name, arity (negative = at least), COMMAND flags, handler.
struct ServerCommand: Sendable {
    typealias Handler = @Sendable (DisqueNode, ClientConnection, [[UInt8]]) -> Void
    let name: String
    let arity: Int
    let flags: [String]
    let handler: Handler
}

/// Disque 1.0-rc1's command table (32 commands: COMMAND COUNT answers 32),
/// with the same names, arities and flags as server.c.
enum ServerCommandTable {
    static let all: [ServerCommand] = [
        // Server
        .init(name: "auth", arity: 2, flags: ["readonly", "loading", "fast"]) { $0.auth($1, $2) },
        .init(name: "ping", arity: -1, flags: ["readonly", "fast"]) { $0.ping($1, $2) },
        .init(name: "info", arity: -1, flags: ["readonly", "loading"]) { $0.info($1, $2) },
        .init(name: "shutdown", arity: -1, flags: ["readonly", "admin", "loading"]) { $0.shutdown($1, $2) },
        .init(name: "monitor", arity: 1, flags: ["readonly", "admin"]) { $0.monitor($1, $2) },
        .init(name: "debug", arity: -2, flags: ["admin"]) { $0.debug($1, $2) },
        .init(name: "config", arity: -2, flags: ["readonly", "admin"]) { $0.config($1, $2) },
        .init(name: "cluster", arity: -2, flags: ["readonly", "admin"]) { $0.cluster($1, $2) },
        .init(name: "client", arity: -2, flags: ["readonly", "admin"]) { $0.clientCommand($1, $2) },
        .init(name: "slowlog", arity: -2, flags: ["readonly"]) { $0.slowlog($1, $2) },
        .init(name: "time", arity: 1, flags: ["readonly", "fast"]) { $0.time($1, $2) },
        .init(name: "command", arity: 0, flags: ["readonly", "loading"]) { $0.command($1, $2) },
        .init(name: "latency", arity: -2, flags: ["readonly", "admin", "loading"]) { $0.latency($1, $2) },
        .init(name: "hello", arity: 1, flags: ["readonly", "fast"]) { $0.hello($1, $2) },
        // Jobs
        .init(name: "addjob", arity: -4, flags: ["write", "denyoom", "fast"]) { $0.addjob($1, $2) },
        .init(name: "getjob", arity: -2, flags: ["write", "fast"]) { $0.getjob($1, $2) },
        .init(name: "ackjob", arity: -1, flags: ["write", "fast"]) { $0.ackjob($1, $2) },
        .init(name: "fastack", arity: -1, flags: ["write", "fast"]) { $0.fastack($1, $2) },
        .init(name: "deljob", arity: -1, flags: ["write", "fast"]) { $0.deljob($1, $2) },
        .init(name: "show", arity: 2, flags: ["readonly", "fast"]) { $0.show($1, $2) },
        // AOF (a MiniDisque node keeps nothing on disk)
        .init(name: "loadjob", arity: 2, flags: ["write"]) { $0.loadjob($1, $2) },
        .init(name: "bgrewriteaof", arity: 1, flags: ["readonly", "admin"]) { $0.bgrewriteaof($1, $2) },
        // Queues
        .init(name: "qlen", arity: 2, flags: ["readonly", "fast"]) { $0.qlen($1, $2) },
        .init(name: "qpeek", arity: 3, flags: ["readonly"]) { $0.qpeek($1, $2) },
        .init(name: "qstat", arity: 2, flags: ["readonly", "fast"]) { $0.qstat($1, $2) },
        .init(name: "qscan", arity: -1, flags: ["readonly"]) { $0.qscan($1, $2) },
        .init(name: "jscan", arity: -1, flags: ["readonly"]) { $0.jscan($1, $2) },
        .init(name: "enqueue", arity: -1, flags: ["write", "denyoom", "fast"]) { $0.enqueueCommand($1, $2, nack: false) },
        .init(name: "nack", arity: -1, flags: ["write", "denyoom", "fast"]) { $0.enqueueCommand($1, $2, nack: true) },
        .init(name: "dequeue", arity: -1, flags: ["write", "fast"]) { $0.dequeueCommand($1, $2) },
        .init(name: "working", arity: 2, flags: ["write", "fast"]) { $0.working($1, $2) },
        .init(name: "pause", arity: -3, flags: ["readonly", "fast"]) { $0.pause($1, $2) },
    ]

    static let byName: [String: ServerCommand] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
    /// Position of each command in `all`, where the node keeps its call statistics.
    static let indexByName: [String: Int] = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($1.name, $0) })
}
