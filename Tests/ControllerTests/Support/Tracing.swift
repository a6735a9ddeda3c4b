import Foundation
import TestSupport

/// `ovn-trace` of a workload's IPv4 packet leaving through its subnet's router port.
struct Tracer {
    let harness: ControllerHarness

    /// Traces `source` (port `<pod>.<ns>` with `mac`/`ip` on switch `subnet`, router port MAC
    /// `routerMAC`) to `destination`; returns ovn-trace's output.
    func trace(from port: String, subnet: String, mac: String, ip: String, routerMAC: String, to destination: String) throws -> String {
        let flow = "inport==\"\(port)\" && eth.src==\(mac) && eth.dst==\(routerMAC) && ip4.src==\(ip) && ip4.dst==\(destination) && ip.ttl==64"
        return try runTool(["ovn-trace", "--db=\(harness.sandbox.southbound)", "--ct=new", subnet, flow]).output
    }

    /// Teaches SB the MAC of the external next hop of `router`'s gateway port, so a trace of
    /// egress traffic goes past ARP resolution to the SNAT stage (nothing answers ARP here).
    /// Waits for ovn-northd to have bound the gateway port in SB first.
    func learnExternalNextHop(routerID: String, nextHop: String = "172.24.4.1") async throws {
        let nb = harness.sandbox.northbound, sb = harness.sandbox.southbound
        let ports = try runTool(["ovn-nbctl", "--db=\(nb)", "--bare", "--columns=name", "find", "Logical_Router_Port",
                                 "external_ids:\"neutron:router_name\"=\(routerID)"]).output
        for port in ports.split(separator: "\n").map(String.init) where !port.isEmpty {
            let chassis = try runTool(["ovn-nbctl", "--db=\(nb)", "--bare", "get", "Logical_Router_Port", port, "gateway_chassis"]).output
            guard !chassis.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { continue }
            let datapath = try await eventuallyValue { () -> String? in
                let found = try runTool(["ovn-sbctl", "--db=\(sb)", "--bare", "--columns=datapath", "find", "Port_Binding",
                                         "logical_port=\(port)"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
                return found.isEmpty ? nil : found
            }
            guard let datapath else { throw SandboxFailure(message: "gateway port \(port) of router \(routerID) never got a Port_Binding in SB") }
            let created = try runTool(["ovn-sbctl", "--db=\(sb)", "create", "MAC_Binding", "logical_port=\(port)", "ip=\(nextHop)",
                                       "mac=\"0a:00:00:00:00:01\"", "datapath=\(datapath)"])
            guard created.status == 0 else { throw SandboxFailure(message: "ovn-sbctl create MAC_Binding for \(port) failed: \(created.output)") }
        }
    }
}

extension Tracer {
    /// Traces a packet from the outside (the external network's localnet port) to `address`
    /// through `routerID`'s gateway port.
    func traceInbound(routerID: String, externalNetworkID: String, to address: String) throws -> String {
        let nb = harness.sandbox.northbound
        let localnet = try runTool(["ovn-nbctl", "--db=\(nb)", "--bare", "--columns=name", "find", "Logical_Switch_Port",
                                    "type=localnet"]).output
            .split(separator: "\n").first.map(String.init) ?? ""
        let gatewayPorts = try runTool(["ovn-nbctl", "--db=\(nb)", "--bare", "--columns=mac,gateway_chassis", "find", "Logical_Router_Port",
                                        "external_ids:\"neutron:router_name\"=\(routerID)"]).output
        // Blocks of "mac\ngateway_chassis\n\n": the gateway port is the one with a chassis.
        let blocks = gatewayPorts.components(separatedBy: "\n\n").map { $0.split(separator: "\n").map(String.init) }
        let mac = blocks.first { $0.count >= 2 && !$0[1].isEmpty }?.first ?? ""
        let flow = "inport==\"\(localnet)\" && eth.src==0a:00:00:00:00:01 && eth.dst==\(mac) && ip4.src==172.24.4.1 && ip4.dst==\(address) && ip.ttl==64"
        return try runTool(["ovn-trace", "--db=\(harness.sandbox.southbound)", "--ct=new", "neutron-\(externalNetworkID)", flow]).output
    }
}
