import Glibc

/// INFO with Disque 1.0-rc1's sections and field names (see the conformance
/// info.txt); values come from this process.
extension DisqueNode {
    static let version = "1.0-rc1"
    static let sectionNames = ["server", "clients", "memory", "jobs", "queues", "persistence", "stats", "cpu"]

    func info(_ client: ClientConnection, _ args: [[UInt8]]) {
        if args.count > 2 { return client.addSyntaxError() }
        let section = args.count == 2 ? Arguments.lowercased(args[1]) : "default"
        client.addBulk(infoText(section: section))
    }

    func infoText(section: String) -> String {
        let all = section == "all"
        let wanted: [String]
        if all || section == "default" {
            wanted = Self.sectionNames + (all ? ["commandstats"] : [])
        } else {
            wanted = [section]
        }
        var parts: [String] = []
        for name in wanted {
            if let body = infoSection(name) { parts.append(body) }
        }
        return parts.joined(separator: "\r\n")
    }

    private func lines(_ title: String, _ fields: [(String, String)]) -> String {
        var out = "# \(title)\r\n"
        for (key, value) in fields { out += "\(key):\(value)\r\n" }
        return out
    }

    private func infoSection(_ name: String) -> String? {
        switch name {
        case "server":
            let uptime = (clock.milliseconds &- startTime) / 1000
            return lines("Server", [
                ("disque_version", Self.version), ("disque_git_sha1", "00000000"), ("disque_git_dirty", "0"),
                ("disque_build_id", "6d696e6964697371"), ("os", Self.operatingSystem), ("arch_bits", "64"),
                ("multiplexing_api", "epoll"), ("gcc_version", "0.0.0"), ("process_id", String(getpid())),
                ("run_id", runID), ("tcp_port", String(port)), ("uptime_in_seconds", String(uptime)),
                ("uptime_in_days", String(uptime / 86400)), ("hz", "10"),
                ("executable", Self.executablePath), ("config_file", ""),
            ])
        case "clients":
            let clients = loop?.connectedClients ?? []
            return lines("Clients", [
                ("connected_clients", String(loop?.clientCount ?? 0)),
                ("client_longest_output_list", String(clients.map(\.pendingOutputCount).max() ?? 0)),
                ("client_biggest_input_buf", String(clients.map(\.pendingInputCount).max() ?? 0)),
                ("blocked_clients", String(blockedClients.count)),
            ])
        case "memory":
            // No allocator statistics without malloc.h: the resident set stands in for both.
            let rss = Self.residentSetSize
            let used = rss
            return lines("Memory", [
                ("used_memory", String(used)), ("used_memory_human", Self.human(used)),
                ("used_memory_rss", String(rss)), ("used_memory_peak", String(used)),
                ("used_memory_peak_human", Self.human(used)),
                ("mem_fragmentation_ratio", Self.twoDecimals(used > 0 ? Double(rss) / Double(used) : 0)),
                ("mem_allocator", "libc"),
            ])
        case "jobs":
            return lines("Jobs", [("registered_jobs", String(jobs.count))])
        case "queues":
            return lines("Queues", [("registered_queues", String(queues.count))])
        case "persistence":
            return lines("Persistence", [
                ("loading", "0"), ("aof_enabled", "0"), ("aof_state", "off"), ("aof_rewrite_in_progress", "0"),
                ("aof_rewrite_scheduled", "0"), ("aof_last_rewrite_time_sec", "-1"),
                ("aof_current_rewrite_time_sec", "-1"), ("aof_last_bgrewrite_status", "ok"),
                ("aof_last_write_status", "ok"),
            ])
        case "stats":
            let stats = loop?.stats ?? LoopStats()
            return lines("Stats", [
                ("total_connections_received", String(stats.connectionsReceived)),
                ("total_commands_processed", String(commandsProcessed)),
                ("instantaneous_ops_per_sec", String(opsSamples.perSecond)),
                ("total_net_input_bytes", String(stats.inputBytes)),
                ("total_net_output_bytes", String(stats.outputBytes)),
                ("instantaneous_input_kbps", "0.00"), ("instantaneous_output_kbps", "0.00"),
                ("rejected_connections", String(stats.rejectedConnections)), ("latest_fork_usec", "0"),
            ])
        case "cpu":
            var selfUsage = rusage(), childUsage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &selfUsage)
            getrusage(RUSAGE_CHILDREN.rawValue, &childUsage)
            return lines("CPU", [
                ("used_cpu_sys", Self.seconds(selfUsage.ru_stime)), ("used_cpu_user", Self.seconds(selfUsage.ru_utime)),
                ("used_cpu_sys_children", Self.seconds(childUsage.ru_stime)),
                ("used_cpu_user_children", Self.seconds(childUsage.ru_utime)),
            ])
        case "commandstats":
            let fields = ServerCommandTable.all.indices.compactMap { index -> (String, String)? in
                let command = ServerCommandTable.all[index], stat = commandStats[index]
                guard stat.calls > 0 else { return nil }
                let perCall = Double(stat.microseconds) / Double(stat.calls)
                return ("cmdstat_\(command.name)",
                        "calls=\(stat.calls),usec=\(stat.microseconds),usec_per_call=\(Self.twoDecimals(perCall))")
            }
            return lines("Commandstats", fields)
        default:
            return nil
        }
    }

    static func twoDecimals(_ value: Double) -> String {
        let hundredths = Int64((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    static func seconds(_ time: timeval) -> String {
        twoDecimals(Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000)
    }

    /// Like Disque's bytesToHuman: 100B, 1.04M, …
    static func human(_ bytes: Int64) -> String {
        let units: [(Double, String)] = [(1024, "K"), (1024 * 1024, "M"), (1024 * 1024 * 1024, "G")]
        if bytes < 1024 { return "\(bytes)B" }
        var chosen = units[0]
        for unit in units where Double(bytes) >= unit.0 { chosen = unit }
        return twoDecimals(Double(bytes) / chosen.0) + chosen.1
    }

    static let operatingSystem: String = {
        var name = utsname()
        uname(&name)
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
        }
        return "\(field(name.sysname)) \(field(name.release)) \(field(name.machine))"
    }()

    static let executablePath: String = {
        var buffer = [Int8](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return "" }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()

    static var residentSetSize: Int64 {
        let fd = open("/proc/self/statm", O_RDONLY)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let n = read(fd, &buffer, buffer.count)
        guard n > 0 else { return 0 }
        let fields = buffer[0..<n].split(separator: UInt8(ascii: " "))
        guard fields.count > 1, let pages = Int64(String(decoding: fields[1], as: UTF8.self)) else { return 0 }
        return pages * Int64(sysconf(Int32(_SC_PAGESIZE)))
    }
}
