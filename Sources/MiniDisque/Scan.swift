/// Something JSCAN / QSCAN can iterate: a position fixed when it was created.
protocol ScanOrdered: AnyObject {
    var scanSequence: UInt64 { get }
}

extension Job: ScanOrdered {}
extension JobQueue: ScanOrdered {}

/// One page of a cursor scan.
struct ScanPage<Item> {
    /// The sequence number to resume at, or 0 when the iteration is complete.
    var cursor: UInt64
    var items: [Item]
}

/// A cursor walk over items kept in creation order. Like Disque's dictScan
/// loop it stops once COUNT matches are found or COUNT×10 items were looked
/// at (unless BUSYLOOP), and every item present for the whole iteration is
/// returned exactly once, whatever is added or removed in between.
/// `filter` returns nil for entries that no longer exist.
func scanPage<Item: ScanOrdered>(_ order: [Item], from cursor: UInt64, count: Int64, busyloop: Bool,
                                 filter: (Item) -> Bool?) -> ScanPage<Item> {
    var low = 0, high = order.count
    while low < high {
        let mid = (low + high) / 2
        if order[mid].scanSequence < cursor { low = mid + 1 } else { high = mid }
    }
    var index = low
    var items: [Item] = []
    var iterationsLeft = count &* 10
    while true {
        if index < order.count {
            if filter(order[index]) == true { items.append(order[index]) }
            index += 1
        }
        if index >= order.count { return ScanPage(cursor: 0, items: items) }
        let keepGoing: Bool
        if busyloop {
            keepGoing = true
        } else {
            let more = iterationsLeft != 0
            iterationsLeft &-= 1
            keepGoing = more && Int64(items.count) < count
        }
        if !keepGoing { break }
    }
    return ScanPage(cursor: order[index].scanSequence, items: items)
}

extension DisqueNode {
    /// Scan cursors are unsigned longs; sent back as decimal bulk strings.
    func scanCursorText(_ cursor: UInt64) -> String { String(cursor) }
}
