/// Which commands are safe to repeat and which may block: decided by the
/// command table's descriptors, so the policy lives in one place.
extension DisqueConnection {
    /// The command's name for messages: "ADDJOB", or "CLUSTER NODES" for a container command.
    public static func commandName(_ arguments: [[UInt8]]) -> String {
        guard let first = arguments.first else { return "(empty command)" }
        let words = arguments.prefix(2).map { String(decoding: $0, as: UTF8.self) }
        if let (descriptor, _) = CommandTable.lookup(words) { return descriptor.fullName }
        return String(decoding: first, as: UTF8.self).uppercased()
    }

    /// True when sending the command twice cannot change server state beyond
    /// sending it once; only these are re-sent after a link breaks mid-command.
    /// Unknown commands are never re-sent.
    public static func commandIsIdempotent(_ arguments: [[UInt8]]) -> Bool {
        let words = arguments.prefix(2).map { String(decoding: $0, as: UTF8.self) }
        return CommandTable.lookup(words)?.descriptor.isIdempotent ?? false
    }

    /// True when the server may hold the reply back on purpose (GETJOB
    /// without its NOHANG option, MONITOR…): the read timeout does not apply
    /// to it. The descriptor reads the arguments by the command's grammar, so
    /// a queue named "nohang" after FROM does not count as the option.
    public static func commandMayBlock(_ arguments: [[UInt8]]) -> Bool {
        let head = arguments.prefix(2).map { String(decoding: $0, as: UTF8.self) }
        guard let (descriptor, nameWords) = CommandTable.lookup(head), descriptor.mayBlock else { return false }
        return descriptor.mayBlock(arguments.dropFirst(nameWords).map { String(decoding: $0, as: UTF8.self) })
    }
}
