extension Duration {
    /// Whole milliseconds, rounded up, at least 1 when positive (for poll(2)).
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int((attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }
}
