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
            // The server compares against `(unsigned long)count`: a negative COUNT means no limit.
            keepGoing = more && UInt64(items.count) < UInt64(bitPattern: count)
        }
        if !keepGoing { break }
    }
    return ScanPage(cursor: order[index].scanSequence, items: items)
}

extension DisqueNode {
    /// Scan cursors are unsigned longs; sent back as decimal bulk strings.
    func scanCursorText(_ cursor: UInt64) -> String { String(cursor) }
}

/// What a scan command's own option handler made of one option word.
enum ScanOptionMatch {
    /// Not one of the command's options: the word is taken as the cursor.
    case unknown
    /// The option and the value after it were used.
    case tookValue
    /// The option's value is refused with this error reply.
    case refused(String)
}

/// The arguments every cursor scan shares.
struct ScanArguments {
    var count: Int64 = 100
    var busyloop = false
    var cursor: UInt64 = 0
}

extension DisqueNode {
    /// Reads JSCAN / QSCAN arguments the way Disque does: COUNT and BUSYLOOP
    /// anywhere, the command's own value-taking options through `option` (it
    /// gets nil for the value when the option is the last word), and one
    /// other word as the cursor. Sends the error reply and returns nil on bad
    /// input.
    func parseScanArguments(_ args: [[UInt8]], _ client: ClientConnection,
                            option: (_ keyword: [UInt8], _ value: [UInt8]?) -> ScanOptionMatch) -> ScanArguments? {
        var scan = ScanArguments()
        var cursorSet = false
        var j = 1
        while j < args.count {
            let word = args[j]
            let value = j < args.count - 1 ? args[j + 1] : nil
            if let value, Arguments.equals(word, "count") {
                guard let count = Arguments.longLong(value) else {
                    client.addError("ERR value is not an integer or out of range")
                    return nil
                }
                scan.count = count
                j += 1
            } else if Arguments.equals(word, "busyloop") {
                scan.busyloop = true
            } else {
                switch option(word, value) {
                case .tookValue:
                    j += 1
                case .refused(let error):
                    client.addError(error)
                    return nil
                case .unknown:
                    if cursorSet {
                        client.addSyntaxError()
                        return nil
                    }
                    guard let cursor = Arguments.cursor(word) else {
                        client.addError("ERR invalid cursor or option name")
                        return nil
                    }
                    scan.cursor = cursor
                    cursorSet = true
                }
            }
            j += 1
        }
        return scan
    }

    /// The scan reply: the cursor to resume at, then one entry per item.
    func addScanReply<Item>(_ page: ScanPage<Item>, to client: ClientConnection, entry: (Item) -> Void) {
        client.addArrayHeader(2)
        client.addBulk(scanCursorText(page.cursor))
        client.addArrayHeader(page.items.count)
        page.items.forEach(entry)
    }
}
