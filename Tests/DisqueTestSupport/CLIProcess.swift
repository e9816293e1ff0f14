import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a finished `disque-cli` run left behind.
public struct CLIResult: Sendable, CustomStringConvertible {
    public var status: Int32
    public var stdout: [UInt8]
    public var stderr: [UInt8]
    /// True when the run was killed for taking longer than its time limit.
    public var timedOut: Bool

    /// stdout as text (invalid UTF-8 repaired).
    public var out: String { String(decoding: stdout, as: UTF8.self) }
    /// stderr as text (invalid UTF-8 repaired).
    public var err: String { String(decoding: stderr, as: UTF8.self) }
    /// stdout split into lines, without the final empty one.
    public var lines: [String] {
        var parts = out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "" { parts.removeLast() }
        return parts
    }

    public var description: String {
        "exit \(status)\(timedOut ? " (timed out)" : "")\n--- stdout\n\(out)--- stderr\n\(err)"
    }
}

/// A child process with piped stdin/stdout/stderr, driven by poll(2) so that
/// a child producing lots of output while we feed it input never deadlocks.
///
/// ```swift
/// let r = try CLIProcess.run(["-p", "\(node.port)", "PING"])
/// let p = try CLIProcess(["-p", port], stdin: ...)   // interactive use
/// try p.waitForOutput(containing: "ready"); p.send(...); p.closeInput(); let r = p.finish()
/// ```
public final class CLIProcess {
    public typealias SpawnFailure = TestFailure

    public let pid: pid_t
    private var inputFD: Int32
    private var outputFD: Int32
    private var errorFD: Int32
    private var pendingInput: [UInt8] = []
    private var inputWritten = 0
    private var closeInputWhenDrained = false
    public private(set) var stdout: [UInt8] = []
    public private(set) var stderr: [UInt8] = []
    private var exitStatus: Int32?

    /// Runs `executable` (default: the built disque-cli) with `arguments`.
    /// `environment` overrides the inherited environment (nil removes a
    /// variable); DISQUE_AUTH and NO_COLOR are removed unless given.
    public init(_ arguments: [String], executable: String? = nil, stdin input: [UInt8] = [],
         closeInput: Bool = true, environment: [String: String?] = [:]) throws {
        _ = Glibc.signal(SIGPIPE, SIG_IGN)
        let path = try executable ?? BuiltProduct.path("disque-cli")

        var env = ProcessInfo.processInfo.environment
        env["DISQUE_AUTH"] = nil
        env["NO_COLOR"] = nil
        for (key, value) in environment { env[key] = value }

        // Socket pairs rather than pipes: they can be created close-on-exec
        // atomically (Glibc does not export pipe2), so a child spawned by a
        // concurrent test never inherits — and holds open — another test's ends.
        // Index 0 is the child's end, 1 ours.
        var inPipe: [Int32] = [-1, -1], outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        let kind = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        guard socketpair(AF_UNIX, kind, 0, &inPipe) == 0, socketpair(AF_UNIX, kind, 0, &outPipe) == 0,
              socketpair(AF_UNIX, kind, 0, &errPipe) == 0 else {
            throw TestFailure("socketpair: \(String(cString: strerror(errno)))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[0], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[0], 2)

        let argv = [path] + arguments
        let envp = env.map { "\($0.key)=\($0.value)" }
        var child: pid_t = 0
        let rc = withCStrings(argv) { cArgv in
            withCStrings(envp) { cEnv in
                withCleanSpawnAttributes { posix_spawn(&child, path, &actions, &$0, cArgv, cEnv) }
            }
        }
        close(inPipe[0]); close(outPipe[0]); close(errPipe[0])
        guard rc == 0 else {
            close(inPipe[1]); close(outPipe[1]); close(errPipe[1])
            throw TestFailure("posix_spawn \(path): \(String(cString: strerror(rc)))")
        }
        pid = child
        inputFD = inPipe[1]
        outputFD = outPipe[1]
        errorFD = errPipe[1]
        for fd in [inputFD, outputFD, errorFD] {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        pendingInput = input
        closeInputWhenDrained = closeInput
        if closeInput && input.isEmpty { closeInputNow() }
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        for fd in [inputFD, outputFD, errorFD] where fd >= 0 { close(fd) }
    }

    /// Runs to completion and returns what happened.
    public static func run(_ arguments: [String], executable: String? = nil, stdin input: [UInt8] = [],
                    environment: [String: String?] = [:], timeout: Duration = .seconds(30)) throws -> CLIResult {
        let process = try CLIProcess(arguments, executable: executable, stdin: input,
                                     environment: environment)
        return process.finish(timeout: timeout)
    }

    /// Runs with `input` as text on stdin.
    public static func run(_ arguments: [String], input: String, environment: [String: String?] = [:],
                    timeout: Duration = .seconds(30)) throws -> CLIResult {
        try run(arguments, stdin: Array(input.utf8), environment: environment, timeout: timeout)
    }

    /// Queues bytes for the child's stdin.
    public func send(_ bytes: [UInt8]) {
        pendingInput.append(contentsOf: bytes)
        pump(timeoutMilliseconds: 0)
    }

    public func send(_ text: String) { send(Array(text.utf8)) }

    /// Closes stdin once everything queued has been written.
    public func closeInput() {
        closeInputWhenDrained = true
        if inputWritten == pendingInput.count { closeInputNow() }
    }

    /// Pumps I/O until stdout (or stderr) contains `text`; false on timeout or exit.
    @discardableResult
    public func waitForOutput(containing text: String, onStderr: Bool = false,
                       timeout: Duration = .seconds(10)) -> Bool {
        let needle = Array(text.utf8)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let haystack = onStderr ? stderr : stdout
            if haystack.count >= needle.count,
               haystack.indices.dropLast(needle.count - 1).contains(where: {
                   haystack[$0..<($0 + needle.count)].elementsEqual(needle)
               }) { return true }
            if exitStatus != nil { return false }
            if !pump(timeoutMilliseconds: 20) { reap(block: false) }
        }
        return false
    }

    /// Lets the child run for `duration`, collecting its output.
    public func run(for duration: Duration) {
        let deadline = ContinuousClock.now + duration
        while ContinuousClock.now < deadline, exitStatus == nil {
            if !pump(timeoutMilliseconds: 10) { reap(block: false) }
        }
    }

    /// Sends a signal to the child.
    public func signal(_ number: Int32) { kill(pid, number) }

    /// Closes stdin (after queued input), waits for the child to exit (killing it after
    /// `timeout`) and returns the result.
    public func finish(timeout: Duration = .seconds(30)) -> CLIResult {
        closeInput()
        let deadline = ContinuousClock.now + timeout
        var timedOut = false
        // Once the child has exited, its output is read to the end — but a
        // grandchild that inherited stdout (a daemon) may hold it open forever,
        // so stop after a short quiet spell.
        var exitedAt: ContinuousClock.Instant?
        while exitStatus == nil || outputFD >= 0 || errorFD >= 0 {
            if exitStatus != nil {
                let now = ContinuousClock.now
                if exitedAt == nil { exitedAt = now }
                if now - exitedAt! > .milliseconds(500) { break }
            }
            if ContinuousClock.now >= deadline {
                if exitStatus == nil {
                    kill(pid, SIGKILL)
                    timedOut = true
                    reap(block: true)
                }
                _ = pump(timeoutMilliseconds: 0)
                break
            }
            if !pump(timeoutMilliseconds: 20) { reap(block: false) }
        }
        if exitStatus == nil { reap(block: true) }
        return CLIResult(status: exitStatus ?? -1, stdout: stdout, stderr: stderr, timedOut: timedOut)
    }

    // MARK: - I/O

    /// One poll round. Returns false when nothing was ready.
    @discardableResult
    private func pump(timeoutMilliseconds: Int32) -> Bool {
        var fds: [pollfd] = []
        let wantWrite = inputFD >= 0 && inputWritten < pendingInput.count
        if wantWrite { fds.append(pollfd(fd: inputFD, events: Int16(POLLOUT), revents: 0)) }
        if outputFD >= 0 { fds.append(pollfd(fd: outputFD, events: Int16(POLLIN), revents: 0)) }
        if errorFD >= 0 { fds.append(pollfd(fd: errorFD, events: Int16(POLLIN), revents: 0)) }
        if fds.isEmpty {
            if timeoutMilliseconds > 0 { usleep(UInt32(timeoutMilliseconds) * 1000) }
            return false
        }
        let ready = poll(&fds, nfds_t(fds.count), timeoutMilliseconds)
        guard ready > 0 else { return false }
        for entry in fds where entry.revents != 0 {
            if entry.fd == inputFD {
                let n = pendingInput.withUnsafeBytes { raw in
                    write(inputFD, raw.baseAddress! + inputWritten, raw.count - inputWritten)
                }
                if n > 0 {
                    inputWritten += n
                    if inputWritten == pendingInput.count, closeInputWhenDrained { closeInputNow() }
                } else if n < 0, errno != EAGAIN, errno != EINTR {
                    closeInputNow()  // the child closed its stdin (EPIPE)
                }
            } else if entry.fd == outputFD {
                if !drain(outputFD, into: &stdout) { close(outputFD); outputFD = -1 }
            } else if entry.fd == errorFD {
                if !drain(errorFD, into: &stderr) { close(errorFD); errorFD = -1 }
            }
        }
        return true
    }

    /// Reads what is there; false at end of file.
    private func drain(_ fd: Int32, into buffer: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 { buffer.append(contentsOf: chunk[0..<n]); continue }
            if n == 0 { return false }
            return errno == EAGAIN || errno == EINTR
        }
    }

    private func closeInputNow() {
        if inputFD >= 0 {
            shutdown(inputFD, Int32(SHUT_WR))
            close(inputFD)
            inputFD = -1
        }
    }

    private func reap(block: Bool) {
        guard exitStatus == nil else { return }
        var status: Int32 = 0
        let r = waitpid(pid, &status, block ? 0 : WNOHANG)
        guard r == pid else { return }
        if status & 0x7f == 0 {
            exitStatus = (status >> 8) & 0xff
        } else {
            exitStatus = 128 + (status & 0x7f)
        }
    }
}

/// Calls `body` with a NULL-terminated C array of the strings.
private func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for p in pointers { free(p) } }
    return body(pointers)
}
