import RESP

/// What the echo hook sees: each command as it is sent and each reply as
/// it arrives, in wire order. AUTH is shown with its password masked.
public enum EchoEvent: Sendable, Hashable {
    case sent([[UInt8]])
    case received(RESPValue)
}

extension EchoEvent {
    /// `arguments` as an echo may show them: AUTH's password replaced by
    /// asterisks, so a password never reaches a log. Every echo path uses this.
    public static func maskingPassword(_ arguments: [[UInt8]]) -> [[UInt8]] {
        guard let first = arguments.first, first.count == 4,
              String(decoding: first, as: UTF8.self).uppercased() == "AUTH" else { return arguments }
        return [first] + arguments.dropFirst().map { _ in Array("********".utf8) }
    }
}
