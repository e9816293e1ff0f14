/// Which commands are safe to repeat and which may block: decided by the
/// command table's descriptors, so the policy lives in one place.
extension DisqueConnection {
    /// The command's name for messages: "ADDJOB", or "CLUSTER NODES" for a container command.
    static func commandName(_ arguments: [[UInt8]]) -> String {
        guard let first = arguments.first else { return "(empty command)" }
        let words = arguments.prefix(2).map { String(decoding: $0, as: UTF8.self) }
        if let (descriptor, _) = CommandTable.lookup(words) { return descriptor.fullName }
        return String(decoding: first, as: UTF8.self).uppercased()
    }

    /// True when sending the command twice cannot change server state beyond
    /// sending it once; only these are re-sent after a link breaks mid-command.
    /// Unknown commands are never re-sent.
    static func commandIsIdempotent(_ arguments: [[UInt8]]) -> Bool {
        let words = arguments.prefix(2).map { String(decoding: $0, as: UTF8.self) }
        return CommandTable.lookup(words)?.descriptor.isIdempotent ?? false
    }

    /// True when the server may hold the reply back on purpose (GETJOB
    /// without NOHANG, MONITOR…): the read timeout does not apply to it.
    static func commandMayBlock(_ arguments: [[UInt8]]) -> Bool {
        guard let first = arguments.first else { return false }
        let words = arguments.prefix(2).map { String(decoding: $0, as: UTF8.self) }
        guard let descriptor = CommandTable.lookup(words)?.descriptor, descriptor.mayBlock else { return false }
        if String(decoding: first, as: UTF8.self).uppercased() == "GETJOB" {
            return !arguments.dropFirst().contains { String(decoding: $0, as: UTF8.self).uppercased() == "NOHANG" }
        }
        return true
    }
}
