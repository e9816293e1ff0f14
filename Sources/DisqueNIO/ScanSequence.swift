import Disque

/// Every item of a QSCAN or JSCAN, fetched a page at a time as the caller
/// iterates: each item once (a scan may repeat one across pages), every page
/// from the node that served the first.
public struct ScanSequence<Item: Hashable & Sendable>: AsyncSequence, Sendable {
    public typealias Element = Item
    /// `(cursor, pinned node) -> (page, node that served it)`.
    typealias FetchPage = @Sendable (String, String?) async throws -> (ScanPage<Item>, String)

    let fetch: FetchPage

    init(fetch: @escaping FetchPage) {
        self.fetch = fetch
    }

    public func makeAsyncIterator() -> Iterator { Iterator(fetch: fetch) }

    public struct Iterator: AsyncIteratorProtocol {
        let fetch: FetchPage
        private var buffered: [Item] = []
        private var cursor = "0"
        private var node: String?
        private var started = false
        private var seen: Set<Item> = []

        init(fetch: @escaping FetchPage) {
            self.fetch = fetch
        }

        public mutating func next() async throws -> Item? {
            while true {
                if !buffered.isEmpty { return buffered.removeFirst() }
                if started && cursor == "0" { return nil }
                started = true
                let (page, served) = try await fetch(cursor, node)
                node = served
                cursor = page.cursor
                buffered = page.items.filter { seen.insert($0).inserted }
            }
        }
    }
}

extension ScanSequence {
    /// All items at once.
    public func collect() async throws -> [Item] {
        var items: [Item] = []
        for try await item in self { items.append(item) }
        return items
    }
}
