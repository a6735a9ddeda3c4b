import Foundation
import Spawn

/// Pings a pod's gateway from inside its network namespace (`nsenter --net=PATH ping`), bounded
/// by the doctor's deadline. The namespace path is the one the agent recorded in OVS.
enum GatewayPinger {
    static func ping(_ gateway: String, fromNetns netns: String, deadline: Double) async -> NodeFacts.GatewayPing {
        guard FileManager.default.fileExists(atPath: netns) else {
            return .init(gateway: gateway, answered: false, detail: "the namespace \(netns) does not exist on this host", tried: false)
        }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("scnet-doctor-ping-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: log) }
        let wait = max(1, Int(deadline.rounded(.down)))
        do {
            let child = try ChildProcess.start(
                ["/usr/bin/nsenter", "--net=\(netns)", "ping", "-n", "-c", "1", "-W", String(wait), gateway],
                environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"], stdout: log.path, stderr: nil)
            let status = await child.wait(timeout: .seconds(Double(wait + 2))) ?? 124
            let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            let rtt = output.split(separator: "\n").first { $0.contains("time=") }.flatMap { $0.split(separator: " ").last { $0.hasPrefix("time=") } }
            if status == 0 { return .init(gateway: gateway, answered: true, detail: String(rtt ?? "answered")) }
            guard output.contains("PING") else {
                // ping never ran: nsenter could not enter the namespace (not root?), or no ping here.
                let why = output.split(separator: "\n").first.map(String.init) ?? "exit status \(status)"
                return .init(gateway: gateway, answered: false, detail: "could not ping from the namespace: \(why)", tried: false)
            }
            return .init(gateway: gateway, answered: false, detail: "no reply within \(wait) s")
        } catch {
            return .init(gateway: gateway, answered: false, detail: "cannot run ping: \(error)", tried: false)
        }
    }
}
