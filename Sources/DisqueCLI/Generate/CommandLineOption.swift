import ArgumentParser

/// One flag or option of the root command, as swift-argument-parser describes
/// it. Read from the declarations in `DisqueCLICommand` (through the JSON
/// behind `--experimental-dump-help`), so the man page and the completion
/// scripts never keep a second list of flags that could drift.
struct CommandLineOption: Sendable, Equatable {
    enum ValueCompletion: Sendable, Equatable {
        case none
        case files
        case words([String])
    }

    /// Every spelling, short ones first: `["-h"]`, `["--connect-timeout"]`.
    var names: [String]
    /// The placeholder of the value (`host`, `seconds`); nil for a flag.
    var valueName: String?
    var help: String
    var discussion: String
    /// The default, as the parser prints it; nil when there is none to show.
    var defaultValue: String?
    var completion: ValueCompletion

    var takesValue: Bool { valueName != nil }

    /// True when `word` is this option, alone or as `--name=value`.
    func matches(_ word: String) -> Bool {
        names.contains { word == $0 || (takesValue && $0.hasPrefix("--") && word.hasPrefix($0 + "=")) }
    }
}

extension CommandLineOption {
    /// The root command's visible flags and options, in declaration order.
    static var all: [CommandLineOption] { options(of: DisqueCLICommand.self) }

    /// The visible flags and options of `command`; empty if its description
    /// cannot be read (a test checks that it can).
    static func options(of command: ParsableCommand.Type) -> [CommandLineOption] {
        (try? options(fromToolInfo: command._dumpHelp())) ?? []
    }

    static func options(fromToolInfo json: String) throws(ToolInfoJSON.Malformed) -> [CommandLineOption] {
        let info = try ToolInfoJSON.parse(json)
        let arguments = info["command"]?["arguments"]?.array ?? []
        return arguments.compactMap { argument in
            guard let kind = argument["kind"]?.string, kind == "option" || kind == "flag",
                  argument["shouldDisplay"]?.bool ?? true else { return nil }
            let names = (argument["names"]?.array ?? []).compactMap { name -> (Int, String)? in
                guard let text = name["name"]?.string else { return nil }
                switch name["kind"]?.string {
                case "short": return (0, "-" + text)
                case "longWithSingleDash": return (1, "-" + text)
                default: return (2, "--" + text)
                }
            }
            guard !names.isEmpty else { return nil }
            let takesValue = kind == "option"
            var completion = ValueCompletion.none
            if let kindInfo = argument["completionKind"] {
                if let values = kindInfo["list"]?["values"]?.array {
                    completion = .words(values.compactMap(\.string))
                } else if kindInfo["file"] != nil || kindInfo["directory"] != nil {
                    completion = .files
                }
            } else if let values = argument["allValues"]?.array, !values.isEmpty {
                completion = .words(values.compactMap(\.string))
            }
            let defaultValue = takesValue ? argument["defaultValue"]?.string : nil
            return CommandLineOption(
                names: names.sorted { $0.0 < $1.0 }.map(\.1),
                valueName: takesValue ? (argument["valueName"]?.string ?? "value") : nil,
                help: argument["abstract"]?.string ?? "",
                discussion: argument["discussion"]?.string ?? "",
                defaultValue: defaultValue.flatMap { $0.isEmpty ? nil : $0 },
                completion: takesValue ? completion : .none)
        }
    }
}
