import Disque
import RESP

/// Queue names for completion, from QSCAN on a short-lived connection of its
/// own (so the main link's state is never disturbed) with tight timeouts, so
/// TAB never stalls the prompt for long. Kept for a few seconds.
final class QueueNameCache {
    private var names: [String] = []
    private var fetchedAt: ContinuousClock.Instant?
    private let lifetime: Duration
    /// Stop scanning after this many names.
    private let limit: Int

    init(lifetime: Duration = .seconds(5), limit: Int = 2000) {
        self.lifetime = lifetime
        self.limit = limit
    }

    /// The cached names, fetched again when stale; empty when the node is unreachable.
    func names(using options: DisqueConnectionOptions) -> [String] {
        if let fetchedAt, fetchedAt.duration(to: .now) < lifetime { return names }
        names = fetch(using: options)
        fetchedAt = .now
        return names
    }

    /// Forgets the cache (after commands that add or remove queues).
    func invalidate() { fetchedAt = nil }

    private func fetch(using options: DisqueConnectionOptions) -> [String] {
        var quick = options
        quick.connectTimeout = .milliseconds(200)
        quick.readTimeout = .milliseconds(300)
        quick.writeTimeout = .milliseconds(300)
        quick.reconnect = false
        guard let connection = try? DisqueConnection(options: quick) else { return [] }
        defer { connection.close() }
        let deadline = ContinuousClock.now + .milliseconds(500)
        var found: [String] = []
        var cursor = "0"
        repeat {
            guard let reply = try? connection.send(["QSCAN", cursor, "COUNT", "1000"]),
                  let parts = reply.array, parts.count == 2,
                  let next = parts[0].string, let items = parts[1].array else { break }
            found += items.compactMap(\.string)
            cursor = next
        } while cursor != "0" && found.count < limit && ContinuousClock.now < deadline
        return found
    }
}
