#if canImport(Glibc)
import Glibc
#endif

/// One run of the worker's command for one job: spawned in a process group of
/// its own (so a time limit or shutdown kills its children too, and a Ctrl-C
/// on the terminal reaches only the worker, which decides what happens),
/// with the job's body on stdin and its counters in the environment.
struct JobProcess {
    let pid: pid_t

    /// Spawns `command` (searched on PATH); `input` is our end of its stdin,
    /// or nil when spawning failed (the errno is thrown as a message).
    static func spawn(_ command: [String], environment: [String]) throws(SpawnFailure) -> (JobProcess, Int32) {
        // A socket pair rather than a pipe: it is created close-on-exec
        // atomically, so a job spawned at the same moment by another slot
        // never inherits — and holds open — this job's stdin.
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            throw SpawnFailure(message: "socketpair: " + String(cString: strerror(errno)))
        }
        shutdown(ends[0], Int32(SHUT_WR))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, ends[0], 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGPIPE, SIGHUP, SIGQUIT, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        var child: pid_t = 0
        let rc = withCStrings(command) { argv in
            withCStrings(environment) { envp in posix_spawnp(&child, argv[0]!, &actions, &attributes, argv, envp) }
        }
        close(ends[0])
        guard rc == 0 else {
            close(ends[1])
            throw SpawnFailure(message: "\(command[0]): " + String(cString: strerror(rc)))
        }
        return (JobProcess(pid: child), ends[1])
    }

    /// Writes the body to the child's stdin and closes it. A child that exits
    /// without reading is fine (EPIPE is ignored, never a SIGPIPE).
    static func feed(_ body: [UInt8], to descriptor: Int32) {
        var offset = 0
        while offset < body.count {
            let n = body.withUnsafeBytes { send(descriptor, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if n > 0 { offset += n } else if n < 0, errno == EINTR { continue } else { break }
        }
        close(descriptor)
    }

    /// Blocks until the child has exited, without reaping it: its pid stays
    /// reserved, so a kill sent meanwhile can never reach a stranger.
    func waitForExit() {
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) == -1, errno == EINTR {}
    }

    /// Reaps the child; its exit status, or 128 + the signal that killed it.
    func reap() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            if errno != EINTR { return 127 }
        }
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    /// Kills the whole process group.
    func kill() { _ = Glibc.kill(-pid, SIGKILL) }

    struct SpawnFailure: Error { var message: String }
}

private func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for pointer in pointers { free(pointer) } }
    return body(pointers)
}
