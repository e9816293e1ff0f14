import RESP

/// Typed server commands: HELLO, INFO, PING.
extension DisqueConnection {
    /// HELLO: this node's ID and every node it knows, with host, port and priority.
    public func hello() throws(DisqueError) -> Hello {
        try Hello(reply: try call(["HELLO"]), command: "HELLO")
    }

    /// INFO: the server's report, all sections or one ("jobs", "server"…).
    public func info(_ section: String? = nil) throws(DisqueError) -> String {
        try call(section.map { ["INFO", $0] } ?? ["INFO"]).text(for: "INFO")
    }

    /// INFO parsed: section name (lower-cased, e.g. "server") → field → value.
    public func infoSections(_ section: String? = nil) throws(DisqueError) -> [String: [String: String]] {
        DisqueConnection.parseInfo(try info(section))
    }

    /// Parses INFO text: "# Name" lines open a section, "key:value" lines fill it.
    public static func parseInfo(_ text: String) -> [String: [String: String]] {
        InfoReport(parsing: text).dictionary
    }

    /// PING: "PONG", or `message` echoed back.
    @discardableResult
    public func ping(_ message: String? = nil) throws(DisqueError) -> String {
        try call(message.map { ["PING", $0] } ?? ["PING"]).text(for: "PING")
    }
}
