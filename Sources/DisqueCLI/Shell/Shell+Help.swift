import Disque

extension ShellSession {
    /// `help`, `help @group`, `help COMMAND [SUBCOMMAND]`: all from the command
    /// table, so it works without a connection. The text lives in `HelpText`,
    /// shared with one-shot `disque-cli help …`.
    func help(_ topic: [String]) -> String {
        HelpText.answer(topic, inShell: true)
    }
}
