/// The commands that name jobs by ID, and how each behaves on a node that
/// does not hold the job (measured on Disque 1.0-rc1):
/// ACKJOB and FASTACK on a healthy non-holder still reach the cluster (an ACK
/// is recorded and broadcast, or a DELJOB broadcast); on a *leaving*
/// non-holder ACKJOB answers 0 and the ack is lost. WORKING answers -NOJOB;
/// NACK, ENQUEUE, DEQUEUE, DELJOB and SHOW act on that node's copy only, so a
/// non-holder answers 0 (or nil) and nothing happens.
public enum JobCommand: String, Sendable, Hashable, CaseIterable {
    case ackJob = "ACKJOB", fastAck = "FASTACK", nack = "NACK", working = "WORKING"
    case show = "SHOW", enqueue = "ENQUEUE", dequeue = "DEQUEUE", delJob = "DELJOB"

    /// The command named `name` (any case), if it is one of these.
    public init?(name: String) {
        self.init(rawValue: name.uppercased())
    }

    /// True when a healthy node that does not hold the job still passes the
    /// command on to the nodes that do.
    public var reachesHoldersFromAnyNode: Bool { self == .ackJob || self == .fastAck }

    /// True when the command ends the job's life, so this client stops tracking where it is.
    public var endsJob: Bool { self == .ackJob || self == .fastAck || self == .delJob }
}

/// Some of a command's job IDs and the nodes to try for them, best first.
public struct JobRoute: Sendable, Hashable {
    public var ids: [JobID]
    /// Node IDs; the first is where the command goes, the rest are fallbacks
    /// for when that node cannot be reached.
    public var candidates: [String]
}

extension NodeTable {
    /// Where to send `command` for one job, best first:
    ///
    /// 1. nodes fit for work that hold it: its creator (named by the ID's
    ///    prefix), then nodes this client saw holding it;
    /// 2. holders HELLO rates 10 or 100 but not found dead by this client — a
    ///    leaving node still serves jobs it holds. A creator rated 100 counts
    ///    only when seen holding the job: a node that was already leaving when
    ///    it took the ADDJOB kept no copy;
    /// 3. other nodes fit for work, `fallback` first (the client's current
    ///    node) — ahead of tier 2 for ACKJOB and FASTACK, which such a node
    ///    passes on, after it for the rest.
    ///
    /// A leaving node that does not hold the job is never a candidate.
    public func candidates(for command: JobCommand, job id: JobID, holders: JobHolders,
                           fallback: String?, at now: ContinuousClock.Instant) -> [String] {
        var fit: [String] = [], avoided: [String] = [], seen: Set<String> = []
        func consider(_ node: String, heldForSure: Bool) {
            guard !seen.contains(node) else { return }
            let standing = standing(of: node, at: now)
            if standing.takesWork {
                seen.insert(node); fit.append(node)
            } else if standing == .avoided, heldForSure || !mayBeLeaving(node, at: now) {
                seen.insert(node); avoided.append(node)
            }
        }
        let known = holders.nodes(holding: id)
        // An ACK goes first to the node that delivered the job: that node's copy
        // is the one whose RETRY timer queues the job again, and an ACK given
        // to the creator alone was measured not to reach the copy a federating
        // node took from a node that then left (bench/cluster.sh leaving).
        if command.reachesHoldersFromAnyNode { for holder in known { consider(holder, heldForSure: true) } }
        if let creator = creator(of: id) { consider(creator.id, heldForSure: known.contains(creator.id)) }
        for holder in known { consider(holder, heldForSure: true) }
        var others: [String] = []
        let workers = workers(at: now).map(\.id)
        for node in ([fallback].compactMap { $0 } + workers) where !seen.contains(node) && workers.contains(node) {
            seen.insert(node); others.append(node)
        }
        return command.reachesHoldersFromAnyNode ? fit + others + avoided : fit + avoided + others
    }

    /// Splits a command's IDs into one route per distinct candidate list, in
    /// the order the IDs first appear, so each node gets one command.
    public func routes(for command: JobCommand, jobs ids: [JobID], holders: JobHolders,
                       fallback: String?, at now: ContinuousClock.Instant) -> [JobRoute] {
        var routes: [JobRoute] = []
        var index: [[String]: Int] = [:]
        for id in ids {
            let candidates = candidates(for: command, job: id, holders: holders, fallback: fallback, at: now)
            if let at = index[candidates] {
                routes[at].ids.append(id)
            } else {
                index[candidates] = routes.count
                routes.append(JobRoute(ids: [id], candidates: candidates))
            }
        }
        return routes
    }
}
