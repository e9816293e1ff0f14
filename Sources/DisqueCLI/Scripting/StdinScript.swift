import Disque
import RESP

/// Stdin mode: one command per line (the shell's quoting), validated, sent
/// pipelined with a bounded window, replies printed in input order.
///
/// Memory stays constant for any input: lines are read a chunk at a time and
/// at most `window` commands wait for their replies. Every line is sent once
/// and only once; a line that fails validation is reported and not sent. The
/// connection never reconnects here: after a broken link the lines without a
/// reply are named (they may or may not have run) and nothing is re-sent.
///
/// Each line becomes one `ResolvedCommand` (looked up and validated once),
/// queued on the connection's own pipeline, which echoes it, writes it in
/// batches of about 64 KB and hands each reply back with its command. This
/// mode keeps only the line numbers. When stdin has nothing more for the
/// moment, everything in flight is answered and printed before waiting for
/// input, so a slow producer sees replies as they come, and a blocking
/// GETJOB simply holds the line's place.
struct StdinScript {
    var options: DisqueConnectionOptions
    var formatter: ReplyFormatter
    var echo: Bool
    /// Several nodes were given: a lost link names the node (no other is tried).
    var namesNode = false
    /// Most commands awaiting a reply at once.
    var window = 1000

    func run() -> ExitStatus {
        let connection: DisqueConnection
        var options = options
        options.reconnect = false
        do {
            connection = try DisqueConnection(options: options)
        } catch {
            return ExitStatus.reporting(error)
        }
        connection.warnAboutAuthentication()
        if echo { connection.echo = EchoTrace.hook }
        defer { connection.close() }

        var state = State(connection: connection, formatter: formatter)
        var reader = LineReader()
        do {
            while true {
                let more = reader.fill()
                while let line = reader.nextLine() {
                    state.submit(line)
                    if state.inFlight >= window {
                        try state.drain(downTo: window / 2)
                    } else if connection.unwrittenByteCount >= State.batchLimit {
                        try state.sendBatch()
                    }
                }
                guard more else { break }
                try state.sendBatch()
                if !StandardInput.isReadable() {
                    try state.drain(downTo: 0)
                    FileOutput.standardOutput.flush()
                }
            }
            try state.drain(downTo: 0)
        } catch {
            FileOutput.standardOutput.flush()
            if namesNode {
                writeError("Disque node \(options.endpoint) failed; stdin mode stays on one node and re-sends nothing")
            }
            state.reportLoss(error, linesRead: state.lineNumber)
            return .connection
        }
        FileOutput.standardOutput.flush()
        return state.failed ? .serverError : .success
    }

    /// The lines sent and waiting for replies, and what has gone wrong so far.
    struct State {
        let connection: DisqueConnection
        let formatter: ReplyFormatter
        var lineNumber = 0
        var failed = false
        /// The line number of each command awaiting a reply, oldest at `head`
        /// (the commands themselves wait in the connection's pipeline). A line
        /// refused before sending holds its place with its error, so every line
        /// gives exactly one output record, in input order.
        private var pending: [(line: Int, refused: String?)] = []
        private var head = 0
        /// Bytes of commands gathered before one write.
        static let batchLimit = 64 * 1024

        init(connection: DisqueConnection, formatter: ReplyFormatter) {
            self.connection = connection
            self.formatter = formatter
        }

        /// Lines enqueued (written or not) still waiting for their record.
        var inFlight: Int { pending.count - head }

        /// Writes the commands not yet sent.
        mutating func sendBatch() throws(DisqueError) {
            try connection.flush()
        }

        /// Splits, resolves (validating) and enqueues one line.
        mutating func submit(_ line: [UInt8]) {
            lineNumber += 1
            guard let words = ArgumentSplitter.split(line) else {
                refuse("Invalid argument(s): unbalanced quotes, or a closing quote not followed by a space")
                return
            }
            guard !words.isEmpty else { return }
            do {
                connection.enqueue(try ResolvedCommand(validating: words))
            } catch {
                refuse(error.description)
                return
            }
            pending.append((lineNumber, nil))
        }

        /// Holds a refused line's place: its error is reported when its turn comes.
        private mutating func refuse(_ message: String) {
            pending.append((lineNumber, message))
        }

        /// Reads and prints replies until at most `target` commands await one.
        mutating func drain(downTo target: Int) throws(DisqueError) {
            // Replies come only for what was written.
            try sendBatch()
            while inFlight > target {
                let (line, refused) = pending[head]
                if let refused {
                    head += 1
                    // The record on stdout is the error's first line, as a server error would show.
                    let record = refused.split(separator: "\n").first.map(String.init) ?? refused
                    FileOutput.standardOutput.append { formatter.render(.error(record), shape: nil, into: &$0) }
                    fail(refused, line: line, suffix: " (not sent)")
                    continue
                }
                // Show what came before a reply that may take its time (GETJOB).
                if connection.commandAwaitingReply?.blocks == true { FileOutput.standardOutput.flush() }
                let (command, reply) = try connection.readPipelinedReply()
                head += 1
                if case .error(let message) = reply { fail(message, line: line) }
                FileOutput.standardOutput.append { formatter.render(reply, shape: command?.reply, into: &$0) }
            }
            if head == pending.count {
                pending.removeAll(keepingCapacity: true)
                head = 0
            } else if head > 4096 {
                pending.removeFirst(head)
                head = 0
            }
        }

        /// `line N: message` on stderr; the run will exit non-zero.
        mutating func fail(_ message: String, line: Int? = nil, suffix: String = "") {
            failed = true
            FileOutput.standardOutput.flush()  // keep stdout and stderr in step on a terminal
            let lines = message.split(separator: "\n", omittingEmptySubsequences: false)
            var text = "line \(line ?? lineNumber): " + (lines.first.map(String.init) ?? "") + suffix
            for rest in lines.dropFirst() { text += "\n  " + rest }
            writeError(text)
        }

        /// After the link broke: which lines may have run, and where input stopped.
        func reportLoss(_ error: DisqueError, linesRead: Int) {
            writeError(error.description)
            let unanswered = pending[head...].filter { $0.refused == nil }.map(\.line)
            if let first = unanswered.first, let last = unanswered.last {
                let range = first == last ? "line \(first)" : "lines \(first)-\(last)"
                writeError("\(range): no reply came back; they may or may not have run (not re-sent)")
            }
            writeError("stopped after line \(linesRead); the rest of the input was not sent")
        }
    }
}
