/// A byte-string key hashed in one pass. `[UInt8]` as a dictionary key
/// feeds the hasher one byte at a time, which showed up as a third of the
/// ADDJOB profile (job IDs are 40 bytes).
struct ByteKey: Hashable {
    let bytes: [UInt8]

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    static func == (lhs: ByteKey, rhs: ByteKey) -> Bool { lhs.bytes == rhs.bytes }
}

/// A dictionary keyed by byte strings (job IDs, queue names: both binary-safe).
struct ByteKeyedTable<Value> {
    private var storage: [ByteKey: Value] = [:]

    subscript(key: [UInt8]) -> Value? {
        get { storage[ByteKey(bytes: key)] }
        set { storage[ByteKey(bytes: key)] = newValue }
    }

    @discardableResult
    mutating func removeValue(forKey key: [UInt8]) -> Value? {
        storage.removeValue(forKey: ByteKey(bytes: key))
    }

    mutating func removeAll() { storage.removeAll() }

    var count: Int { storage.count }
    var isEmpty: Bool { storage.isEmpty }
    var values: Dictionary<ByteKey, Value>.Values { storage.values }
}
