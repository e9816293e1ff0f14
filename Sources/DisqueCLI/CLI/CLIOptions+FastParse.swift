/// A hand-written parser for plain command lines (`-p 7711 ADDJOB q x 0`):
/// ArgumentParser's reflection costs several milliseconds at start-up, more
/// than the whole one-shot budget. Anything it is not sure about — help,
/// generators, attached or combined short flags, `--`, a bad value — returns
/// nil, and ArgumentParser parses (and explains) the line instead, so both
/// always agree on what a line means.
extension CLIOptions {
    public static func parseFast(_ arguments: [String]) -> CLIOptions? {
        var options = CLIOptions()
        var index = 0
        func value() -> String? {
            guard index + 1 < arguments.count else { return nil }
            index += 1
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("-"), argument.count > 1 else {
                options.command = Array(arguments[index...])
                break
            }
            switch argument {
            case "-h": guard let v = value(), !v.hasPrefix("-") else { return nil }; options.hosts.append(v)
            case "-p": guard let v = value(), let n = Int(v) else { return nil }; options.ports.append(n)
            case "-u": guard let v = value(), !v.hasPrefix("-") else { return nil }; options.uri = v
            case "-s": guard let v = value(), !v.hasPrefix("-") else { return nil }; options.socket = v
            case "-a": guard let v = value(), !v.hasPrefix("-") else { return nil }; options.password = v
            case "-d": guard let v = value(), !v.hasPrefix("-") else { return nil }; options.delimiter = v
            case "-r":
                guard let v = value(), let n = Int(v) else { return nil }
                options.repeatCount = n
                options.operation.repeatGiven = true
            case "-i": guard let v = value(), let n = Double(v) else { return nil }; options.interval = n
            case "--pipe-timeout": guard let v = value(), let n = Double(v) else { return nil }; options.pipeTimeout = n
            case "-t": guard let v = value(), let n = Double(v) else { return nil }; options.readTimeout = n
            case "--connect-timeout":
                guard let v = value(), let n = Double(v) else { return nil }; options.connectTimeout = n
            case "--echo": options.echo = true
            case "--raw": options.raw = true
            case "--no-raw": options.noRaw = true
            case "--csv": options.csv = true
            case "--json": options.json = true
            case "-x": options.lastArgumentFromStdin = true
            case "-e": options.exitOnError = true
            case "--pipe": options.pipe = true
            case "--embedded": options.embedded = true
            case "--nodes": options.showNodes = true
            case "--queue": guard let v = value(), !v.hasPrefix("-") else { return nil }; options.queueView = v
            default: return nil
            }
            index += 1
        }
        // A line with a mistake goes to ArgumentParser, which words the message.
        do { try options.validate() } catch { return nil }
        return options
    }
}
