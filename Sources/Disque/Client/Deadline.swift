/// A point in time to stop waiting at, or none (wait forever).
struct Deadline {
    let instant: ContinuousClock.Instant?
    let budget: Duration?

    static let never = Deadline(instant: nil, budget: nil)

    static func after(_ duration: Duration?) -> Deadline {
        guard let duration else { return .never }
        return Deadline(instant: .now + duration, budget: duration)
    }

    var hasPassed: Bool {
        guard let instant else { return false }
        return instant <= .now
    }

    /// Milliseconds for poll(2): -1 forever, rounded up so we never wake early.
    func pollTimeout() -> Int32 {
        guard let instant else { return -1 }
        let remaining = instant - .now
        if remaining <= .zero { return 0 }
        return Int32(clamping: remaining.wholeMilliseconds(roundingUp: true))
    }

    var budgetDescription: String { budget.map(describe) ?? "forever" }
}

extension Duration {
    /// The duration in whole milliseconds; sub-millisecond parts round up
    /// when asked (away from zero) so a short positive wait stays positive.
    public func wholeMilliseconds(roundingUp: Bool) -> Int64 {
        let (seconds, attoseconds) = components
        let perMillisecond: Int64 = 1_000_000_000_000_000
        var milliseconds = seconds * 1000 + attoseconds / perMillisecond
        let rest = attoseconds % perMillisecond
        if roundingUp && rest > 0 { milliseconds += 1 }
        if roundingUp && rest < 0 { milliseconds -= 1 }
        return milliseconds
    }

    /// The duration in whole seconds, rounding any fraction away from zero.
    public func wholeSeconds(roundingUp: Bool) -> Int64 {
        let (seconds, attoseconds) = components
        if roundingUp && attoseconds > 0 { return seconds + 1 }
        if roundingUp && attoseconds < 0 { return seconds - 1 }
        return seconds
    }
}

/// "5s", "250ms", "1.5s": short, for error messages.
func describe(_ duration: Duration) -> String {
    let milliseconds = duration.wholeMilliseconds(roundingUp: true)
    if milliseconds % 1000 == 0 { return "\(milliseconds / 1000)s" }
    if milliseconds < 1000 { return "\(milliseconds)ms" }
    return "\(milliseconds / 1000).\(String(milliseconds % 1000).leftPadded(to: 3))s"
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
