import Disque
#if canImport(Glibc)
import Glibc
#endif

/// `--latency` / `--latency-history`: PING every 10 ms, as redis-cli does, and
/// report min, max (whole milliseconds, redis-cli's shape) and the average.
///
/// On a terminal the line is redrawn in place until Ctrl-C; elsewhere
/// `--latency` samples for `-i` seconds (default 1) and prints one line, and
/// `--latency-history` prints one line per range. `-r N` stops after N samples.
struct LatencyProbe {
    enum Style { case terminal, text, raw, csv, json }

    var options: DisqueConnectionOptions
    var history: Bool
    /// `-i`; 0 means the default (1 s, or 15 s for the history).
    var interval: Double
    /// `-r`: stop after this many samples.
    var samples: Int?
    var style: Style

    static let sampleGap = 0.010

    struct Tally {
        var count = 0
        var minimum = Int64.max
        var maximum = Int64(0)
        var total = Int64(0)

        mutating func add(microseconds: Int64) {
            count += 1
            minimum = Swift.min(minimum, microseconds)
            maximum = Swift.max(maximum, microseconds)
            total += microseconds
        }

        /// redis-cli's line for `style` (no newline).
        func line(_ style: Style) -> String {
            let low = count == 0 ? 0 : minimum / 1000, high = maximum / 1000
            let average = count == 0 ? 0 : Double(total) / Double(count) / 1000
            let avg = Self.twoDecimals(average)
            switch style {
            case .terminal, .text: return "min: \(low), max: \(high), avg: \(avg) (\(count) samples)"
            case .raw: return "\(low) \(high) \(avg) \(count)"
            case .csv: return "\(low),\(high),\(avg),\(count)"
            case .json: return #"{"min":\#(low),"max":\#(high),"avg":\#(avg),"count":\#(count)}"#
            }
        }

        static func twoDecimals(_ value: Double) -> String {
            let hundredths = Int64((value * 100).rounded())
            let fraction = hundredths % 100
            return "\(hundredths / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
        }
    }

    func run() -> ExitStatus {
        let connection: DisqueConnection
        do {
            connection = try DisqueConnection(options: options)
        } catch {
            return ExitStatus.reporting(error)
        }
        defer { connection.close() }
        if style == .terminal { InterruptExit.install() }
        let range = interval > 0 ? interval : (history ? 15 : 1)
        let out = FileOutput.standardOutput
        var tally = Tally()
        var rangeStart = MonotonicClock.seconds()
        var taken = 0
        while true {
            let start = MonotonicClock.microseconds()
            do {
                _ = try connection.ping()
            } catch {
                if style == .terminal { out.write("\n"); out.flush() }
                return ExitStatus.reporting(error)
            }
            tally.add(microseconds: MonotonicClock.microseconds() - start)
            taken += 1
            if style == .terminal {
                out.write("\u{1B}[0G\u{1B}[2K" + tally.line(style))
                out.flush()
            }
            let elapsed = MonotonicClock.seconds() - rangeStart
            let done = samples.map { taken >= $0 } ?? false
            if history, elapsed >= range || done {
                let ending = " -- " + Tally.twoDecimals(elapsed) + " seconds range"
                out.write((style == .terminal ? ending : tally.line(style) + ending) + "\n")
                out.flush()
                tally = Tally()
                rangeStart = MonotonicClock.seconds()
            } else if !history, style != .terminal, elapsed >= range || done {
                out.write(tally.line(style) + "\n")
                out.flush()
                return .success
            } else if done {
                out.write("\n")
            }
            if done { out.flush(); return .success }
            MonotonicClock.sleep(seconds: Self.sampleGap)
        }
    }
}

extension CLIOptions {
    /// redis-cli's choice: redrawn in place on a terminal, else the flag's format.
    var latencyStyle: LatencyProbe.Style {
        if json { return .json }
        if csv { return .csv }
        if raw { return .raw }
        if isatty(1) == 1 { return .terminal }
        return noRaw ? .text : .raw
    }
}
