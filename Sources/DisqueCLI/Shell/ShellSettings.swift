import Glibc

/// What `:set` changes in the shell, and `~/.disqueclirc` (or the file
/// `DISQUECLIRC` names) sets at start-up, one `:set` line per line:
///
/// ```
/// # ~/.disqueclirc
/// :set nohints
/// ```
///
/// The leading colon keeps these apart from Disque commands, as in redis-cli.
struct ShellSettings: Equatable {
    /// Show the dimmed syntax hint after the cursor.
    var hints = true

    static let usage = "Usage: :set hints | :set nohints"

    /// Applies `:set <words>`; the error to show when the words mean nothing.
    mutating func apply(_ words: [String]) -> String? {
        guard words.count == 1 else { return Self.usage }
        switch words[0].lowercased() {
        case "hints": hints = true
        case "nohints": hints = false
        default: return "Unknown setting \"\(words[0])\". " + Self.usage
        }
        return nil
    }

    /// The settings file's path: DISQUECLIRC, else ~/.disqueclirc; nil when neither can be had.
    static var filePath: String? {
        if let override = getenv("DISQUECLIRC").map({ String(cString: $0) }) { return override.isEmpty ? nil : override }
        guard let home = HistoryFile.homeDirectory() else { return nil }
        return home + (home.hasSuffix("/") ? "" : "/") + ".disqueclirc"
    }

    /// The settings the file makes, and a message for each line it could not use.
    static func load(from path: String?) -> (settings: ShellSettings, problems: [String]) {
        var settings = ShellSettings()
        guard let path, let file = fopen(path, "r") else { return (settings, []) }
        defer { fclose(file) }
        var problems: [String] = []
        var number = 0
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) >= 0, let line {
            number += 1
            let words = String(cString: line).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
                .map(String.init)
            guard let first = words.first, !first.hasPrefix("#") else { continue }
            guard first == ":set" || first == "set" else {
                problems.append("\(path):\(number): expected \":set ...\"")
                continue
            }
            if let problem = settings.apply(Array(words.dropFirst())) { problems.append("\(path):\(number): \(problem)") }
        }
        return (settings, problems)
    }
}
