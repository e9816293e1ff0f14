import Disque
import MiniDisque

/// `--embedded`: a MiniDisque node in this process on a free loopback port.
/// Only this code path touches MiniDisque, so a normal start-up never pays for it.
struct EmbeddedNode {
    let server: MiniDisqueServer
    let endpoint: DisqueEndpoint

    static func start(password: String?) throws(MiniDisqueError) -> EmbeddedNode {
        let server = MiniDisqueServer(configuration: MiniDisqueConfiguration(
            host: "127.0.0.1", port: 0, password: password))
        try server.start()
        return EmbeddedNode(server: server, endpoint: .tcp(host: "127.0.0.1", port: server.port))
    }

    func stop() { server.stop() }
}
