import Disque
import Foundation
import RESP
import Testing
@testable import DisqueCLI

/// ReplyFormatter in every style, checked against redis-cli's exact output
/// where redis-cli defines it (captured from redis-cli 7.0 against a fake
/// server) and against our documented layouts elsewhere.
@Suite("Output: ReplyFormatter")
struct OutputFormatterTests {
    let pretty = ReplyFormatter(style: .pretty)
    let raw = ReplyFormatter(style: .raw)
    let csv = ReplyFormatter(style: .csv)
    let json = ReplyFormatter(style: .json)

    @Test("pretty scalars look like redis-cli on a terminal")
    func prettyScalars() {
        #expect(pretty.format(.status("OK")) == "OK\n")
        #expect(pretty.format(.integer(3)) == "(integer) 3\n")
        #expect(pretty.format(.integer(-7)) == "(integer) -7\n")
        #expect(pretty.format(.nullBulk) == "(nil)\n")
        #expect(pretty.format(.nullArray) == "(nil)\n")
        #expect(pretty.format(.array([])) == "(empty array)\n")
        #expect(pretty.format(.error("ERR bad thing")) == "(error) ERR bad thing\n")
        #expect(pretty.format(.bulk("hello")) == "\"hello\"\n")
    }

    @Test("pretty bulk strings escape what is not printable ASCII, as redis-cli does")
    func prettyEscapes() {
        // redis-cli showed $5 a\x01\xff"\n as "a\x01\xff\"\n"
        #expect(pretty.format(.bulk([0x61, 0x01, 0xFF, 0x22, 0x0A])) == #""a\x01\xff\"\n""# + "\n")
        #expect(pretty.format(.bulk([0x5C, 0x09, 0x0D, 0x07, 0x08])) == #""\\\t\r\a\b""# + "\n")
        // UTF-8 is shown byte by byte, like redis-cli (and reads back through the shell's quoting).
        #expect(pretty.format(.bulk("é")) == #""\xc3\xa9""# + "\n")
    }

    @Test("nested arrays are numbered and indented exactly like redis-cli")
    func prettyNested() {
        // redis-cli output for *3 [$1 a, :5, *2 [$0, $-1]]
        let value = RESPValue.array([.bulk("a"), .integer(5), .array([.bulk(""), .nullBulk])])
        #expect(pretty.format(value) == "1) \"a\"\n2) (integer) 5\n3) 1) \"\"\n   2) (nil)\n")
        // Ten elements: indexes right-aligned to two columns, nested prefix grows to four spaces.
        var items = (1...9).map { RESPValue.integer(Int64($0)) }
        items.append(.array([.bulk("x"), .array([.bulk("y"), .bulk("z")])]))
        let expected = (1...9).map { " \($0)) (integer) \($0)\n" }.joined()
            + "10) 1) \"x\"\n    2) 1) \"y\"\n       2) \"z\"\n"
        #expect(pretty.format(.array(items)) == expected)
    }

    @Test("pretty jobs: one aligned block per job, counters included")
    func prettyJobs() {
        // Real job IDs: the formatter reads jobs with the typed API's `Job`, which checks them.
        let job = RESPValue.array([.bulk("q"), .bulk("D-dcb833cf-8YL1NT17e9+wsA/09NqxscQI-05a1"), .bulk("a b"),
                                   .bulk("nacks"), .integer(2), .bulk("additional-deliveries"), .integer(0)])
        let text = pretty.format(.array([job, .array([.bulk("q"), .bulk("D-dcb833cf-0000000000000000000000QI-05a1"), .bulk("x")])]), shape: .jobs)
        #expect(text == """
            1) queue:                 q
               id:                    D-dcb833cf-8YL1NT17e9+wsA/09NqxscQI-05a1
               body:                  "a b"
               nacks:                 2
               additional-deliveries: 0
            2) queue: q
               id:    D-dcb833cf-0000000000000000000000QI-05a1
               body:  "x"

            """)
        // No jobs keeps redis-cli's words.
        #expect(pretty.format(.nullArray, shape: .jobs) == "(nil)\n")
        #expect(pretty.format(.array([]), shape: .jobs) == "(empty array)\n")
    }

    @Test("pretty SHOW/QSTAT: aligned key: value lines; lists inline")
    func prettyRecords() {
        let stats = RESPValue.array([.bulk("name"), .bulk("jobs"), .bulk("len"), .integer(2),
                                     .bulk("import-from"), .array([]), .bulk("pause"), .bulk("none")])
        #expect(pretty.format(stats, shape: .queueStats) == """
            name:        jobs
            len:         2
            import-from: (empty)
            pause:       none

            """)
        let show = RESPValue.array([.bulk("nodes-delivered"), .array([.bulk("n1"), .bulk("n2")]),
                                    .bulk("body"), .bulk("two words")])
        #expect(pretty.format(show, shape: .jobDetails) == "nodes-delivered: n1, n2\nbody:            \"two words\"\n")
        #expect(pretty.format(.nullBulk, shape: .jobDetails) == "(nil)\n")
    }

    @Test("pretty HELLO: a node table with priorities; the lone node's empty host shows as -")
    func prettyHello() {
        let id = String(repeating: "a", count: 40)
        let value = RESPValue.array([.integer(1), .bulk(id), .array([.bulk(id), .bulk(""), .bulk("7711"), .bulk("1")])])
        #expect(pretty.format(value, shape: .hello) == """
            HELLO version 1, this node \(id)
            NODE ID                                   HOST  PORT  PRIORITY
            \(id)  -     7711  1         (this node)

            """)
    }

    @Test("pretty scans: the cursor, then the items")
    func prettyScans() {
        #expect(pretty.format(.array([.bulk("0"), .array([.bulk("q1"), .bulk("q 2")])]), shape: .queueScan)
                == "cursor: 0\n1) q1\n2) \"q 2\"\n")
        #expect(pretty.format(.array([.bulk("7"), .array([])]), shape: .jobScan) == "cursor: 7\n(empty)\n")
        let details = RESPValue.array([.bulk("id"), .status("D-1"), .bulk("state"), .bulk("queued")])
        #expect(pretty.format(.array([.bulk("0"), .array([details])]), shape: .jobScan)
                == "cursor: 0\n1) id:    D-1\n   state: queued\n")
    }

    @Test("pretty text (INFO) is the text itself with LF line ends; ADDJOB's ID is bare, as a status")
    func prettyTextAndID() {
        #expect(pretty.format(.bulk("# Jobs\r\nregistered_jobs:2\r\n"), shape: .info) == "# Jobs\nregistered_jobs:2\n")
        #expect(pretty.format(.status("D-abc"), shape: .jobID) == "D-abc\n")
        // A reply that does not fit its shape is shown generically, never dropped.
        #expect(pretty.format(.integer(4), shape: .jobs) == "(integer) 4\n")
        #expect(pretty.format(.error("ERR x"), shape: .hello) == "(error) ERR x\n")
    }

    @Test("colour only when asked, and only in pretty style")
    func colour() {
        let coloured = ReplyFormatter(style: .pretty, color: true)
        #expect(coloured.format(.error("ERR x")).contains("\u{1B}[31m"))
        #expect(!ReplyFormatter(style: .raw, color: true).format(.error("ERR x")).contains("\u{1B}"))
        #expect(!pretty.format(.error("ERR x")).contains("\u{1B}"))
        // Not a terminal: no colour whatever the environment says.
        let fd = open("/dev/null", O_WRONLY)
        defer { close(fd) }
        #expect(!TerminalColor.enabled(for: fd))
    }

    @Test("raw: values as they are, arrays flattened with the delimiter, nil as an empty line")
    func rawStyle() {
        #expect(raw.format(.status("OK")) == "OK\n")
        #expect(raw.format(.integer(42)) == "42\n")
        #expect(raw.format(.nullBulk) == "\n")
        #expect(raw.format(.array([])) == "\n")
        #expect(raw.format(.error("ERR bad thing")) == "ERR bad thing\n")
        // redis-cli: *3 [a, 5, *2 ["", nil]] → "a\n5\n\n\n"
        let nested = RESPValue.array([.bulk("a"), .integer(5), .array([.bulk(""), .nullBulk])])
        #expect(raw.format(nested) == "a\n5\n\n\n")
        #expect(ReplyFormatter(style: .raw, delimiter: ",").format(nested) == "a,5,,\n")
        // Byte-exact: invalid UTF-8 and control bytes pass through untouched.
        let body: [UInt8] = [0x00, 0xFF, 0x0A, 0xC3]
        #expect(raw.render(.bulk(body)) == body + [0x0A])
    }

    @Test("CSV like redis-cli --csv")
    func csvStyle() {
        let value = RESPValue.array([.bulk("q"), .integer(3), .nullBulk, .bulk("a\"b\n")])
        #expect(csv.format(value) == #""q",3,NULL,"a\"b\n""# + "\n")
        #expect(csv.format(.error("ERR x")) == #"ERROR,"ERR x""# + "\n")
        #expect(csv.format(.status("OK")) == "\"OK\"\n")
    }

    @Test("JSON: generic values, and typed objects for the known shapes")
    func jsonStyle() throws {
        #expect(json.format(.status("OK")) == "\"OK\"\n")
        #expect(json.format(.integer(3)) == "3\n")
        #expect(json.format(.nullBulk) == "null\n")
        #expect(json.format(.error("ERR x")) == #"{"error":"ERR x"}"# + "\n")
        #expect(json.format(.bulk("tab\there \"q\" \u{01}")) == #""tab\there \"q\" \u0001""# + "\n")
        let job = RESPValue.array([.bulk("q"), .bulk("D-dcb833cf-8YL1NT17e9+wsA/09NqxscQI-05a1"), .bulk("body"),
                                   .bulk("nacks"), .integer(1), .bulk("additional-deliveries"), .integer(0)])
        #expect(json.format(.array([job]), shape: .jobs)
                == #"[{"queue":"q","id":"D-dcb833cf-8YL1NT17e9+wsA/09NqxscQI-05a1","body":"body","nacks":1,"additional-deliveries":0}]"# + "\n")
        #expect(json.format(.nullArray, shape: .jobs) == "[]\n")
        #expect(json.format(.array([.bulk("len"), .integer(2), .bulk("import-from"), .array([])]), shape: .queueStats)
                == #"{"len":2,"import-from":[]}"# + "\n")
        #expect(json.format(.nullArray, shape: .queueStats) == "null\n")
        let hello = RESPValue.array([.integer(1), .bulk("n1"), .array([.bulk("n1"), .bulk(""), .bulk("7711"), .bulk("1")])])
        #expect(json.format(hello, shape: .hello)
                == #"{"version":1,"id":"n1","nodes":[{"id":"n1","host":"","port":7711,"priority":1}]}"# + "\n")
        #expect(json.format(.array([.bulk("0"), .array([.bulk("q")])]), shape: .queueScan)
                == #"{"cursor":"0","items":["q"]}"# + "\n")
    }

    @Test("JSON keeps bytes that are not UTF-8 losslessly, as base64")
    func jsonBinary() throws {
        let body: [UInt8] = Array(0...255)
        let text = json.format(.array([.array([.bulk("q"), .bulk("D-dcb833cf-8YL1NT17e9+wsA/09NqxscQI-05a1"), .bulk(body)])]), shape: .jobs)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        let encoded = try #require((parsed.first?["body"] as? [String: String])?["base64"])
        #expect(Data(base64Encoded: encoded).map(Array.init) == body)
        // Valid UTF-8 (multi-byte included) stays a plain string.
        #expect(json.format(.bulk("héllo ✓")) == "\"héllo ✓\"\n")
    }

    @Test("--echo lines: commands re-typeable, replies in a compact wire form")
    func echoLines() {
        let sent = EchoTrace.line(for: .sent([Array("ADDJOB".utf8), Array("q".utf8), Array("hello world".utf8), Array("0".utf8)]))
        #expect(String(decoding: sent, as: UTF8.self) == "> ADDJOB q \"hello world\" 0\n")
        let received = EchoTrace.line(for: .received(.array([.status("D-1"), .integer(2), .nullBulk, .bulk("x\n")])))
        #expect(String(decoding: received, as: UTF8.self) == "< [+D-1, :2, $-1, \"x\\n\"]\n")
        #expect(String(decoding: EchoTrace.line(for: .received(.error("ERR no"))), as: UTF8.self) == "< -ERR no\n")
        let auth = EchoTrace.line(for: .sent([Array("auth".utf8), Array("s3cret".utf8)]))
        #expect(String(decoding: auth, as: UTF8.self) == "> auth ********\n")
    }
}
