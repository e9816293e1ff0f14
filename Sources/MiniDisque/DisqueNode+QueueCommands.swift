/// GETJOB, QLEN, QPEEK, QSTAT, QSCAN, ENQUEUE/NACK, DEQUEUE, WORKING, PAUSE — as in queue.c.
extension DisqueNode {
    func getjob(_ client: ClientConnection, _ args: [[UInt8]]) {
        var timeout: Int64 = 0
        var count: Int64 = 1
        var nohang = false
        var withCounters = false
        var names: ArraySlice<[UInt8]> = []
        var j = 1
        while j < args.count {
            let option = args[j]
            let hasValue = j < args.count - 1
            if Arguments.equals(option, "nohang") {
                nohang = true
            } else if Arguments.equals(option, "withcounters") {
                withCounters = true
            } else if hasValue && Arguments.equals(option, "timeout") {
                guard let value = parseTimeout(args[j + 1], client) else { return }
                timeout = value
                j += 1
            } else if hasValue && Arguments.equals(option, "count") {
                guard let value = Arguments.longLong(args[j + 1]), value > 0 else {
                    return client.addError("ERR COUNT must be a number greater than zero")
                }
                count = value
                j += 1
            } else if Arguments.equals(option, "from") {
                names = args[(j + 1)...]
                break
            } else {
                return client.addSyntaxError()
            }
            j += 1
        }
        guard !names.isEmpty else { return client.addSyntaxError() }

        // Round-robin over the queues in the order given until COUNT or no progress.
        var fetched: [Job] = []
        while count > 0 {
            let before = fetched.count
            for name in names {
                // Like the real node, asking for jobs creates the queue (it is GC'd when idle).
                let queue = createQueue(name)
                guard !queue.pausedOut, let job = fetch(from: queue) else { continue }
                fetched.append(job)
                count -= 1
                if count == 0 { break }
            }
            if fetched.count == before { break }
        }
        if !fetched.isEmpty {
            client.addArrayHeader(fetched.count)
            for job in fetched { addJobReply(job, to: client, withCounters: withCounters) }
            return
        }
        if nohang { return client.addNullArray() }
        if leaving {
            return client.addError("LEAVING This node is leaving the cluster, please connect to a different one")
        }
        // The server's `timeout + mstime()`: a huge TIMEOUT wraps negative and times out at once.
        let deadline = timeout > 0 ? clock.milliseconds &+ timeout : 0
        block(client, on: Array(names), deadline: deadline, withCounters: withCounters)
    }

    func qlen(_ client: ClientConnection, _ args: [[UInt8]]) {
        client.addInteger(queues[args[1]]?.jobs.count ?? 0)
    }

    func qpeek(_ client: ClientConnection, _ args: [[UInt8]]) {
        guard var count = Arguments.longLong(args[2]) else {
            return client.addError("ERR value is not an integer or out of range")
        }
        var newestFirst = false
        if count < 0 {
            count = count == Int64.min ? Int64.max : -count
            newestFirst = true
        }
        let jobs = queues[args[1]]?.jobs.peek(Int(count), newestFirst: newestFirst) ?? []
        client.addArrayHeader(jobs.count)
        for job in jobs { addJobReply(job, to: client, withCounters: false) }
    }

    func qstat(_ client: ClientConnection, _ args: [[UInt8]]) {
        guard let queue = queues[args[1]] else { return client.addNullArray() }
        let now = nowSeconds
        client.addArrayHeader(20)
        client.addBulk("name"); client.addBulk(queue.name)
        client.addBulk("len"); client.addInteger(queue.jobs.count)
        client.addBulk("age"); client.addInteger(max(0, now - queue.ctime))
        client.addBulk("idle"); client.addInteger(max(0, now - queue.atime))
        client.addBulk("blocked"); client.addInteger(queue.blockedClients.count)
        client.addBulk("import-from"); client.addArrayHeader(0)
        client.addBulk("import-rate"); client.addInteger(0)
        client.addBulk("jobs-in"); client.addInteger(queue.jobsIn)
        client.addBulk("jobs-out"); client.addInteger(queue.jobsOut)
        client.addBulk("pause"); client.addBulk(queue.pauseState)
    }

    func qscan(_ client: ClientConnection, _ args: [[UInt8]]) {
        var minlen: Int64 = -1, maxlen: Int64 = -1, importRate: Int64 = -1
        let parsed = parseScanArguments(args, client) { option, value in
            guard let value else { return .unknown }
            let isMinlen = Arguments.equals(option, "minlen"), isMaxlen = Arguments.equals(option, "maxlen")
            guard isMinlen || isMaxlen || Arguments.equals(option, "importrate") else { return .unknown }
            guard let number = Arguments.longLong(value) else {
                return .refused("ERR value is not an integer or out of range")
            }
            if isMinlen { minlen = number } else if isMaxlen { maxlen = number } else { importRate = number }
            return .tookValue
        }
        guard let scan = parsed else { return }
        let page = scanPage(queueScanOrder, from: scan.cursor, count: scan.count, busyloop: scan.busyloop) { (queue: JobQueue) in
            guard queues[queue.name] === queue else { return nil }
            let length = Int64(queue.jobs.count)
            if minlen != -1 && length < minlen { return false }
            if maxlen != -1 && length > maxlen { return false }
            if importRate != -1 && 0 < importRate { return false } // nothing is ever imported here
            return true
        }
        addScanReply(page, to: client) { queue in client.addBulk(queue.name) }
    }

    /// ENQUEUE and NACK: queue active jobs again; NACK counts it as a failure.
    func enqueueCommand(_ client: ClientConnection, _ args: [[UInt8]], nack: Bool) {
        guard validateJobIDs(args.dropFirst(), client) else { return }
        var enqueued = 0
        for id in args.dropFirst() {
            if let job = jobs[id], job.state == .active, enqueue(job, nack: nack) { enqueued += 1 }
        }
        client.addInteger(enqueued)
    }

    func dequeueCommand(_ client: ClientConnection, _ args: [[UInt8]]) {
        guard validateJobIDs(args.dropFirst(), client) else { return }
        var dequeued = 0
        for id in args.dropFirst() {
            if let job = jobs[id], job.state == .queued, dequeue(job) { dequeued += 1 }
        }
        client.addInteger(dequeued)
    }

    /// WORKING: postpone the next requeue by RETRY; refused once half the TTL is gone.
    func working(_ client: ClientConnection, _ args: [[UInt8]]) {
        guard validateJobIDs(args[1...1], client) else { return }
        guard let job = jobs[args[1]] else {
            return client.addError("NOJOB Job not known in the context of this node.")
        }
        let now = clock.milliseconds
        let created = job.ctime / 1_000_000
        let ttl = Int64(job.etime) * 1000 - created
        if ttl > 0 && now &- created > ttl / 2 {
            return client.addError("TOOLATE Half of job TTL already elapsed, you are no longer allowed to postpone the next delivery.")
        }
        if job.state == .queued { dequeue(job) }
        job.willQueuePending = true
        if job.retry != 0 && job.qtime != 0 {
            job.qtime = requeueTime(job, now: now)
            updateAwakeTime(job)
        }
        client.addInteger(Int64(job.retry))
    }

    func pause(_ client: ClientConnection, _ args: [[UInt8]]) {
        var pauseIn = false, pauseOut = false, update = false
        for option in args[2...] {
            if Arguments.equals(option, "none") {
                pauseIn = false; pauseOut = false; update = true
            } else if Arguments.equals(option, "in") {
                pauseIn = true; update = true
            } else if Arguments.equals(option, "out") {
                pauseOut = true; update = true
            } else if Arguments.equals(option, "all") {
                pauseIn = true; pauseOut = true; update = true
            } else if Arguments.equals(option, "state") || Arguments.equals(option, "bcast") {
                // state: the reply is the state anyway; bcast: there are no other nodes to tell.
            } else {
                return client.addSyntaxError()
            }
        }
        var queue = queues[args[1]]
        if queue == nil && update && (pauseIn || pauseOut) { queue = createQueue(args[1]) }
        if let queue, update {
            let wasPausedOut = queue.pausedOut
            queue.pausedIn = pauseIn
            queue.pausedOut = pauseOut
            if wasPausedOut && !pauseOut { signalReady(queue) }
        }
        client.addStatus(queue?.pauseState ?? "none")
    }
}
