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
