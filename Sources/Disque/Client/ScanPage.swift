import RESP

/// One page of a QSCAN or JSCAN: the items and the cursor for the next call.
public struct ScanPage<Item: Sendable>: Sendable {
    /// Pass to the next call; "0" when the scan is complete.
    public var cursor: String
    public var items: [Item]

    public init(cursor: String, items: [Item]) {
        self.cursor = cursor
        self.items = items
    }

    /// True on the last page (the server answered cursor 0).
    public var isLast: Bool { cursor == "0" }
}

extension ScanPage: Equatable where Item: Equatable {}
extension ScanPage: Hashable where Item: Hashable {}

extension ScanPage where Item == RESPValue {
    /// `[cursor, [items…]]`, the cursor a bulk string: a QSCAN or JSCAN page
    /// before its items are typed. The sync and async clients and the CLI's
    /// formatters all read the shape here.
    public init(reply: RESPValue, command: String) throws(DisqueError) {
        let parts = try reply.elements(for: command)
        guard parts.count == 2 else { throw DisqueError.protocol("\(command): reply has \(parts.count) elements, expected 2") }
        self.init(cursor: try parts[0].text(for: command), items: try parts[1].elements(for: command))
    }
}

extension ScanPage {
    /// The same page with each item typed by `convert`.
    public func map<T>(_ convert: (Item) throws(DisqueError) -> T) throws(DisqueError) -> ScanPage<T> {
        var converted: [T] = []
        converted.reserveCapacity(items.count)
        for item in items { converted.append(try convert(item)) }
        return ScanPage<T>(cursor: cursor, items: converted)
    }
}
