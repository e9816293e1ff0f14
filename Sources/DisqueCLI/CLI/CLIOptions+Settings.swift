import Disque
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension CLIOptions {
    /// The password: `-a` wins over `DISQUE_AUTH`; an empty one means none.
    var resolvedPassword: String? {
        if let password, !password.isEmpty { return password }
        if let value = getenv("DISQUE_AUTH") {
            let text = String(cString: value)
            return text.isEmpty ? nil : text
        }
        return nil
    }

    /// Where to connect, how, and with which password.
    func connectionOptions(endpointOverride: DisqueEndpoint? = nil) -> DisqueConnectionOptions {
        let endpoint = endpointOverride ?? socket.map { DisqueEndpoint.unix(path: $0) }
            ?? .tcp(host: host, port: port)
        return DisqueConnectionOptions(
            endpoint: endpoint,
            password: resolvedPassword,
            connectTimeout: .milliseconds(Int64((connectTimeout * 1000).rounded())),
            readTimeout: nil,
            writeTimeout: nil,
            reconnect: true
        )
    }

    /// The output style: the flag asked for, else pretty on a terminal and raw elsewhere.
    func formatter(for fileDescriptor: Int32 = 1) -> ReplyFormatter {
        let style: ReplyFormatter.Style
        if json {
            style = .json
        } else if csv {
            style = .csv
        } else if raw {
            style = .raw
        } else if noRaw {
            style = .pretty
        } else {
            style = isatty(fileDescriptor) == 1 ? .pretty : .raw
        }
        return ReplyFormatter(style: style, color: style == .pretty && TerminalColor.enabled(for: fileDescriptor),
                              delimiter: delimiter)
    }

    /// redis-cli's warning for a password on the command line, shown when a
    /// person is watching (stderr is a terminal).
    func warnAboutCommandLinePassword() {
        guard let password, !password.isEmpty, isatty(2) == 1 else { return }
        writeError("Warning: Using a password with '-a' on the command line may not be safe"
                   + " (other users can see it); set DISQUE_AUTH instead.")
    }

    /// The message and exit status for a connection-level failure.
    static func report(_ error: DisqueError) -> ExitStatus {
        switch error {
        case .reply(let code, let message):
            // Only AUTH answers with an error while connecting.
            writeError("AUTH failed: \(code) \(message)".trimmingTrailingSpace)
            return .connection
        default:
            writeError(error.description)
            return .connection
        }
    }
}

extension String {
    var trimmingTrailingSpace: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
