import Disque

/// The node addresses a command line names: `-h a:7711,b:7712` (repeatable),
/// `DISQUE_NODES` in the same syntax, or a `-u disque://[:password@]host:port,…`
/// URI. Each entry is `host`, `host:port`, `[v6]`, `[v6]:port` or a bare IPv6
/// literal (`::1`, which has no room for a port); an entry without a port
/// takes `-p` (7711).
enum NodeAddressList {
    typealias UsageError = CLIOptions.UsageError

    /// The endpoints in a comma-separated list, in order, duplicates dropped.
    static func parse(_ text: String, defaultPort: Int, source: String) throws(UsageError) -> [DisqueEndpoint] {
        var endpoints: [DisqueEndpoint] = []
        for entry in text.split(separator: ",", omittingEmptySubsequences: false) {
            let endpoint = try parseEntry(String(entry), defaultPort: defaultPort, source: source)
            if !endpoints.contains(endpoint) { endpoints.append(endpoint) }
        }
        return endpoints
    }

    /// One `host[:port]` entry.
    static func parseEntry(_ raw: String, defaultPort: Int, source: String) throws(UsageError) -> DisqueEndpoint {
        let entry = raw.trimmingBlanks
        func fail(_ why: String) -> UsageError {
            UsageError(description: "\(source): bad node address \"\(raw)\": \(why)")
        }
        guard !entry.isEmpty else { throw fail("empty (two commas, or a comma at an end?)") }
        var host = entry
        var portText: String?
        if entry.hasPrefix("[") {
            // "[::1]" or "[::1]:7711": the brackets hold the IPv6 literal.
            guard let close = entry.firstIndex(of: "]") else { throw fail("the '[' is never closed") }
            host = String(entry[entry.index(after: entry.startIndex)..<close])
            let rest = entry[entry.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { throw fail("expected ':port' after ']'") }
                portText = String(rest.dropFirst())
            }
            guard host.contains(":") else { throw fail("brackets are for IPv6 addresses only") }
        } else if let colon = entry.lastIndex(of: ":") {
            // One colon: host:port. More: a bare IPv6 literal, no port.
            if entry.firstIndex(of: ":") == colon {
                host = String(entry[..<colon])
                portText = String(entry[entry.index(after: colon)...])
            }
        }
        guard !host.isEmpty else { throw fail("no host before the port") }
        guard let portText else { return .tcp(host: host, port: defaultPort) }
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw fail("the port must be a number from 1 to 65535")
        }
        return .tcp(host: host, port: port)
    }

    /// `disque://[[user]:password@]host[:port][,host[:port]…][/]`: the nodes and
    /// the password, percent-decoded. Disque has no users: a user name is refused
    /// rather than silently dropped.
    static func parseURI(_ uri: String, defaultPort: Int) throws(UsageError) -> (nodes: [DisqueEndpoint], password: String?) {
        func fail(_ why: String) -> UsageError { UsageError(description: "-u: \(why)") }
        let scheme = "disque://"
        guard uri.lowercased().hasPrefix(scheme) else {
            throw fail("expected disque://[:password@]host:port[,host:port…], got \"\(uri)\"")
        }
        var rest = String(uri.dropFirst(scheme.count))
        if rest.hasSuffix("/") { rest.removeLast() }
        guard !rest.contains("/") else { throw fail("Disque has no databases: nothing may follow the nodes but '/'") }
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let credentials = String(rest[..<at])
            rest = String(rest[rest.index(after: at)...])
            let parts = credentials.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2 {
                guard parts[0].isEmpty || parts[0] == "default" else {
                    throw fail("Disque has no users: write disque://:password@host:port")
                }
                password = try percentDecoded(String(parts[1]), fail)
            } else {
                // redis-cli reads a lone word before '@' as the password, too.
                password = try percentDecoded(credentials, fail)
            }
            if password == "" { password = nil }
        }
        guard !rest.isEmpty else { throw fail("no node after disque://") }
        return (try parse(rest, defaultPort: defaultPort, source: "-u"), password)
    }

    private static func percentDecoded(_ text: String, _ fail: (String) -> UsageError) throws(UsageError) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            let hex = String(decoding: utf8.prefix(2), as: UTF8.self)
            guard hex.utf8.count == 2, let value = UInt8(hex, radix: 16) else {
                throw fail("bad %-escape in the password (write %25 for a '%')")
            }
            bytes.append(value)
            utf8 = utf8.dropFirst(2)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension String {
    var trimmingBlanks: String {
        var text = Substring(self)
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return String(text)
    }
}
