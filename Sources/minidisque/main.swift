import ArgumentParser
import Glibc
import MiniDisque
import RESP

/// `minidisque`: a Disque 1.0-rc1 compatible node for trying clients and
/// workers without a real cluster. Jobs live in memory only.
struct MiniDisqueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "minidisque",
        abstract: "Run a single in-memory Disque 1.0-rc1 compatible node.",
        discussion: "Stop it with SHUTDOWN (e.g. `disque-cli -p 7711 shutdown`) or Ctrl-C."
    )

    @Option(help: "TCP port to listen on (0 picks a free one).")
    var port: Int = DisqueDefaults.port

    @Option(help: "Address to bind.")
    var host: String = "127.0.0.1"

    @Option(help: "Require clients to AUTH with this password.")
    var requirepass: String?

    @Option(help: "Also listen on this Unix socket path.")
    var unixsocket: String?

    @Option(help: "Refuse connections beyond this many clients (like Disque's maxclients).")
    var maxclients: Int = 10000

    func validate() throws {
        // The real server's words for the same mistake in its configuration.
        if maxclients < 1 { throw ValidationError("Invalid max clients limit") }
    }

    func run() throws {
        let server = MiniDisqueServer(configuration: MiniDisqueConfiguration(
            host: host, port: port, password: requirepass, unixSocketPath: unixsocket,
            maxClients: maxclients))
        signal(SIGPIPE, SIG_IGN)
        do {
            try server.run {
                let address = host.contains(":") ? "[\(host)]" : host
                print("MiniDisque \(server.nodeID) ready on \(address):\(server.port)")
                fflush(nil) // stdout may be a pipe: make the ready line visible now
            }
        } catch {
            throw StartError(description: error.description)
        }
    }
}

/// A start-up failure ("port 7711 in use"): one line on stderr and exit status 1.
struct StartError: Error, CustomStringConvertible {
    var description: String
}

MiniDisqueCommand.main()
