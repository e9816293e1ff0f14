/// The job table and queue mechanics: register, enqueue, fetch, requeue after
/// RETRY, expire at TTL. The rules follow Disque's job.c / queue.c.
extension DisqueNode {
    /// Disque's randomTimeError window, so requeue times spread like the real server's.
    static let timeError: Int64 = 500
    /// How much earlier than a requeue the server looks at a job to broadcast WILLQUEUE (JOB_WILLQUEUE_ADVANCE).
    static let willQueueAdvance: Int64 = 500
    /// Idle, empty, unpaused queues with nobody blocked are forgotten after this long.
    static let queueMaxIdleSeconds: Int64 = 300

    /// Adds a job to the table. The caller schedules it once its state is set
    /// (ADDJOB does right after), saving a wasted push on the awake schedule.
    func register(_ job: Job) {
        jobs[job.id] = job
        job.registered = true
        job.scanSequence = nextScanSequence
        nextScanSequence += 1
        jobScanOrder.append(job)
    }

    func unregister(_ job: Job) {
        guard job.registered else { return }
        if job.state == .queued { dequeue(job) }
        jobs.removeValue(forKey: job.id)
        job.registered = false
    }

    /// Schedules the job's next look: its requeue time if it has one (half a
    /// second early while a WILLQUEUE is due, as the server does), else one
    /// second past its expiry (so it is surely expired when looked at).
    func updateAwakeTime(_ job: Job) {
        var at = Int64(job.etime) * 1000 + 1000
        if (job.state == .active || job.state == .queued) && job.qtime != 0 {
            let requeue = job.willQueuePending ? job.qtime &- Self.willQueueAdvance : job.qtime
            if requeue < at { at = requeue }
        }
        schedule.schedule(job, at: at)
    }

    func queue(named name: [UInt8]) -> JobQueue? { queues[name] }

    func createQueue(_ name: [UInt8]) -> JobQueue {
        if let existing = queues[name] { return existing }
        let queue = JobQueue(name: name, now: nowSeconds)
        queue.scanSequence = nextScanSequence
        nextScanSequence += 1
        queues[name] = queue
        queueScanOrder.append(queue)
        return queue
    }

    /// Puts a job in its queue. Refused when already queued, when it must
    /// never be queued again (qtime 0), or for a delivered at-most-once job.
    @discardableResult
    func enqueue(_ job: Job, nack: Bool) -> Bool {
        if job.state == .queued || job.qtime == 0 { return false }
        if job.retry == 0 && job.delivered { return false }
        let now = clock.milliseconds
        job.state = .queued
        job.qtime = job.retry > 0 ? requeueTime(job, now: now) : 0
        if job.retry > 0 { job.willQueuePending = true }
        // The first queueing is the delivery itself; later ones are counted.
        if job.queuedBefore || nack {
            if nack { job.nacks &+= 1 } else { job.additionalDeliveries &+= 1 }
        } else {
            job.queuedBefore = true
        }
        updateAwakeTime(job)
        let queue = createQueue(job.queue)
        queue.jobs.insert(job)
        queue.atime = now / 1000
        queue.jobsIn += 1
        if !queue.pausedOut { signalReady(queue) }
        return true
    }

    @discardableResult
    func dequeue(_ job: Job) -> Bool {
        guard job.state == .queued, let queue = queues[job.queue] else { return false }
        queue.jobs.remove(job)
        job.state = .active
        return true
    }

    /// Takes the oldest job of a queue for a consumer.
    func fetch(from queue: JobQueue) -> Job? {
        guard let job = queue.jobs.popFirst() else { return nil }
        job.state = .active
        job.delivered = true
        queue.atime = nowSeconds
        queue.jobsOut += 1
        return job
    }

    /// Acknowledged or deleted: on a lone node every copy is this one, so the
    /// job goes at once (Disque's GC finds all nodes confirmed immediately).
    func delete(_ job: Job) {
        unregister(job)
    }

    func processJobs(now: Int64) {
        var budget = 10_000 // like Disque: bound the work of one turn
        while budget > 0, let job = schedule.popDue(now: now) {
            budget -= 1
            process(job, now: now)
        }
    }

    /// Now + RETRY + a random error, with the server's wrap-arounds (see `retryMilliseconds`).
    func requeueTime(_ job: Job, now: Int64) -> Int64 {
        now &+ job.retryMilliseconds &+ random.timeError(Self.timeError)
    }

    private func process(_ job: Job, now: Int64) {
        if Int64(job.etime) <= now / 1000 {
            unregister(job)
            return
        }
        // The early look for WILLQUEUE (which a lone node has nobody to send to):
        // from now on the job is scheduled for its requeue time itself.
        if (job.state == .active || job.state == .queued) && job.willQueuePending
            && job.qtime &- Self.willQueueAdvance <= now {
            job.willQueuePending = false
        }
        if job.state == .active && job.qtime <= now {
            if job.retry != 0, let queue = queues[job.queue], queue.pausedIn {
                // Paused in input: try again one RETRY later instead of queueing.
                job.qtime = requeueTime(job, now: now)
            } else {
                enqueue(job, nack: false)
            }
        }
        if job.state == .queued && job.qtime <= now && job.retry != 0 {
            job.willQueuePending = true
            job.qtime = requeueTime(job, now: now)
        }
        if job.registered { updateAwakeTime(job) }
    }

    func evictIdleQueues(now: Int64) {
        for queue in Array(queues.values) { collectIfIdle(queue, now: now) }
    }

    func collectIfIdle(_ queue: JobQueue, now: Int64) {
        guard now - queue.atime >= Self.queueMaxIdleSeconds, queue.blockedClients.isEmpty,
              queue.jobs.isEmpty, !queue.pausedIn, !queue.pausedOut else { return }
        queues.removeValue(forKey: queue.name)
    }

    /// Drops scan-order entries of removed jobs/queues once they dominate.
    func compactScanOrders() {
        if jobScanOrder.count > 2 * jobs.count + 1024 {
            jobScanOrder.removeAll { !$0.registered }
        }
        if queueScanOrder.count > 2 * queues.count + 1024 {
            queueScanOrder.removeAll { queues[$0.name] !== $0 }
        }
    }

    /// DEBUG FLUSHALL: forget every job and queue; blocked GETJOBs get a null reply.
    func flushAll() {
        for client in Array(blockedClients.values).sorted(by: { $0.id < $1.id }) {
            client.addNullArray()
            unblock(client)
        }
        for job in jobs.values { job.registered = false }
        jobs.removeAll()
        queues.removeAll()
        readyQueues.removeAll()
        schedule.removeAll()
        blockedDeadlines.removeAll()
        jobScanOrder.removeAll()
        queueScanOrder.removeAll()
    }
}
