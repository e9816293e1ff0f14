/// Which commands are safe to repeat and which may block, for callers that
/// hold only the words: each answer is `ResolvedCommand`'s (one lookup in
/// the command table), so the policy lives in one place.
extension DisqueConnection {
    /// The command's name for messages: "ADDJOB", or "CLUSTER NODES" for a container command.
    public static func commandName(_ arguments: [[UInt8]]) -> String {
        ResolvedCommand(arguments).name
    }

    /// True when sending the command twice cannot change server state beyond
    /// sending it once; only these are re-sent after a link breaks mid-command.
    /// Unknown commands are never re-sent.
    public static func commandIsIdempotent(_ arguments: [[UInt8]]) -> Bool {
        ResolvedCommand(arguments).isIdempotent
    }

    /// True when the server may hold the reply back on purpose until
    /// something happens (GETJOB without its NOHANG option, MONITOR…). The
    /// arguments are read by the command's grammar, so a queue named
    /// "nohang" after FROM does not count as the option.
    public static func commandMayBlock(_ arguments: [[UInt8]]) -> Bool {
        ResolvedCommand(arguments).blocks
    }
}
