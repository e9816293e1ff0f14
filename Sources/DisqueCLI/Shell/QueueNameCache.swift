import Disque

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
        guard let connection = try? DisqueConnection(options: options.forCompletionLookup()) else { return [] }
        defer { connection.close() }
        let deadline = ContinuousClock.now + .milliseconds(500)
        var found: [String] = []
        var cursor = "0"
        repeat {
            guard let page = try? connection.qscan(cursor: cursor, count: 1000) else { break }
            found += page.items
            cursor = page.cursor
        } while cursor != "0" && found.count < limit && ContinuousClock.now < deadline
        return found
    }
}

extension DisqueConnectionOptions {
    /// The same node on a short leash, for completion lookups: a TAB press
    /// must never stall on a slow or absent server, and never reconnects.
    func forCompletionLookup() -> DisqueConnectionOptions {
        var quick = self
        quick.connectTimeout = .milliseconds(200)
        quick.readTimeout = .milliseconds(300)
        quick.writeTimeout = .milliseconds(300)
        quick.reconnect = false
        return quick
    }
}
