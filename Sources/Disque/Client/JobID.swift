import RESP

/// A Disque job ID, e.g. `D-dcb833cf-8YL1NT17e9+wsA/09NqxscQI-05a1`:
/// "D-", 8 hex digits of the creating node's ID, "-", 24 random characters,
/// "-", 4 hex digits holding the TTL in minutes.
public struct JobID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The ID as the server spells it.
    public let rawValue: String

    /// An ID of the shape Disque accepts (40 bytes, "D-" prefix, dashes at
    /// offsets 10 and 35), or nil. No stricter than the server's own check.
    public init?(_ string: String) {
        guard JobID.isWellFormed(string) else { return nil }
        rawValue = string
    }

    /// Any text, sent as is: the server answers BADID if it is malformed.
    public init(unchecked string: String) {
        rawValue = string
    }

    /// The server's own shape check.
    public static func isWellFormed(_ string: String) -> Bool { JobIDShape.isWellFormed(string) }

    public var description: String { rawValue }

    /// The first 8 hex digits of the ID of the node that created the job.
    public var nodePrefix: String {
        String(decoding: Array(rawValue.utf8)[2..<10], as: UTF8.self)
    }

    /// The TTL, in minutes, encoded in the last 4 hex digits (nil if not hex).
    public var encodedTTLMinutes: Int? {
        Int(String(decoding: Array(rawValue.utf8)[36...], as: UTF8.self), radix: 16)
    }

    public static func < (lhs: JobID, rhs: JobID) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension JobID {
    /// Decodes an ID from a reply (status or bulk), checking its shape.
    public init(reply: RESPValue, command: String) throws(DisqueError) {
        let text: String
        switch reply {
        case .status(let line): text = line
        case .bulk(let bytes): text = String(decoding: bytes, as: UTF8.self)
        default: throw unexpectedReply(reply, expected: "a job ID", command: command)
        }
        guard let id = JobID(text) else {
            throw .protocol("\(command): \"\(text)\" is not a job ID")
        }
        self = id
    }
}
