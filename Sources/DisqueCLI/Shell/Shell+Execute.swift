import Disque
import RESP

extension ShellSession {
    /// Runs one entered line: quoting, the repeat prefix, the shell's own
    /// words, validation from the command table, then the server.
    func execute(_ line: String) {
        guard var arguments = ArgumentSplitter.split(Array(line.utf8)) else {
            printError("Invalid argument(s)")
            return
        }
        guard !arguments.isEmpty else { return }
        var times = 1
        if arguments.count > 1, let count = Self.repeatCount(arguments[0]) {
            guard let count, count > 0 else {
                printError("Invalid repeat count \"\(Self.text(arguments[0]))\": "
                           + "a command can be repeated 1 or more times")
                return
            }
            times = count
            arguments.removeFirst()
        }
        let words = arguments.map(Self.text)
        if runBuiltin(words) { return }

        let command: ResolvedCommand
        do {
            command = try ResolvedCommand(validating: arguments)
        } catch {
            printError("(error) " + error.description)
            return
        }
        // Ctrl-C pressed while nothing waited must not cut this command short.
        interrupt.drain()
        guard let link = connectedLink() else { return }
        if case .cluster = link, words[0].uppercased() == "MONITOR" {
            // MONITOR turns its link into a stream: not one of the cluster client's.
            monitorCurrentNode()
            return
        }
        for _ in 0..<times {
            guard send(command, on: link) else { break }
        }
    }

    /// Sends one command and shows its reply; false when repeating should stop.
    private func send(_ command: ResolvedCommand, on link: CommandLink) -> Bool {
        let started = ContinuousClock.now
        do {
            let reply = try link.send(command)
            let elapsed = started.duration(to: .now)
            printReply(reply, shape: reply.isError ? nil : command.reply)
            recentJobIDs.collect(from: reply)
            if elapsed >= .milliseconds(500) { write(Self.formatElapsed(elapsed)) }
            if !reply.isError { afterSuccess(command, on: link) }
            return true  // a repeated command goes on after an error reply, as in redis-cli
        } catch .interrupted {
            abandonInterrupted()
            return false
        } catch {
            report(error)
            return false
        }
    }

    /// What a successful command changes for the shell itself.
    private func afterSuccess(_ command: ResolvedCommand, on link: CommandLink) {
        let arguments = command.arguments
        switch command.descriptor?.name ?? "" {
        case "AUTH" where arguments.count == 2:
            // Later reconnects must authenticate the same way.
            connectionOptions.password = Self.text(arguments[1])
            if clusterOptions != nil {
                // AUTH reached one node: let the cluster client authenticate every link.
                clusterOptions?.password = connectionOptions.password
                connect()
            }
        case _ where command.descriptor?.group == .jobs && !command.isIdempotent:
            // A job command that changes state may create or empty a queue: completion asks again.
            queueNames.invalidate()
        case "MONITOR":
            if case .node(let connection) = link { stream(from: connection) }
        default:
            break
        }
    }

    /// MONITOR: prints what the server streams until Ctrl-C or the link ends.
    private func stream(from link: DisqueConnection) {
        while true {
            do {
                let event = try link.readReply()
                printReply(event, shape: nil)
            } catch .interrupted {
                abandonInterrupted()
                return
            } catch {
                report(error)
                return
            }
        }
    }

    /// Ctrl-C stopped a waiting command: its link was dropped (a reply may
    /// still be on its way); open a fresh one so the next command starts clean.
    private func abandonInterrupted() {
        interrupt.drain()
        write("\n")
        printError("(interrupted) the command was abandoned and the connection reopened")
        if case .cluster(let cluster) = link {
            // Drop every link but keep which node the shell is on; the next command reconnects.
            cluster.close()
        } else {
            connect()
        }
    }

    func report(_ error: DisqueError) {
        switch error {
        case .connection:
            // The link is gone (the client already tried once to replace it):
            // the prompt says so, and the next command connects afresh.
            printError(error.description)
            link?.close()
            link = nil
        case .notSentMayHaveReachedServer:
            printError("(error) " + error.description)
            if !isConnected {
                link?.close()
                link = nil
            }
        case .protocol:
            printError("(error) " + error.description)
            link?.close()
            link = nil
        case .reply(let code, let message):
            printError("(error) " + (message.isEmpty ? code : code + " " + message))
        case .validation(let failure):
            printError("(error) " + failure.description)
        case .interrupted:
            abandonInterrupted()
        }
    }

    /// The repeat count when `word` is a number: nil when it is not a number,
    /// .some(nil) when it is one but out of range.
    static func repeatCount(_ word: [UInt8]) -> Int?? {
        guard !word.isEmpty else { return nil }
        let digits = word.first == UInt8(ascii: "-") || word.first == UInt8(ascii: "+") ? word.dropFirst() : word[...]
        guard !digits.isEmpty, digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        guard let value = Int(text(word)) else { return .some(nil) }
        return .some(value)
    }

    /// "(1.52s)" for replies that took long enough to notice.
    static func formatElapsed(_ elapsed: Duration) -> String {
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        let hundredths = (milliseconds + 5) / 10
        let fraction = hundredths % 100
        return "(\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)s)\n"
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
}
