import RESP

/// Job IDs seen in replies, most recent first, for completing where a job ID
/// is expected (SHOW, ACKJOB, NACK…).
struct RecentJobIDs {
    private(set) var ids: [String] = []
    let limit: Int

    init(limit: Int = 200) { self.limit = limit }

    /// Collects every job ID anywhere in `reply`.
    mutating func collect(from reply: RESPValue) {
        var found: [String] = []
        Self.find(in: reply, into: &found)
        for id in found.reversed() { remember(id) }
    }

    mutating func remember(_ id: String) {
        ids.removeAll { $0 == id }
        ids.insert(id, at: 0)
        if ids.count > limit { ids.removeLast(ids.count - limit) }
    }

    /// Disque job IDs: "D-", 40 characters long (the only shape the server checks).
    static func isJobID<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        JobIDShape.isWellFormed(Array(bytes))
            && bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    private static func find(in value: RESPValue, into found: inout [String]) {
        switch value {
        case .status(let text):
            if isJobID(Array(text.utf8)) { found.append(text) }
        case .bulk(let bytes):
            if isJobID(bytes) { found.append(String(decoding: bytes, as: UTF8.self)) }
        case .array(let elements):
            for element in elements { find(in: element, into: &found) }
        default:
            break
        }
    }
}
