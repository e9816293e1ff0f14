extension CommandDescriptor {
    /// Checks `arguments` (the words after the name and subcommand) against
    /// the grammar before sending.
    ///
    /// Never stricter than a real Disque 1.0-rc1 node: it rejects wrong
    /// argument counts, malformed integers and out-of-range values the server
    /// would refuse anyway, unknown option keywords, missing option values,
    /// GETJOB without `FROM <queue>`, and job IDs of the wrong length or
    /// prefix. It does not reject what only the server can judge (DELAY
    /// greater than TTL, unknown node IDs, state-dependent errors), nor a
    /// repeated option: the server lets the later one win.
    public func validate(_ arguments: [String]) throws(CommandValidationError) {
        _ = try validatedWalk(arguments)
    }

    /// `validate`, keeping the walk for what else it tells (the options given).
    func validatedWalk(_ arguments: [String]) throws(CommandValidationError) -> CommandGrammar.Walk {
        let walk = grammar.walk(arguments, checkingValues: true)
        var mismatch = walk.mismatch
        if ignoresExtraArguments, case .unexpectedWord? = mismatch, walk.openOption == nil,
           grammar.missing(after: walk) == nil {
            // The server stops reading once it has what it needs.
            mismatch = nil
        }
        if let mismatch = mismatch ?? grammar.missing(after: walk) {
            throw error(for: mismatch)
        }
        return walk
    }

    /// Convenience: true when `validate` would not throw.
    public func isValid(_ arguments: [String]) -> Bool {
        do { try validate(arguments); return true } catch { return false }
    }

    func error(for mismatch: CommandGrammar.Mismatch) -> CommandValidationError {
        switch mismatch {
        case .invalidValue(let argument, _, let reason):
            return CommandValidationError(command: fullName, argument: argument, message: reason,
                                          syntax: syntax)
        case .unexpectedWord(let word, let expected):
            let message: String
            if expected.isEmpty {
                message = "is one argument too many"
            } else {
                message = "is not expected here (expected \(expected.joined(separator: ", ")))"
            }
            return CommandValidationError(command: fullName, argument: ValueKind.quoted(word),
                                          message: message, syntax: syntax)
        case .missingOptionValue(let option, let value):
            return CommandValidationError(command: fullName, argument: option,
                                          message: "needs a value: \(value)", syntax: syntax)
        case .missingArgument(let name):
            return CommandValidationError(command: fullName, argument: name,
                                          message: "is missing", syntax: syntax)
        }
    }
}
