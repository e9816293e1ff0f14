import DisqueTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The real `disque-cli` in a real terminal: a private tmux server (its own
/// socket, so tests never touch each other or the user's tmux) running the
/// shell in one pane whose screen the test reads back.
///
/// Every wait polls the rendered screen against a deadline; nothing sleeps a
/// fixed time.
final class ShellTerminal {
    typealias Failure = TestFailure

    let socketPath: String
    private let statusPath: String
    let home: String
    private let ownsHome: Bool
    private var stopped = false

    /// Starts `disque-cli arguments` in a 120×40 terminal, with HOME in a
    /// fresh folder (so the history file is private to the test).
    init(_ arguments: [String], environment: [String: String] = [:], home: String? = nil,
         columns: Int = 120) throws {
        let unique = "\(getpid())-\(UUID().uuidString.prefix(8))"
        socketPath = NSTemporaryDirectory() + "disque-shell-\(unique).tmux"
        ownsHome = home == nil
        if let home {
            self.home = home
        } else {
            self.home = NSTemporaryDirectory() + "disque-shell-home-\(unique)"
            try FileManager.default.createDirectory(atPath: self.home, withIntermediateDirectories: true)
        }
        let binary = try BuiltProduct.path("disque-cli")
        var env = ["HOME": self.home, "TERM": "xterm-256color", "LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"]
        for (key, value) in environment { env[key] = value }
        statusPath = socketPath + ".status"
        // sh runs the program and records how it ended, then stays out of the way.
        let record = "\"$0\" \"$@\"; echo $? > \(Self.shellQuoted(statusPath))"
        let command = (["env", "-i"] + env.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            + ["/bin/sh", "-c", record, binary] + arguments).map(Self.shellQuoted).joined(separator: " ")
        try tmux(["-f", "/dev/null", "new-session", "-d", "-x", "\(columns)", "-y", "40", "-s", "shell", command])
        try tmux(["set-option", "-t", "shell", "remain-on-exit", "on"])
    }

    deinit { stop() }

    func stop() {
        guard !stopped else { return }
        stopped = true
        _ = try? tmux(["kill-server"])
        unlink(socketPath)
        unlink(statusPath)
        if ownsHome { try? FileManager.default.removeItem(atPath: home) }
    }

    /// Pastes `text` as a terminal paste does: all of it at once, through a tmux buffer.
    func paste(_ text: String) throws {
        let file = socketPath + ".paste"
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        defer { unlink(file) }
        try tmux(["load-buffer", "-b", "paste", file])
        try tmux(["paste-buffer", "-b", "paste", "-t", "shell"])
    }

    /// Resizes the terminal window.
    func resize(columns: Int, rows: Int) throws {
        try tmux(["resize-window", "-t", "shell", "-x", "\(columns)", "-y", "\(rows)"])
    }

    /// Types text literally (no key names).
    func type(_ text: String) throws { try tmux(["send-keys", "-t", "shell", "-l", "--", text]) }

    /// Presses keys by tmux name: "Enter", "Tab", "C-c", "C-d", "Up", "C-r"…
    func press(_ keys: String...) throws { try tmux(["send-keys", "-t", "shell"] + keys) }

    /// Types a line and presses Enter.
    func enter(_ line: String) throws {
        try type(line)
        try press("Enter")
    }

    /// The screen as text (trailing blanks trimmed); with escapes, colours show.
    func screen(escapes: Bool = false) throws -> String {
        try tmux(["capture-pane", "-t", "shell", "-p", "-J"] + (escapes ? ["-e"] : []))
    }

    /// The screen's non-empty lines.
    func lines() throws -> [String] {
        try screen().split(separator: "\n").map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    /// The last non-empty line (where the prompt and cursor usually are).
    func lastLine() throws -> String { try lines().last ?? "" }

    /// Waits until `condition` holds for the screen; throws with the screen when it never does.
    @discardableResult
    func waitFor(_ what: String, timeout: Duration = .seconds(10), escapes: Bool = false,
                 _ condition: (String) -> Bool) throws -> String {
        let deadline = ContinuousClock.now + timeout
        var last = ""
        while ContinuousClock.now < deadline {
            last = try screen(escapes: escapes)
            if condition(last) { return last }
            usleep(20_000)
        }
        throw TestFailure("timed out waiting for \(what); screen:\n\(last)")
    }

    /// Waits until the screen contains `text`.
    @discardableResult
    func waitFor(_ text: String, timeout: Duration = .seconds(10)) throws -> String {
        try waitFor("\"\(text)\"", timeout: timeout) { $0.contains(text) }
    }

    /// Waits until the last non-empty line is exactly `line` (trailing blanks ignored).
    @discardableResult
    func waitForLastLine(_ line: String, timeout: Duration = .seconds(10)) throws -> String {
        try waitFor("last line \"\(line)\"", timeout: timeout) { screen in
            let lines = screen.split(separator: "\n").map { String($0) }
                .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            return lines.last.map { Self.trimmedRight($0) } == Self.trimmedRight(line)
        }
    }

    /// Counts how often `text` is on the screen.
    func count(of text: String) throws -> Int {
        try screen().components(separatedBy: text).count - 1
    }

    /// The exit status once the program has ended (128 + signal when killed),
    /// nil while it runs. Written by the wrapping shell (tmux 3.3 does not
    /// always report a dead pane's status).
    func exitStatus() throws -> Int32? {
        guard let text = try? String(contentsOfFile: statusPath, encoding: .utf8),
              text.hasSuffix("\n") else { return nil }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Waits for the program to end and returns its status.
    func waitForExit(timeout: Duration = .seconds(10)) throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status = try exitStatus() { return status }
            usleep(20_000)
        }
        throw TestFailure("disque-cli did not exit; screen:\n\(try screen())")
    }

    // MARK: - tmux

    /// Runs one tmux command and returns what it printed. Spawned and reaped
    /// directly (posix_spawn, waitpid), its output going to a file: the tmux
    /// server that `new-session` forks inherits the client's descriptors and
    /// lives on, so neither a pipe's end of file nor Foundation's Process
    /// (which does not see this client exit) can tell when the command is done.
    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let outputPath = socketPath + ".out-\(UUID().uuidString.prefix(8))"
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ["tmux", "-S", socketPath] + arguments
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        // The test process ignores or blocks signals (SIGPIPE at least); the
        // tmux server and the shell under it must start with the defaults,
        // or SIGHUP from kill-server would not end the shell.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigfillset(&defaults)
        sigdelset(&defaults, SIGKILL)
        sigdelset(&defaults, SIGSTOP)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var child: pid_t = 0
        let spawned = posix_spawnp(&child, "tmux", &actions, &attributes, &cArguments, environ)
        guard spawned == 0 else {
            throw TestFailure("cannot run tmux: \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw TestFailure("tmux \(arguments.joined(separator: " ")) failed: \(text)")
        }
        return text
    }

    static func shellQuoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static func trimmedRight(_ text: String) -> String {
        var text = text
        while text.last == " " { text.removeLast() }
        return text
    }
}
