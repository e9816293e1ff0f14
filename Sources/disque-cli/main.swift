import Disque
import DisqueCLI
import MiniDisque

// `--embedded` runs MiniDisque in this process; only the executable knows
// the server, so the DisqueCLI library keeps to the client side.
EmbeddedNode.starter = { password in
    let server = MiniDisqueServer(configuration: MiniDisqueConfiguration(host: "127.0.0.1", port: 0, password: password))
    try server.start()
    return EmbeddedNode(endpoint: .tcp(host: "127.0.0.1", port: server.port), stop: { server.stop() })
}
DisqueCLICommand.main()
