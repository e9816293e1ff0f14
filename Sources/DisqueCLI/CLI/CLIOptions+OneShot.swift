import Disque
import RESP
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One-shot mode: `disque-cli [options] CMD ARG...` — validate, connect, run
/// (`-r` times, `-i` apart), print, exit.
extension CLIOptions {
    /// `cluster`: the cluster client's options when more than one node is named.
    func runOneShot(options: DisqueConnectionOptions, cluster: DisqueClusterOptions? = nil) -> ExitStatus {
        var words = commandBytes()
        if lastArgumentFromStdin {
            let input = StandardInput.readAll()
            words.insert(input, at: Self.stdinArgumentIndex(for: command))
        }
        let resolved: ResolvedCommand
        do {
            resolved = try ResolvedCommand(validating: words)
        } catch {
            writeError(error.description)
            return .usage
        }
        let formatter = formatter()

        let connection: CommandLink
        do {
            connection = try CommandLink.open(options, cluster: cluster, echo: echo ? EchoTrace.hook : nil,
                                              onMove: { writeError($0.cliLine) })
        } catch {
            return ExitStatus.reporting(error)
        }
        defer { connection.close() }

        let output = FileOutput.standardOutput
        var sawError = false
        var remaining = repeatCount
        var round = 0
        let separated = formatter.style == .pretty && repeatCount != 1 && interval > 0
        while remaining != 0 {
            do {
                let reply = try connection.send(resolved)
                if reply.isError { sawError = true }
                round += 1
                if separated { output.write(RepeatSeparator.line(round: round, of: repeatCount, color: formatter.color)) }
                output.append { formatter.render(reply, shape: resolved.reply, into: &$0) }
                output.flush()
            } catch {
                output.flush()
                return ExitStatus.reporting(error)
            }
            if remaining > 0 { remaining -= 1 }
            if remaining != 0, interval > 0 { MonotonicClock.sleep(seconds: interval) }
        }
        return sawError ? .serverError : .success
    }

    /// The command words as bytes. ArgumentParser hands over Strings, which
    /// repair bytes that are not UTF-8; the words are the tail of argv
    /// (everything after the first positional is captured as is), so the
    /// exact bytes are taken from there when they match.
    func commandBytes() -> [[UInt8]] {
        let argc = Int(CommandLine.argc)
        guard argc - 1 >= command.count else { return command.map { Array($0.utf8) } }
        var exact: [[UInt8]] = []
        exact.reserveCapacity(command.count)
        for (offset, word) in command.enumerated() {
            guard let pointer = CommandLine.unsafeArgv[argc - command.count + offset] else {
                return command.map { Array($0.utf8) }
            }
            let bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self),
                                                  count: strlen(pointer)))
            guard String(decoding: bytes, as: UTF8.self) == word else { return command.map { Array($0.utf8) } }
            exact.append(bytes)
        }
        return exact
    }

    /// Where `-x` puts the bytes read from stdin: at the job body when the
    /// command takes one after fixed positionals (`-x ADDJOB q 0` → `ADDJOB q
    /// <stdin> 0`), otherwise last, as redis-cli does.
    static func stdinArgumentIndex(for words: [String]) -> Int {
        guard let (descriptor, nameWords) = CommandTable.lookup(words) else { return words.count }
        var index = nameWords
        for argument in descriptor.arguments {
            guard case .value(_, let kind) = argument else { break }
            if kind == .body { return min(index, words.count) }
            index += 1
        }
        return words.count
    }
}
