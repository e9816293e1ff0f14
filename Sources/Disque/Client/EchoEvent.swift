import RESP

/// What the echo hook sees: each command as it is sent and each reply as
/// it arrives, in wire order. Passwords are shown masked.
public enum EchoEvent: Sendable, Hashable {
    case sent([[UInt8]])
    case received(RESPValue)
}

extension EchoEvent {
    /// Where a command carries a password: every argument of AUTH, and the
    /// value of `CONFIG SET requirepass`. The one rule for echo, `--pipe`
    /// and the shell's history (which drops such lines altogether).
    public static func secretArguments(in arguments: [[UInt8]]) -> Range<Int>? {
        func word(_ index: Int) -> String? {
            index < arguments.count ? String(decoding: arguments[index], as: UTF8.self).uppercased() : nil
        }
        switch word(0) {
        case "AUTH"?:
            return arguments.count > 1 ? 1..<arguments.count : nil
        case "CONFIG"? where word(1) == "SET" && word(2) == "REQUIREPASS":
            return arguments.count > 3 ? 3..<arguments.count : nil
        default:
            return nil
        }
    }

    /// The event for a command about to be sent, passwords masked: every
    /// path that echoes commands (the connection, `--pipe`) makes it here.
    public static func sending(_ arguments: [[UInt8]]) -> EchoEvent {
        .sent(maskingPassword(arguments))
    }

    /// `arguments` as an echo may show them: passwords replaced by asterisks,
    /// so a password never reaches a log. Every echo path uses this.
    public static func maskingPassword(_ arguments: [[UInt8]]) -> [[UInt8]] {
        guard let secret = secretArguments(in: arguments) else { return arguments }
        var masked = arguments
        for index in secret { masked[index] = Array("********".utf8) }
        return masked
    }
}
