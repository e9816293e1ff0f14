import Disque

/// Where a command goes and what happens when it fails: DisqueCluster's
/// dispatch loop, asynchronous, over the same ClusterRouter and RetryPolicy.
extension DisqueClient {
    /// Runs `body` on the first node of `choice` that works. A failure the
    /// retry policy judges the node for moves the client off it (and asks
    /// HELLO); the command goes to the next node only when the policy says it
    /// never ran or cannot change state. `role` follows the command to the
    /// node that served it.
    func dispatch<T: Sendable>(_ command: String, isIdempotent: Bool, role: NodeRole?, choice: NodeChoice,
                               _ body: (NodePool, String) async throws -> T) async throws -> T {
        try await ensureDiscovered()
        // Read in place: `router` would copy the whole routing state on every call.
        let (helloIsDue, nodeCount) = withRouter { ($0.helloIsDue(at: .now), $0.table.nodes.count) } ?? (false, 1)
        if helloIsDue { await refreshHello() }
        var budget = RetryBudget(maxAttempts: max(1, nodeCount))
        var tried: [String] = []
        var leftBecause: MoveReason?
        var lastError: (any Error)?
        var rediscovered = false
        while true {
            try Task.checkCancellation()
            let next = withRouter { $0.next(choice, excluding: tried, at: .now) } ?? nil
            guard let node = next else {
                // Every known node is set aside: look again from the seeds, once.
                if !rediscovered {
                    rediscovered = true
                    if await rediscover() { continue }
                }
                throw lastError ?? DisqueError.connection(ConnectionFailure(.refused,
                    "No Disque node is reachable for \(command) (tried \(tried.count) of"
                        + " \(router?.table.nodes.count ?? 0) known)"))
            }
            tried.append(node)
            do {
                let result = try await body(try pool(for: node), node)
                let move = withRouter { router -> ClusterMove? in
                    router.answered(by: node)
                    guard let role else { return nil }
                    return router.settle(role, on: node, reason: leftBecause ?? .degraded(priority: nil))
                } ?? nil
                if let move { report([move]) }
                return result
            } catch let error as DisqueError {
                let verdict = RetryPolicy.verdict(for: error, command: command, isIdempotent: isIdempotent)
                guard let reason = verdict.moveReason else {
                    if case .reply = error { _ = withRouter { $0.answered(by: node) } }
                    throw error
                }
                logger.info("node failed a command", metadata: ["command": "\(command)", "node": "\(node)",
                                                                 "error": "\(error)"])
                report(withRouter { $0.failed(on: node, reason: reason, at: .now) } ?? [])
                await refreshHello()
                guard budget.allowsAnother(after: verdict) else { throw error }
                leftBecause = leftBecause ?? reason
                lastError = error
            }
        }
    }

    /// Sends a command for the typed API: an error reply is thrown as `.reply`.
    func call(_ pool: NodePool, _ arguments: [String], blocking: Bool = false) async throws -> RESPValue {
        try await call(pool, bytes: arguments.map { Array($0.utf8) }, blocking: blocking)
    }

    /// The wait is the table's rule for the command (`ResolvedCommand.wait`).
    func call(_ pool: NodePool, bytes arguments: [[UInt8]], blocking: Bool = false) async throws -> RESPValue {
        let command = ResolvedCommand(arguments)
        let name = command.name, isIdempotent = command.isIdempotent, wait = command.wait
        let reply = blocking
            ? try await pool.sendBlocking(arguments, name: name, isIdempotent: isIdempotent, wait: wait)
            : try await pool.send(arguments, name: name, isIdempotent: isIdempotent, wait: wait)
        if case .error(let line) = reply { throw DisqueError.reply(errorLine: line) }
        return reply
    }

    // MARK: - HELLO

    /// Asks HELLO of the nodes fit for work (the current one first) until one
    /// answers, and adopts its table.
    @discardableResult
    func refreshHello() async -> Hello? {
        let nodes = withRouter { Array($0.candidates(for: .consumer, at: .now).prefix(3)) } ?? []
        for node in nodes {
            do {
                let pool = try pool(for: node)
                let reply = try await call(pool, ["HELLO"])
                let hello = try Hello(reply: reply, command: "HELLO")
                _ = withRouter { $0.answered(by: node) }
                report(adopt(hello, askedAt: pool.endpoint))
                return hello
            } catch let error as DisqueError {
                if case .reply = error { continue }  // NOAUTH or the like: that node's problem
                let failure = error.connectionFailure ?? ConnectionFailure(.failed, error.description)
                report(withRouter { $0.failed(on: node, reason: .unreachable(failure), at: .now) } ?? [])
            } catch {
                break  // cancelled
            }
        }
        _ = withRouter { $0.helloFailed(at: .now) }
        return nil
    }

    /// Starts over from the seeds and every address nodes were reached at.
    private func rediscover() async -> Bool {
        var endpoints = seeds
        for endpoint in state.withLock({ Array($0.reached.values) }) where !endpoints.contains(endpoint) {
            endpoints.append(endpoint)
        }
        return (try? await discover(from: endpoints, fresh: false)) ?? false
    }
}
