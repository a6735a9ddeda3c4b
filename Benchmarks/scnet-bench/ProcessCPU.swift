import Foundation

/// CPU time (user + system, in seconds) of every process on the machine, grouped by command
/// name, read from `/proc/<pid>/stat`: the controller benchmark prints where the CPU went while
/// the pods were being created (scnet, Neutron, northd and ovsdb-server share the same cores).
struct ProcessCPU {
    /// Seconds of CPU per pid, with the pid's command name.
    var byPID: [Int32: (command: String, seconds: Double)]

    static func snapshot() -> ProcessCPU {
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        var result: [Int32: (String, Double)] = [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry),
                  let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")")
            else { continue }
            // Fields after the command: state is field 3, utime 14 and stime 15 (1-based).
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { continue }
            result[pid] = (String(stat[stat.index(after: open)..<close]), (user + system) / ticks)
        }
        return ProcessCPU(byPID: result)
    }

    /// CPU seconds spent since `earlier`, per command name (processes alive at both snapshots;
    /// a process's threads are counted with it).
    func since(_ earlier: ProcessCPU) -> [String: Double] {
        var spent: [String: Double] = [:]
        for (pid, now) in byPID {
            guard let before = earlier.byPID[pid], before.command == now.command else { continue }
            let delta = now.seconds - before.seconds
            if delta > 0 { spent[Self.group(now.command), default: 0] += delta }
        }
        return spent
    }

    /// Neutron's workers rename themselves ("neutron-server: api worker"…): one group.
    static func group(_ command: String) -> String {
        command.hasPrefix("neutron-server") ? "neutron-server" : command
    }
}

/// CPU time (user + system, in seconds) of this process's children that have been waited for:
/// short-lived processes such as the CNI plugin, which `/proc` snapshots miss.
enum ChildrenCPU {
    static func seconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
