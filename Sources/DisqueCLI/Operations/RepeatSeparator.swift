/// The line before each reply of `-r N -i S` in terminal style, so repeated
/// blocks (QSTAT every second) are told apart and dated:
/// `--- 2026-12-01 19:30:05  #3 of 10 ---`.
enum RepeatSeparator {
    static func line(round: Int, of total: Int, color: Bool) -> String {
        let text = "--- \(WallClock.timestamp())  #\(round)" + (total > 0 ? " of \(total)" : "") + " ---"
        return (color ? "\u{1B}[2m" + text + "\u{1B}[0m" : text) + "\n"
    }
}
