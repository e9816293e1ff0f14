/// A command's arguments do not fit its grammar. Raised before anything is
/// sent, so nothing reaches the server.
public struct CommandValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The command as typed in canonical case, e.g. "ADDJOB" or "CLUSTER MEET".
    public var command: String
    /// The argument at fault, e.g. "<ms-timeout>", "REPLICATE" or an unknown
    /// word as typed; nil when the fault is the argument count as a whole.
    public var argument: String?
    /// What is wrong, e.g. `expects a non-negative integer (milliseconds), got "abc"`.
    public var message: String
    /// The command's full syntax.
    public var syntax: String

    public init(command: String, argument: String?, message: String, syntax: String) {
        self.command = command
        self.argument = argument
        self.message = message
        self.syntax = syntax
    }

    /// "ADDJOB: <ms-timeout> expects …\nUsage: ADDJOB <queue> …"
    public var description: String {
        let subject = argument.map { "\($0) " } ?? ""
        return "\(command): \(subject)\(message)\nUsage: \(syntax)"
    }
}
