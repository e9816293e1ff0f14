import ArgumentParser
import Disque
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension DisqueCLICommand {
    /// The whole program: parses the command line, runs, exits with the
    /// documented status (2 for any usage error, unlike ArgumentParser's 64).
    public static func main() -> Never {
        let status = runMain(Array(CommandLine.arguments.dropFirst()))
        FileOutput.standardOutput.flush()
        Glibc.exit(status)
    }

    /// Parses `arguments` (without the program name) and runs; returns the exit status.
    public static func runMain(_ arguments: [String]) -> Int32 {
        if let options = CLIOptions.parseFast(arguments) { return options.execute() }
        let command: DisqueCLICommand
        do {
            command = try parse(arguments)
        } catch {
            if exitCode(for: error) == .success {
                FileOutput.standardOutput.write(fullMessage(for: error) + "\n")
                return ExitStatus.success.rawValue
            }
            writeError("disque-cli: " + message(for: error))
            writeError("Run 'disque-cli --help' for the options.")
            return ExitStatus.usage.rawValue
        }
        return command.options.execute()
    }
}
