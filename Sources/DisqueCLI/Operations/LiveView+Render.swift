import Disque

/// The live view's three renderings: the terminal screen, the line per
/// refresh off a terminal, and the JSON object per refresh.
extension LiveView {
    static let columns = ["QUEUE", "LEN", "BLOCKED", "IN/S", "OUT/S", "AGE", "IDLE", "PAUSE"]

    static func cells(_ row: Row) -> [String] {
        [row.name, "\(row.length)", "\(row.blocked)", rate(row.inRate), rate(row.outRate),
         duration(row.age), row.idle == Int.max ? "-" : duration(row.idle), row.pause]
    }

    /// "42s", "3m05s", "2h07m", "3d04h".
    static func duration(_ seconds: Int) -> String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m\(two(seconds % 60))s" }
        if seconds < 86400 { return "\(seconds / 3600)h\(two(seconds / 60 % 60))m" }
        return "\(seconds / 86400)d\(two(seconds / 3600 % 24))h"
    }

    static func totals(_ rows: [Row]) -> (length: Int, blocked: Int, inRate: Double?, outRate: Double?, paused: Int) {
        let inRate = rows.contains { $0.inRate != nil } ? rows.reduce(0) { $0 + ($1.inRate ?? 0) } : nil
        let outRate = rows.contains { $0.outRate != nil } ? rows.reduce(0) { $0 + ($1.outRate ?? 0) } : nil
        return (rows.reduce(0) { $0 + $1.length }, rows.reduce(0) { $0 + $1.blocked }, inRate, outRate,
                rows.filter { $0.pause != "none" }.count)
    }

    /// The whole screen, cut to the terminal's height.
    static func screen(_ rows: [Row], place: String, interval: Double, height: Int) -> String {
        let total = totals(rows)
        var lines = [
            "disque-cli --top  \(place)  \(WallClock.timestamp())  every \(LatencyProbe.Tally.twoDecimals(interval))s  (Ctrl-C quits)",
            "queues: \(rows.count)  queued: \(total.length)  blocked: \(total.blocked)  in/s: \(rate(total.inRate))"
                + "  out/s: \(rate(total.outRate))  paused: \(total.paused)",
            "",
        ]
        let table = [columns] + rows.map(cells)
        var widths = columns.map(\.count)
        for cells in table { for (index, cell) in cells.enumerated() { widths[index] = max(widths[index], cell.count) } }
        let room = max(1, height - lines.count - 1)
        for (number, cells) in table.enumerated() {
            if number == room, table.count > room + 1 {
                lines.append("… \(table.count - number) more (sorted by the first column you asked for)")
                break
            }
            let padded = cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell
                    : index == 0 ? cell.padding(to: widths[index]) : cell.leftPadding(to: widths[index])
            }
            lines.append(padded.joined(separator: "  "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One line per refresh: time, then the totals (and a header every 20 lines).
    static func statLine(_ rows: [Row], header: Bool) -> String {
        let total = totals(rows)
        let cells = [WallClock.timestamp(), "\(rows.count)", "\(total.length)", "\(total.blocked)",
                     rate(total.inRate), rate(total.outRate), "\(total.paused)"]
        let widths = [19, 7, 9, 8, 9, 9, 7]
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { $0 == 0 ? $1.padding(to: widths[$0]) : $1.leftPadding(to: widths[$0]) }
                .joined(separator: " ") + "\n"
        }
        let top = header ? line(["time", "queues", "queued", "blocked", "in/s", "out/s", "paused"]) : ""
        return top + line(cells)
    }

    static func jsonLine(_ rows: [Row], place: String) -> String {
        var out: [UInt8] = Array(#"{"time":"#.utf8)
        ByteEscaping.appendJSONString(WallClock.timestamp().utf8, into: &out)
        out.append(contentsOf: Array(#","nodes":"#.utf8))
        ByteEscaping.appendJSONString(place.utf8, into: &out)
        out.append(contentsOf: Array(#","queues":["#.utf8))
        for (index, row) in rows.enumerated() {
            if index > 0 { out.append(0x2C) }
            out.append(contentsOf: Array(#"{"name":"#.utf8))
            ByteEscaping.appendJSONString(row.name.utf8, into: &out)
            let fields = #","len":\#(row.length),"blocked":\#(row.blocked),"in_per_sec":\#(row.inRate.map { "\($0)" } ?? "null")"#
                + #","out_per_sec":\#(row.outRate.map { "\($0)" } ?? "null"),"jobs_in":\#(row.jobsIn),"jobs_out":\#(row.jobsOut)"#
                + #","age":\#(row.age),"idle":\#(row.idle == Int.max ? 0 : row.idle),"pause":"\#(row.pause)"}"#
            out.append(contentsOf: Array(fields.utf8))
        }
        out.append(contentsOf: Array("]}\n".utf8))
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    func padding(to width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
    func leftPadding(to width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
