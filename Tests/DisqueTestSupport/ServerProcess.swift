import Foundation
import Glibc
import Synchronization

/// A real `disque-server` child process, its output going to a log file.
/// Every live one is registered, and an exit handler kills whatever is still
/// running when the test process ends — so a node held by a shared fixture,
/// or one whose test threw before cleaning up, never outlives the run.
final class ServerProcess: @unchecked Sendable {
    let pid: pid_t
    let logPath: String
    private let exitStatus = Mutex<Int32?>(nil)

    init(executable: String, arguments: [String], logPath: String) throws {
        self.logPath = logPath
        ServerProcess.installExitHandler()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = [executable] + arguments
        var child: pid_t = 0
        let cArgv: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cArgv { free(p) } }
        let rc = withCleanSpawnAttributes { posix_spawn(&child, executable, &actions, &$0, cArgv, environ) }
        guard rc == 0 else { throw TestFailure("cannot start \(executable): \(String(cString: strerror(rc)))") }
        pid = child
        _ = ServerProcess.live.withLock { $0.insert(child) }
    }

    deinit { kill(signal: SIGKILL) }

    /// True while the process has not exited.
    var isRunning: Bool {
        if exitStatus.withLock({ $0 }) != nil { return false }
        return !reap(block: false)
    }

    /// Sends `signal` and waits for the process to end (SIGKILL after 10 s).
    func kill(signal: Int32) {
        guard isRunning else { return }
        Glibc.kill(pid, signal)
        let deadline = ContinuousClock.now + .seconds(10)
        while !reap(block: false) {
            if ContinuousClock.now >= deadline { Glibc.kill(pid, SIGKILL); _ = reap(block: true); break }
            usleep(5_000)
        }
    }

    /// The last `lines` lines of the log.
    func logTail(lines: Int = 30) -> String {
        guard let text = try? String(contentsOfFile: logPath, encoding: .utf8) else { return "(no log at \(logPath))" }
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    /// Collects the exit status; true once the process has ended.
    private func reap(block: Bool) -> Bool {
        if exitStatus.withLock({ $0 }) != nil { return true }
        var status: Int32 = 0
        let r = waitpid(pid, &status, block ? 0 : WNOHANG)
        guard r == pid || (r < 0 && errno == ECHILD) else { return false }
        exitStatus.withLock { $0 = status }
        _ = ServerProcess.live.withLock { $0.remove(pid) }
        return true
    }

    private static let live = Mutex<Set<pid_t>>([])
    private static let handlerInstalled = Mutex(false)

    private static func installExitHandler() {
        let first = handlerInstalled.withLock { installed -> Bool in
            defer { installed = true }
            return !installed
        }
        guard first else { return }
        atexit {
            for pid in ServerProcess.live.withLock({ $0 }) { Glibc.kill(pid, SIGKILL) }
        }
    }
}
