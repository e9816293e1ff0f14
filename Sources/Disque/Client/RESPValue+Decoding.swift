import RESP

/// Strict readers for the typed API: a reply of the wrong shape is a
/// protocol error naming the command, never a crash or a silent default.
extension RESPValue {
    /// A short name of the reply kind, for error messages.
    var kindName: String {
        switch self {
        case .status: return "a status reply"
        case .error: return "an error reply"
        case .integer: return "an integer"
        case .bulk: return "a bulk string"
        case .nullBulk: return "a null bulk"
        case .array: return "an array"
        case .nullArray: return "a null array"
        }
    }

    public func integer(for command: String) throws(DisqueError) -> Int {
        guard let value = int, let result = Int(exactly: value) else {
            throw unexpectedReply(self, expected: "an integer", command: command)
        }
        return result
    }

    public func text(for command: String) throws(DisqueError) -> String {
        switch self {
        case .status(let text): return text
        case .bulk(let bytes): return String(decoding: bytes, as: UTF8.self)
        default: throw unexpectedReply(self, expected: "a string", command: command)
        }
    }

    public func elements(for command: String) throws(DisqueError) -> [RESPValue] {
        guard case .array(let items) = self else {
            throw unexpectedReply(self, expected: "an array", command: command)
        }
        return items
    }

    /// Pairs of a flat `[key, value, key, value…]` reply (SHOW, QSTAT).
    public func fields(for command: String) throws(DisqueError) -> [(key: String, value: RESPValue)] {
        let items = try elements(for: command)
        guard items.count % 2 == 0 else {
            throw DisqueError.protocol("\(command): expected key/value pairs, got \(items.count) elements")
        }
        var pairs: [(key: String, value: RESPValue)] = []
        pairs.reserveCapacity(items.count / 2)
        var index = 0
        while index < items.count {
            pairs.append((try items[index].text(for: command), items[index + 1]))
            index += 2
        }
        return pairs
    }
}

func unexpectedReply(_ reply: RESPValue, expected: String, command: String) -> DisqueError {
    .protocol("\(command): expected \(expected), got \(reply.kindName)")
}
