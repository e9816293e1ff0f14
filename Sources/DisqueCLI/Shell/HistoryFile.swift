import Disque
import Glibc

/// The shell's history on disk: one line per command, oldest first.
///
/// `~/.disquecli_history` unless `DISQUECLI_HISTFILE` names another file;
/// `/dev/null` (or an empty value) turns it off. The file is private (mode
/// 0600, tightened if it was looser) because commands may carry data, and
/// lines that would reveal a password (AUTH) are never written. Each command
/// is appended as soon as it is entered, so a killed shell loses nothing.
struct HistoryFile {
    /// The file, or nil when history is not kept on disk.
    let path: String?
    /// Lines kept; the file is trimmed to this when it has grown past it.
    let limit: Int

    init(path: String?, limit: Int = 1000) {
        self.path = path
        self.limit = limit
    }

    /// The file the environment asks for.
    static func fromEnvironment(limit: Int = 1000) -> HistoryFile {
        if let override = getenv("DISQUECLI_HISTFILE").map({ String(cString: $0) }) {
            let disabled = override.isEmpty || override == "/dev/null"
            return HistoryFile(path: disabled ? nil : override, limit: limit)
        }
        guard let home = homeDirectory() else { return HistoryFile(path: nil, limit: limit) }
        return HistoryFile(path: home + (home.hasSuffix("/") ? "" : "/") + ".disquecli_history", limit: limit)
    }

    static func homeDirectory() -> String? {
        if let home = getenv("HOME").map({ String(cString: $0) }), !home.isEmpty { return home }
        guard let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir else { return nil }
        return String(cString: directory)
    }

    /// True for a line that must never reach the history: one that carries a
    /// password (AUTH, CONFIG SET requirepass), also behind a repeat count
    /// ("3 auth secret"). An unsplittable line is judged by its blanks.
    static func isSecret(_ line: String) -> Bool {
        var words = ArgumentSplitter.split(line) ?? line.split(separator: " ").map { Array($0.utf8) }
        if let first = words.first, Int(String(decoding: first, as: UTF8.self)) != nil { words.removeFirst() }
        return EchoEvent.secretArguments(in: words) != nil || words.first.map {
            String(decoding: $0, as: UTF8.self).uppercased() == "AUTH"
        } == true
    }

    /// The lines on disk, oldest first (at most `limit`). Tightens the file's
    /// mode and trims it when it has grown well past the limit.
    func load() -> [String] {
        guard let path else { return [] }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return [] }
        defer { close(descriptor) }
        tightenMode(descriptor)
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 { bytes.append(contentsOf: chunk[0..<count]); continue }
            if count < 0, errno == EINTR { continue }
            break
        }
        let lines = bytes.split(separator: 0x0A).map { String(decoding: $0, as: UTF8.self) }
            .filter { !$0.isEmpty && !Self.isSecret($0) }
        if lines.count > limit * 2 { rewrite(Array(lines.suffix(limit))) }
        return Array(lines.suffix(limit))
    }

    /// Appends one entered line (unless it is secret or history is off).
    func append(_ line: String) {
        guard let path, !line.isEmpty, !Self.isSecret(line) else { return }
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        tightenMode(descriptor)
        writeAll(Array(line.utf8) + [0x0A], to: descriptor)
    }

    /// Replaces the file with `lines` (through a private temporary file and rename).
    private func rewrite(_ lines: [String]) {
        guard let path else { return }
        let temporary = path + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }
        tightenMode(descriptor)
        var bytes: [UInt8] = []
        for line in lines { bytes.append(contentsOf: line.utf8); bytes.append(0x0A) }
        let complete = writeAll(bytes, to: descriptor)
        close(descriptor)
        if complete { rename(temporary, path) } else { unlink(temporary) }
    }

    /// Makes the file readable by its owner only, whatever it was created with.
    private func tightenMode(_ descriptor: Int32) {
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & 0o077 != 0,
              info.st_mode & S_IFMT == S_IFREG else { return }
        fchmod(descriptor, 0o600)
    }

    @discardableResult
    private func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written > 0 { offset += written } else if written < 0, errno == EINTR { continue } else { return false }
        }
        return true
    }
}
