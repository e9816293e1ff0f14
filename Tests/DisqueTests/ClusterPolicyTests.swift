import Testing
@testable import Disque

/// The cluster client's policy, as pure values: which node a command goes to,
/// when a failure may be re-sent, when GETJOB follows the jobs. No sockets.
@Suite("Cluster policy")
struct ClusterPolicyTests {
    static let a = String(repeating: "a", count: 8) + String(repeating: "0", count: 32)
    static let b = String(repeating: "b", count: 8) + String(repeating: "0", count: 32)
    static let c = String(repeating: "c", count: 8) + String(repeating: "0", count: 32)
    let t0 = ContinuousClock.now

    static func node(_ id: String, _ port: Int, _ priority: Int = 1) -> ClusterNode {
        ClusterNode(id: id, endpoint: .tcp(host: "127.0.0.1", port: port), priority: priority)
    }

    static func table(_ priorities: (a: Int, b: Int, c: Int) = (1, 1, 1)) -> NodeTable {
        NodeTable(nodes: [node(a, 7711, priorities.a), node(b, 7712, priorities.b), node(c, 7713, priorities.c)])
    }

    /// A job ID created by the node whose ID starts with `prefix`'s first character.
    static func job(_ node: String, _ n: Int = 0) -> JobID {
        let random = String(n).count >= 24 ? String(n) : String(repeating: "x", count: 24 - String(n).count) + String(n)
        return JobID("D-\(node.prefix(8))-\(random)-05a1")!
    }

    // MARK: - Node table

    @Test("HELLO: the answering node is where it was asked, an empty host means that host, priorities rank")
    func tableFromHello() {
        let hello = Hello(version: 1, myID: Self.a, nodes: [
            Hello.Node(id: Self.a, host: "10.0.0.1", port: 7711, priority: 1),
            Hello.Node(id: Self.b, host: "", port: 7712, priority: 5),
            Hello.Node(id: Self.c, host: "127.0.0.1", port: 7713, priority: 100),
        ])
        let table = NodeTable(hello: hello, askedAt: .tcp(host: "db.example", port: 9000))
        #expect(table.node(id: Self.a)?.endpoint == .tcp(host: "db.example", port: 9000))
        #expect(table.node(id: Self.b)?.endpoint == .tcp(host: "db.example", port: 7712))
        #expect(table.standing(of: Self.a, at: t0) == .preferred)
        #expect(table.standing(of: Self.b, at: t0) == .usable)
        #expect(table.standing(of: Self.c, at: t0) == .avoided)
        #expect(table.workers(at: t0).map(\.id) == [Self.a, Self.b])
        #expect(table.creator(of: Self.job(Self.b))?.id == Self.b)
        #expect(NodeStanding(priority: 10) == .avoided)
        // A node that died after it was met: HELLO lists it as "", port 0, priority 5.
        let gone = NodeTable(hello: Hello(version: 1, myID: Self.a, nodes: [
            Hello.Node(id: Self.a, host: "", port: 7711, priority: 1), Hello.Node(id: Self.b, host: "", port: 0, priority: 5),
        ]), askedAt: .tcp(host: "127.0.0.1", port: 7711))
        #expect(gone.workers(at: t0).map(\.id) == [Self.a])
    }

    @Test("a node this client could not reach is skipped until the cooldown ends, across HELLO refreshes")
    func setAsideOutlivesHello() {
        var table = Self.table()
        table.setAside(Self.a, .unreachable, until: t0 + .seconds(10))
        #expect(table.standing(of: Self.a, at: t0) == .unreachable)
        let refreshed = table.refreshed(by: Self.table(), at: t0 + .seconds(1))
        #expect(refreshed.workers(at: t0 + .seconds(1)).map(\.id) == [Self.b, Self.c])
        #expect(refreshed.standing(of: Self.a, at: t0 + .seconds(11)) == .preferred)
        var answered = refreshed
        answered.clearUnreachable(Self.a)
        #expect(answered.standing(of: Self.a, at: t0 + .seconds(1)) == .preferred)
    }

    // MARK: - Job routing

    @Test("job-ID commands go to each job's creator, one command per node")
    func groupedByCreator() {
        let ids = [Self.job(Self.a, 1), Self.job(Self.b, 2), Self.job(Self.a, 3), Self.job(Self.c, 4)]
        let routes = Self.table().routes(for: .ackJob, jobs: ids, holders: JobHolders(), fallback: Self.b, at: t0)
        #expect(routes.count == 3)
        #expect(routes.map { $0.candidates.first } == [Self.a, Self.b, Self.c])
        #expect(routes[0].ids == [ids[0], ids[2]])
    }

    @Test("a leaving creator not seen holding the job is never tried: it may have kept no copy")
    func leavingNonHolderNeverTried() {
        let table = Self.table((a: 100, b: 1, c: 1))
        let id = Self.job(Self.a)
        for command in JobCommand.allCases {
            let candidates = table.candidates(for: command, job: id, holders: JobHolders(), fallback: Self.c, at: t0)
            #expect(!candidates.contains(Self.a), "\(command)")
            #expect(candidates.first == Self.c)
        }
        // A node that said "leaving" itself, while HELLO still rates it 1, is treated the same.
        var marked = Self.table()
        marked.setAside(Self.a, .leaving, until: t0 + .seconds(60))
        #expect(!marked.candidates(for: .ackJob, job: id, holders: JobHolders(), fallback: nil, at: t0).contains(Self.a))
    }

    @Test("a leaving node seen holding the job: first for WORKING, after healthy nodes for ACKJOB")
    func leavingHolder() {
        let table = Self.table((a: 100, b: 1, c: 1))
        let id = Self.job(Self.a)
        var holders = JobHolders()
        holders.record(id, heldBy: Self.a)
        #expect(table.candidates(for: .working, job: id, holders: holders, fallback: Self.b, at: t0) == [Self.a, Self.b, Self.c])
        // A healthy non-holder passes an ACK on to the holders; the leaving one comes last.
        #expect(table.candidates(for: .ackJob, job: id, holders: holders, fallback: Self.b, at: t0) == [Self.b, Self.c, Self.a])
    }

    @Test("a holder seen by GETJOB comes before other nodes; unknown creators fall back to the current node")
    func holdersAndFallback() {
        var holders = JobHolders()
        let foreign = JobID("D-deadbeef-xxxxxxxxxxxxxxxxxxxxxxxx-05a1")!
        holders.record(foreign, heldBy: Self.c)
        let table = Self.table()
        #expect(table.candidates(for: .nack, job: foreign, holders: holders, fallback: Self.b, at: t0) == [Self.c, Self.b, Self.a])
        #expect(table.candidates(for: .nack, job: foreign, holders: JobHolders(), fallback: Self.b, at: t0).first == Self.b)
        // A creator found unreachable is skipped, a suspected one (10) tried after healthy holders.
        var down = Self.table((a: 10, b: 1, c: 1))
        #expect(down.candidates(for: .working, job: Self.job(Self.a), holders: JobHolders(), fallback: Self.b,
                                at: t0) == [Self.a, Self.b, Self.c])
        down.setAside(Self.a, .unreachable, until: t0 + .seconds(5))
        #expect(!down.candidates(for: .working, job: Self.job(Self.a), holders: JobHolders(), fallback: Self.b,
                                 at: t0).contains(Self.a))
    }

    @Test("job holders are bounded: the oldest are forgotten first")
    func holdersBounded() {
        var holders = JobHolders(capacity: 2)
        for n in 0..<3 { holders.record(Self.job(Self.a, n), heldBy: Self.b) }
        #expect(holders.count == 2)
        #expect(holders.nodes(holding: Self.job(Self.a, 0)).isEmpty)
        #expect(holders.nodes(holding: Self.job(Self.a, 2)) == [Self.b])
    }

    // MARK: - Retry policy

    @Test("re-sent elsewhere only when it never ran or cannot change state")
    func connectionFailures() {
        let lost = ConnectionFailure(.lost, "lost")
        let late = ConnectionFailure(.timedOut, "late")
        #expect(RetryPolicy.verdict(for: .connection(lost), command: "ADDJOB", isIdempotent: false)
            == .resend(.unreachable(lost)))
        #expect(RetryPolicy.verdict(for: .notSentMayHaveReachedServer(command: "ADDJOB", reason: lost),
                                    command: "ADDJOB", isIdempotent: false) == .reportAndMove(.unreachable(lost)))
        #expect(RetryPolicy.verdict(for: .notSentMayHaveReachedServer(command: "ADDJOB", reason: late),
                                    command: "ADDJOB", isIdempotent: false) == .report)
        #expect(RetryPolicy.verdict(for: .notSentMayHaveReachedServer(command: "GETJOB", reason: lost),
                                    command: "GETJOB", isIdempotent: false) == .reportAndMove(.unreachable(lost)))
        #expect(RetryPolicy.verdict(for: .interrupted, command: "GETJOB", isIdempotent: false) == .report)
    }

    @Test("-LEAVING: a GETJOB took no job and goes elsewhere; an ADDJOB waiting for replication is reported")
    func leavingReplies() {
        let leaving = DisqueError.reply(errorLine: "LEAVING This node is leaving the cluster, please connect to a different one")
        #expect(RetryPolicy.verdict(for: leaving, command: "GETJOB", isIdempotent: false) == .resend(.leaving))
        #expect(RetryPolicy.verdict(for: leaving, command: "ADDJOB", isIdempotent: false) == .reportAndMove(.leaving))
    }

    @Test("NOREPL before the job exists is retried once; NOREPL after it may exist is reported")
    func norepl() {
        func verdict(_ line: String) -> FailureVerdict {
            RetryPolicy.verdict(for: .reply(errorLine: line), command: "ADDJOB", isIdempotent: false)
        }
        #expect(verdict("NOREPL Not enough reachable nodes for the requested replication level, since I'm unable to "
            + "hold a copy of the message for the following reason: I'm leaving the cluster") == .resendOnce(.leaving))
        let plain = "Not enough reachable nodes for the requested replication level"
        #expect(verdict("NOREPL " + plain) == .resendOnce(.refused(message: plain)))
        #expect(verdict("NOREPL Timeout reached before replicating to the requested number of nodes") == .report)
        #expect(verdict("NOREPL job removed (expired?) before the requested replication level was achieved") == .report)
        #expect(verdict("BADID Invalid Job ID format.") == .report)
    }

    @Test("the retry budget: one more node after a NOREPL refusal, each node once otherwise")
    func budget() {
        var budget = RetryBudget(maxAttempts: 3)
        var allowed: [Bool] = []
        for verdict in [FailureVerdict.resendOnce(.leaving), .resendOnce(.leaving), .resend(.leaving), .resend(.leaving)] {
            allowed.append(budget.allowsAnother(after: verdict))
        }
        #expect(allowed == [true, false, true, false])
        #expect(budget.attempts == 3)
        var fresh = RetryBudget(maxAttempts: 3)
        let reported = [fresh.allowsAnother(after: .reportAndMove(.leaving)), fresh.allowsAnother(after: .report)]
        #expect(reported == [false, false])
    }

    // MARK: - Locality

    @Test("GETJOB moves only when another healthy node clearly produced most of a full window")
    func locality() {
        var tracker = LocalityTracker(options: LocalityOptions(window: 10, margin: 0.25))
        let table = Self.table()
        tracker.record((0..<9).map { Self.job(Self.b, $0) })
        #expect(tracker.suggestion(current: Self.a, table: table, at: t0) == nil)  // window not full
        tracker.record([Self.job(Self.b, 9)])
        #expect(tracker.suggestion(current: Self.a, table: table, at: t0)?.node.id == Self.b)
        // Not to a node HELLO rates 5, nor to one this client found unreachable.
        #expect(tracker.suggestion(current: Self.a, table: Self.table((a: 1, b: 5, c: 1)), at: t0) == nil)
        // 60% against 40%: inside the margin, stay.
        var close = LocalityTracker(options: LocalityOptions(window: 10, margin: 0.25))
        close.record((0..<4).map { Self.job(Self.a, $0) } + (0..<6).map { Self.job(Self.b, $0) })
        #expect(close.suggestion(current: Self.a, table: table, at: t0) == nil)
        // The window slides: the oldest jobs (a's) drop out.
        close.record((0..<4).map { Self.job(Self.b, 10 + $0) })
        #expect(close.share(of: String(Self.b.prefix(8))) == 1.0)
        #expect(LocalityTracker(options: .disabled).suggestion(current: Self.a, table: table, at: t0) == nil)
    }

    // MARK: - Router

    @Test("GETJOB follows the producers; ADDJOB stays; the window restarts after the move")
    func routerLocalityMove() {
        var router = ClusterRouter(table: Self.table(), startingAt: Self.a,
                                   options: .init(locality: LocalityOptions(window: 4, margin: 0.25)), at: t0)
        let ids = (0..<4).map { Self.job(Self.c, $0) }
        let move = router.delivered(ids, from: Self.a, countForLocality: true, at: t0)
        #expect(move?.to.id == Self.c)
        #expect(move?.roles == [.consumer])
        #expect(router.roles[.producer] == Self.a)
        #expect(router.roles[.consumer] == Self.c)
        #expect(router.locality.sampleCount == 0)
        #expect(router.holders.nodes(holding: ids[0]) == [Self.a])
    }

    @Test("priority 100 in a fresh HELLO moves both roles, in one move the CLI can print")
    func routerAdoptsDegradedTable() {
        var router = ClusterRouter(table: Self.table(), startingAt: Self.a, at: t0)
        let moves = router.adopt(Self.table((a: 100, b: 1, c: 1)), at: t0 + .seconds(1))
        #expect(moves.count == 1)
        #expect(moves.first?.roles == [.consumer, .producer])
        #expect(moves.first?.description == "127.0.0.1:7711 has failed or is leaving (priority 100); now on 127.0.0.1:7712")
        #expect(router.candidates(for: .producer, at: t0) == [Self.b, Self.c])
        #expect(router.adopt(Self.table((a: 100, b: 1, c: 1)), at: t0 + .seconds(2)).isEmpty)
    }

    @Test("after -LEAVING the node is left at once, before any HELLO says so")
    func routerLeavesOnFailure() {
        var router = ClusterRouter(table: Self.table(), startingAt: Self.a, at: t0)
        let moves = router.failed(on: Self.a, reason: .leaving, at: t0)
        #expect(moves.map(\.description) == ["127.0.0.1:7711 is leaving; now on 127.0.0.1:7712"])
        #expect(router.candidates(for: .consumer, at: t0) == [Self.b, Self.c])
        // A command that had to go elsewhere takes its role along.
        let settled = router.settle(.producer, on: Self.c, reason: .leaving)
        #expect(settled?.to.id == Self.c)
        #expect(router.roles[.consumer] == Self.c)  // both were on b: they stay together
        #expect(router.settle(.producer, on: Self.c, reason: .leaving) == nil)
        // A NOREPL refusal (too few reachable nodes) says nothing bad about the node itself.
        #expect(router.failed(on: Self.c, reason: .refused(message: "Not enough reachable nodes"), at: t0).isEmpty)
        #expect(router.candidates(for: .producer, at: t0) == [Self.c, Self.b])
    }

    @Test("a start node that is leaving is not used; HELLO is due after the refresh interval")
    func routerStart() {
        let router = ClusterRouter(table: Self.table((a: 100, b: 5, c: 1)), startingAt: Self.a,
                                   options: .init(helloRefresh: .seconds(30)), at: t0)
        #expect(router.roles[.producer] == Self.c)
        #expect(!router.helloIsDue(at: t0 + .seconds(29)))
        #expect(router.helloIsDue(at: t0 + .seconds(30)))
    }

    @Test("NodeChoice: a role's next node is the first of its candidates not tried; job holders skip unreachable nodes")
    func nodeChoice() {
        // b is usable (priority 5), a and c preferred: the candidates are b (the role's node), a, c.
        var router = ClusterRouter(table: Self.table((a: 1, b: 5, c: 1)), startingAt: Self.b, at: t0)
        let subsets = (0..<8).map { bits in [Self.a, Self.b, Self.c].enumerated().filter { bits >> $0.offset & 1 == 1 }.map(\.element) }
        func agreesWithCandidates(_ when: String) {
            for role in NodeRole.allCases {
                for tried in subsets {
                    let expected = router.candidates(for: role, at: t0).first { !tried.contains($0) }
                    #expect(router.next(.role(role), excluding: tried, at: t0) == expected, "\(when), \(role), tried \(tried)")
                }
            }
        }
        #expect(router.next(.role(.producer), excluding: [], at: t0) == Self.b)
        #expect(router.next(.role(.producer), excluding: [Self.b], at: t0) == Self.a)
        agreesWithCandidates("fresh")
        // b could not be reached: it is skipped for the cooldown, and both roles moved off it.
        _ = router.failed(on: Self.b, reason: .unreachable(ConnectionFailure(.refused, "refused")), at: t0)
        #expect(router.next(.role(.consumer), excluding: [], at: t0) == Self.a)
        agreesWithCandidates("b unreachable")
        // The role's node itself unfit for work (priority 100 in a fresh HELLO) is passed over too.
        _ = router.adopt(Self.table((a: 100, b: 5, c: 1)), at: t0)
        agreesWithCandidates("a leaving")
        #expect(router.next(.reachable(among: [Self.b, Self.c, Self.a]), excluding: [], at: t0) == Self.c)
        #expect(router.next(.reachable(among: [Self.b, Self.c, Self.a]), excluding: [Self.c], at: t0) == Self.a)
        #expect(router.next(.reachable(among: [Self.b]), excluding: [], at: t0) == nil)
        // A pinned node is tried whatever its standing (a scan cursor means nothing elsewhere), once.
        #expect(router.next(.pinned(Self.b), excluding: [], at: t0) == Self.b)
        #expect(router.next(.pinned(Self.b), excluding: [Self.b], at: t0) == nil)
    }
}
