/// ADDJOB, ACKJOB, FASTACK, DELJOB, SHOW, JSCAN — replies and error texts as in job.c / ack.c.
extension DisqueNode {
    /// RETRY defaults to TTL/10, at most this many seconds (Disque's JOB_DEFAULT_RETRY_MAX).
    static let defaultRetryMax: Int64 = 300

    func addjob(_ client: ClientConnection, _ args: [[UInt8]]) {
        var replicate: Int64 = 1 // a lone node: cluster size 1
        var ttl: Int64 = 3600 * 24
        var retry: Int64 = -1
        var delay: Int64 = 0
        var maxlen: Int64 = 0
        var j = 4
        while j < args.count {
            let option = args[j]
            let hasValue = j < args.count - 1
            if hasValue && Arguments.equals(option, "replicate") {
                guard let value = Arguments.longLong(args[j + 1]), value > 0, value <= 65535 else {
                    return client.addError("ERR REPLICATE must be between 1 and 65535")
                }
                replicate = value
                j += 1
            } else if hasValue && Arguments.equals(option, "ttl") {
                guard let value = Arguments.longLong(args[j + 1]), value > 0 else {
                    return client.addError("ERR TTL must be a number > 0")
                }
                ttl = value
                j += 1
            } else if hasValue && Arguments.equals(option, "retry") {
                guard let value = Arguments.longLong(args[j + 1]), value >= 0 else {
                    return client.addError("ERR RETRY time must be a non negative number")
                }
                retry = value
                j += 1
            } else if hasValue && Arguments.equals(option, "delay") {
                guard let value = Arguments.longLong(args[j + 1]), value >= 0 else {
                    return client.addError("ERR DELAY time must be a non negative number")
                }
                delay = value
                j += 1
            } else if hasValue && Arguments.equals(option, "maxlen") {
                guard let value = Arguments.longLong(args[j + 1]), value > 0 else {
                    return client.addError("ERR MAXLEN must be a positive number")
                }
                maxlen = value
                j += 1
            } else if Arguments.equals(option, "async") {
                // Replication is local only, so there is nothing to wait for either way.
            } else {
                return client.addSyntaxError()
            }
            j += 1
        }
        // The ms timeout bounds synchronous replication; a lone node replicates at once.
        guard parseTimeout(args[3], client) != nil else { return }
        if replicate > 1 && retry == 0 {
            return client.addError("ERR With RETRY set to 0 please explicitly set  REPLICATE to 1 (at-most-once delivery)")
        }
        if delay >= ttl {
            return client.addError("ERR The specified DELAY is greater than TTL. Job refused since would never be delivered")
        }
        if retry == -1 {
            retry = min(ttl / 10, Self.defaultRetryMax)
            if retry == 0 { retry = 1 }
        }
        // A leaving node replicates "externally" only, and there is no other node.
        let additionalNodes = leaving ? replicate : replicate - 1
        if additionalNodes > 0 {
            if leaving && additionalNodes - 1 == 0 {
                return client.addError("NOREPL Not enough reachable nodes for the requested replication level, since I'm unable to hold a copy of the message for the following reason: I'm leaving the cluster")
            }
            return client.addError("NOREPL Not enough reachable nodes for the requested replication level")
        }
        let queue = queues[args[1]]
        if maxlen > 0, let queue, queue.jobs.count >= maxlen {
            return client.addError("MAXLEN Queue is already longer than the specified MAXLEN count")
        }
        if let queue, queue.pausedIn {
            return client.addError("PAUSED Queue paused in input, try later")
        }

        let now = clock.milliseconds
        // ctime is ms × 10^6, bumped so jobs made in the same ms keep their order.
        var ctime = now &* 1_000_000
        if ctime <= previousCtime { ctime = previousCtime &+ 1 }
        previousCtime = ctime
        // From here on the real server's C types decide: the ID is made from
        // `int` TTL and RETRY, the job keeps 32-bit expiry, delay and retry,
        // and the first queue time is 64-bit arithmetic that may wrap.
        let id = JobID.generate(nodePrefix: nodePrefix, ttlSeconds: Int32(truncatingIfNeeded: ttl),
                                retry: Int32(truncatingIfNeeded: retry), random: &random)
        let job = Job(id: id, queue: args[1], body: args[2], repl: replicate, ctime: ctime,
                      etime: UInt32(truncatingIfNeeded: now / 1000 &+ ttl),
                      delay: UInt32(truncatingIfNeeded: delay), retry: UInt32(truncatingIfNeeded: retry))
        job.qtime = delay > 0 ? now &+ delay &* 1000 : now &+ retry &* 1000
        register(job)
        if job.delay == 0 {
            enqueue(job, nack: false)
        } else {
            job.state = .active
            updateAwakeTime(job)
        }
        client.addStatus(bytes: job.id)
    }

    /// Disque's getTimeoutFromObjectOrReply for millisecond timeouts: nil after an error reply.
    func parseTimeout(_ bytes: [UInt8], _ client: ClientConnection) -> Int64? {
        guard let value = Arguments.longLong(bytes) else {
            client.addError("ERR timeout is not an integer or out of range")
            return nil
        }
        guard value >= 0 else {
            client.addError("ERR timeout is negative")
            return nil
        }
        return value
    }

    /// All IDs are checked before anything is done, so a bad one changes nothing.
    func validateJobIDs(_ ids: ArraySlice<[UInt8]>, _ client: ClientConnection) -> Bool {
        for id in ids where !JobID.isValid(id) {
            client.addError("BADID Invalid Job ID format.")
            return false
        }
        return true
    }

    func ackjob(_ client: ClientConnection, _ args: [[UInt8]]) {
        guard validateJobIDs(args.dropFirst(), client) else { return }
        var known = 0
        for id in args.dropFirst() {
            // Unknown IDs: a cluster node would keep a dummy ACK; a lone node has nobody to tell.
            guard let job = jobs[id], job.state != .acked else { continue }
            delete(job)
            known += 1
        }
        client.addInteger(known)
    }

    func fastack(_ client: ClientConnection, _ args: [[UInt8]]) {
        deljob(client, args)
    }

    func deljob(_ client: ClientConnection, _ args: [[UInt8]]) {
        guard validateJobIDs(args.dropFirst(), client) else { return }
        var deleted = 0
        for id in args.dropFirst() {
            guard let job = jobs[id] else { continue }
            delete(job)
            deleted += 1
        }
        client.addInteger(deleted)
    }

    func show(_ client: ClientConnection, _ args: [[UInt8]]) {
        guard validateJobIDs(args[1...1], client) else { return }
        guard let job = jobs[args[1]] else { return client.addNullBulk() }
        addJobInfo(job, to: client)
    }

    /// SHOW's 30-element field list, in the real order.
    func addJobInfo(_ job: Job, to client: ClientConnection) {
        let now = clock.milliseconds
        client.addArrayHeader(30)
        client.addBulk("id"); client.addBulk(job.id)
        client.addBulk("queue"); client.addBulk(job.queue)
        client.addBulk("state"); client.addBulk(job.state.name)
        client.addBulk("repl"); client.addInteger(job.repl)
        client.addBulk("ttl"); client.addInteger(max(0, Int64(job.etime) - now / 1000))
        client.addBulk("ctime"); client.addInteger(job.ctime)
        client.addBulk("delay"); client.addInteger(Int64(job.delay))
        client.addBulk("retry"); client.addInteger(Int64(job.retry))
        client.addBulk("nacks"); client.addInteger(Int64(job.nacks))
        client.addBulk("additional-deliveries"); client.addInteger(Int64(job.additionalDeliveries))
        client.addBulk("nodes-delivered"); client.addArrayHeader(1); client.addBulk(nodeID)
        client.addBulk("nodes-confirmed"); client.addArrayHeader(0)
        client.addBulk("next-requeue-within")
        // Wrapping like the server's mstime_t subtraction: a wrapped qtime stays representable.
        if job.qtime == 0 { client.addNullBulk() } else { client.addInteger(max(0, job.qtime &- now)) }
        client.addBulk("next-awake-within")
        if job.awakeme == 0 { client.addNullBulk() } else { client.addInteger(max(0, job.awakeme &- now)) }
        client.addBulk("body"); client.addBulk(job.body)
    }

    func jscan(_ client: ClientConnection, _ args: [[UInt8]]) {
        var queueFilter: [UInt8]?
        var states = Set<JobState>()
        var replyAll = false
        let parsed = parseScanArguments(args, client) { option, value in
            guard let value else { return .unknown }
            if Arguments.equals(option, "queue") {
                queueFilter = value
            } else if Arguments.equals(option, "state") {
                guard let state = JobState(name: value) else { return .refused("ERR Invalid job state name") }
                states.insert(state)
            } else if Arguments.equals(option, "reply") {
                if Arguments.equals(value, "id") {
                    replyAll = false
                } else if Arguments.equals(value, "all") {
                    replyAll = true
                } else {
                    return .refused("ERR Invalid REPLY type, try ID or ALL")
                }
            } else {
                return .unknown
            }
            return .tookValue
        }
        guard let scan = parsed else { return }
        let page = scanPage(jobScanOrder, from: scan.cursor, count: scan.count, busyloop: scan.busyloop) { (job: Job) in
            guard job.registered else { return nil }
            if let queueFilter, job.queue != queueFilter { return false }
            if !states.isEmpty && !states.contains(job.state) { return false }
            return true
        }
        addScanReply(page, to: client) { job in
            if replyAll { addJobInfo(job, to: client) } else { client.addStatus(bytes: job.id) }
        }
    }

    func loadjob(_ client: ClientConnection, _ args: [[UInt8]]) {
        client.addError("ERR LOADJOB is a special command only processed from AOF")
    }
}
