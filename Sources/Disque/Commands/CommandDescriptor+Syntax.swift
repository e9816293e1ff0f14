extension CommandDescriptor {
    /// The full syntax, derived from the grammar:
    /// `ADDJOB <queue> <job> <ms-timeout> [REPLICATE <count>] … [ASYNC]`.
    public var syntax: String {
        let rest = argumentSyntax
        return rest.isEmpty ? fullName : "\(fullName) \(rest)"
    }

    /// The syntax without the command name (and subcommand).
    public var argumentSyntax: String {
        arguments.map(\.syntax).joined(separator: " ")
    }
}

extension CommandArgument {
    /// How this element reads in a usage line.
    public var syntax: String {
        switch self {
        case .value(let name, let kind):
            return Self.placeholder(name, kind)
        case .optional(let inner):
            return "[\(inner.syntax)]"
        case .repeated(let inner, let minimum):
            let one = inner.syntax
            if minimum <= 0 { return "[\(one) ...]" }
            return Array(repeating: one, count: minimum).joined(separator: " ") + " [\(one) ...]"
        case .option(let keyword, let values, let repeatable):
            let body = ([keyword] + values.map(\.syntax)).joined(separator: " ")
            return repeatable ? "[\(body)]..." : "[\(body)]"
        case .flag(let keyword):
            return "[\(keyword)]"
        case .keyword(let keyword, let values):
            return ([keyword] + values.map(\.syntax)).joined(separator: " ")
        }
    }

    /// A value reads `<name>`; a short list of fixed words reads `yes|no`
    /// so the choices are visible in the usage line itself.
    static func placeholder(_ name: String, _ kind: ValueKind) -> String {
        if case .choice(let choices) = kind, choices.count <= 3 {
            return choices.joined(separator: "|")
        }
        return "<\(name)>"
    }
}
