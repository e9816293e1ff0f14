import RESP

/// What the echo hook sees: each command as it is sent and each reply as
/// it arrives, in wire order. AUTH is shown with its password masked.
public enum EchoEvent: Sendable, Hashable {
    case sent([[UInt8]])
    case received(RESPValue)
}
