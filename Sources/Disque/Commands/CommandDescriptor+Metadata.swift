/// One value slot of a command's grammar, for generators (man page, shell
/// completion scripts) that need to know where a queue or job ID goes.
public struct ArgumentValue: Sendable, Hashable {
    /// The placeholder name, e.g. "queue" for `<queue>`.
    public var name: String
    public var kind: ValueKind
    /// The option keyword this value belongs to (`REPLICATE` for
    /// `REPLICATE <count>`, `FROM` for GETJOB's queues), nil for a positional.
    public var option: String?
    /// True when the value may be left out.
    public var isOptional: Bool
    /// True when the value may be given several times.
    public var isRepeated: Bool
}

extension CommandDescriptor {
    /// Every keyword the grammar knows, in grammar order (upper case): option
    /// and flag keywords and required keywords such as GETJOB's FROM. Choice
    /// values are not included; see `choices(for:)`.
    public var keywords: [String] {
        var result: [String] = []
        func collect(_ argument: CommandArgument) {
            switch argument {
            case .value: break
            case .optional(let inner), .repeated(let inner, _): collect(inner)
            case .option(let keyword, let values, _), .keyword(let keyword, let values):
                result.append(keyword)
                values.forEach(collect)
            case .flag(let keyword): result.append(keyword)
            }
        }
        arguments.forEach(collect)
        return result
    }

    /// The fixed words a value may take, looked up by the option keyword it
    /// follows (`choices(for: "STATE")` → wait-repl, active, queued, acked) or
    /// by a value's placeholder name (`choices(for: "option")` for PAUSE).
    /// Case-insensitive; empty when that value is free-form or unknown.
    public func choices(for option: String) -> [String] {
        let key = option.trimmingAngleBrackets
        for value in values {
            let matches = value.option.map { $0.equalsIgnoringCase(key) } ?? false
            if matches || value.name.equalsIgnoringCase(key) {
                let choices = value.kind.choices
                if !choices.isEmpty { return choices }
            }
        }
        return []
    }

    /// Every value slot, in grammar order.
    public var values: [ArgumentValue] {
        var result: [ArgumentValue] = []
        func collect(_ argument: CommandArgument, option: String?, optional: Bool, repeated: Bool) {
            switch argument {
            case .value(let name, let kind):
                result.append(ArgumentValue(name: name, kind: kind, option: option,
                                            isOptional: optional, isRepeated: repeated))
            case .optional(let inner):
                collect(inner, option: option, optional: true, repeated: repeated)
            case .repeated(let inner, let minimum):
                collect(inner, option: option, optional: optional || minimum == 0, repeated: true)
            case .option(let keyword, let values, let repeatable):
                values.forEach { collect($0, option: keyword, optional: true, repeated: repeatable) }
            case .keyword(let keyword, let values):
                values.forEach { collect($0, option: keyword, optional: optional, repeated: repeated) }
            case .flag:
                break
            }
        }
        arguments.forEach { collect($0, option: nil, optional: false, repeated: false) }
        return result
    }

    /// Whether this command, with these arguments (after the name words),
    /// may hold its reply back on purpose: GETJOB blocks unless its NOHANG
    /// option is given (a queue that happens to be named "nohang" does not
    /// count), MONITOR and DEBUG SLEEP always may.
    public func mayBlock(_ arguments: [String]) -> Bool {
        guard mayBlock else { return false }
        let walk = grammar.walk(arguments, checkingValues: false)
        return !walk.usedOptions.contains("NOHANG")
    }

    /// True when some argument of this command names a queue.
    public var takesQueue: Bool { values.contains { $0.kind == .queue } }

    /// True when some argument of this command is a job ID.
    public var takesJobID: Bool { values.contains { $0.kind == .jobID } }
}

extension String {
    /// "<queue>" → "queue"; other strings unchanged.
    var trimmingAngleBrackets: String {
        if hasPrefix("<") && hasSuffix(">") && count >= 2 { return String(dropFirst().dropLast()) }
        return self
    }
}
