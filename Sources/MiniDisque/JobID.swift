import RESP
/// Disque 1.0 job IDs: "D-" + 8 hex of the node ID + "-" + 24 chars of
/// [A-Za-z0-9+/] + "-" + 4 hex digits of TTL in minutes (odd when RETRY > 0,
/// even when RETRY is 0, so a node can tell at-most-once jobs from the ID).
enum JobID {
    static let length = 40
    private static let base64 = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let hex = Array("0123456789abcdef".utf8)

    /// `ttlSeconds` and `retry` are C `int`s, as generateJobID() takes them.
    static func generate(nodePrefix: [UInt8], ttlSeconds: Int32, retry: Int32,
                         random: inout FastRandom) -> [UInt8] {
        var id: [UInt8] = []
        id.reserveCapacity(length)
        id.append(UInt8(ascii: "D"))
        id.append(UInt8(ascii: "-"))
        id.append(contentsOf: nodePrefix.prefix(8))
        id.append(UInt8(ascii: "-"))
        // 24 chars × 6 bits = 144 random bits, drawn from three 64-bit words.
        var word = random.next()
        var bitsLeft = 64
        for _ in 0..<24 {
            if bitsLeft < 6 { word = random.next(); bitsLeft = 64 }
            id.append(base64[Int(word & 63)])
            word >>= 6
            bitsLeft -= 6
        }
        id.append(UInt8(ascii: "-"))
        var minutes = ttlSeconds / 60
        if minutes > 65535 { minutes = 65535 }
        if minutes < 0 { minutes = 1 }
        minutes = retry > 0 ? (minutes | 1) : (minutes & ~1)
        for shift in stride(from: 12, through: 0, by: -4) {
            id.append(hex[Int((minutes >> Int32(shift)) & 15)])
        }
        return id
    }

    /// The same shallow check the real server makes: length and separators.
    /// Anything else would only fail the lookup anyway.
    static func isValid(_ id: [UInt8]) -> Bool { JobIDShape.isWellFormed(id) }
}
