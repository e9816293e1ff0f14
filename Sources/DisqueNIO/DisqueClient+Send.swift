import Disque

/// The raw escape hatch, routed like DisqueCluster.send.
extension DisqueClient {
    /// Sends one command as is and returns its reply; an error reply comes
    /// back as an `.error` value. ADDJOB goes to the producer node, job-ID
    /// commands by ID (several nodes' counts add up), everything else to the
    /// consumer node. A command that may block (GETJOB) gets a link of its own.
    public func send(_ arguments: [String]) async throws -> RESPValue {
        try await send(bytes: arguments.map { Array($0.utf8) })
    }

    public func send(bytes arguments: [[UInt8]]) async throws -> RESPValue {
        try await send(ResolvedCommand(arguments))
    }

    /// `send(bytes:)` for a command the caller resolved (and perhaps validated) already.
    public func send(_ resolved: ResolvedCommand) async throws -> RESPValue {
        try await ensureDiscovered()
        let arguments = resolved.arguments
        let name = resolved.name
        if let command = JobCommand(name: name), arguments.count > 1 {
            let ids = arguments.dropFirst().map { JobID(unchecked: String(decoding: $0, as: UTF8.self)) }
            let routes = withRouter { $0.routes(for: command, jobs: ids, at: .now) } ?? []
            var replies: [RESPValue] = []
            for route in routes {
                let part = resolved.replacingArguments([arguments[0]] + route.ids.map { Array($0.rawValue.utf8) })
                let (reply, _) = try await sendRaw(part, role: nil, choice: .reachable(among: route.candidates))
                replies.append(reply)
                guard case .integer = reply else { return reply }  // an error reply, or SHOW's details
            }
            if command.endsJob { _ = withRouter { router in for id in ids { router.ended(id) } } }
            return replies.count == 1 ? replies[0] : .integer(replies.reduce(0) { $0 + ($1.int ?? 0) })
        }
        let role: NodeRole = name == "ADDJOB" ? .producer : .consumer
        let (reply, node) = try await sendRaw(resolved, role: role, choice: .role(role))
        if name == "GETJOB" || name == "QPEEK", let jobs = try? Job.list(from: reply, command: name) {
            noteDelivered(jobs.map(\.id), from: node, byGetJob: name == "GETJOB")
        }
        return reply
    }

    private func sendRaw(_ command: ResolvedCommand, role: NodeRole?,
                         choice: NodeChoice) async throws -> (RESPValue, String) {
        let arguments = command.arguments, name = command.name, isIdempotent = command.isIdempotent
        let wait = command.wait, blocking = command.blocks
        do {
            return try await dispatch(name, isIdempotent: isIdempotent, role: role, choice: choice) {
                pool, node in
                let reply = blocking
                    ? try await pool.sendBlocking(arguments, name: name, isIdempotent: isIdempotent, wait: wait)
                    : try await pool.send(arguments, name: name, isIdempotent: isIdempotent, wait: wait)
                // Error replies the policy acts on (LEAVING, NOREPL…) go through it as errors.
                if case .error(let line) = reply {
                    let error = DisqueError.reply(errorLine: line)
                    if RetryPolicy.verdict(for: error, command: name, isIdempotent: isIdempotent) != .report { throw error }
                }
                return (reply, node)
            }
        } catch let error as DisqueError {
            guard case .reply(let code, let message) = error else { throw error }
            return (.error(message.isEmpty ? code : "\(code) \(message)"), "")
        }
    }
}
