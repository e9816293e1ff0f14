/// Blocking GETJOB: clients wait on queues in arrival order and are served
/// when a job arrives, when their TIMEOUT passes (null array), or forgotten
/// when they disconnect.
extension DisqueNode {
    func block(_ client: ClientConnection, on names: [[UInt8]], deadline: Int64, withCounters: Bool) {
        var unique: [[UInt8]] = []
        for name in names where !unique.contains(name) {
            unique.append(name)
            createQueue(name).blockedClients.append(client)
        }
        let token = nextBlockToken
        nextBlockToken += 1
        client.blocked = BlockedGetJob(queues: unique, deadline: deadline, withCounters: withCounters, token: token)
        blockedClients[client.id] = client
        if deadline != 0 { blockedDeadlines.add(client, at: deadline, token: token) }
    }

    func unblock(_ client: ClientConnection) {
        guard let state = client.blocked else { return }
        client.blocked = nil
        blockedClients.removeValue(forKey: client.id)
        let now = nowSeconds
        for name in state.queues {
            guard let queue = queues[name] else { continue }
            queue.blockedClients.removeAll { $0 === client }
            if queue.blockedClients.isEmpty { collectIfIdle(queue, now: now) }
        }
        // Requests it pipelined behind the GETJOB can run now.
        if !client.closed && client.pendingInputCount > 0 { loop?.unblockedClients.append(client) }
    }

    func signalReady(_ queue: JobQueue) {
        guard !queue.blockedClients.isEmpty, !readyQueues.contains(where: { $0 === queue }) else { return }
        readyQueues.append(queue)
    }

    /// Hands queued jobs to the clients blocked on ready queues, first come first served.
    func serveReadyQueues() {
        while !readyQueues.isEmpty {
            let batch = readyQueues
            readyQueues.removeAll()
            for queue in batch where queues[queue.name] === queue && !queue.pausedOut {
                while let client = queue.blockedClients.first, let job = fetch(from: queue) {
                    let withCounters = client.blocked?.withCounters ?? false
                    client.addArrayHeader(1)
                    addJobReply(job, to: client, withCounters: withCounters)
                    unblock(client)
                }
            }
        }
    }

    /// Null replies for the GETJOBs whose deadline has come (or wrapped into the past).
    func expireBlockedClients(now: Int64) {
        while let client = blockedDeadlines.popExpired(now: now) {
            client.addNullArray()
            unblock(client)
        }
    }

    /// [queue, id, body] (+ nacks and additional-deliveries with WITHCOUNTERS), as GETJOB and QPEEK send it.
    func addJobReply(_ job: Job, to client: ClientConnection, withCounters: Bool) {
        client.addArrayHeader(withCounters ? 7 : 3)
        client.addBulk(job.queue)
        client.addBulk(job.id)
        client.addBulk(job.body)
        if withCounters {
            client.addBulk("nacks")
            client.addInteger(Int64(job.nacks))
            client.addBulk("additional-deliveries")
            client.addInteger(Int64(job.additionalDeliveries))
        }
    }
}
