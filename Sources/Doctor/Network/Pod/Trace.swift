import Foundation

/// How `ovn-trace` said a packet from the pod to its gateway fared.
public enum TraceOutcome: Sendable, Equatable {
    /// The packet entered the VPC router through `routerPort`.
    case reachedRouterPort(String)
    /// The packet was dropped; `stage` is the last pipeline stage seen (e.g. `ls_in_apply_port_sec`).
    case dropped(stage: String)
    /// Neither: the trace ended elsewhere (`lastLine` is its last line).
    case inconclusive(lastLine: String)
    /// ovn-trace itself failed (unknown datapath or port, database unreachable…).
    case failed(String)
}

/// The `ovn-trace` run that checks a pod reaches its gateway: from the pod's port, with its own
/// MAC and address, to the router port's MAC and the gateway address.
public struct TraceRequest: Sendable, Equatable {
    public var datapath: String
    public var routerPort: String
    public var microflow: String

    /// The request for `facts`, or why it cannot be made (a missing piece).
    public static func plan(_ facts: PodFacts) -> Result<TraceRequest, TraceNotPossible> {
        guard let northbound = facts.northbound.facts else { return .failure(.init("the Northbound database was not read")) }
        guard let port = northbound.port else { return .failure(.init("port \(facts.portName) is missing")) }
        guard let routerPort = northbound.routerPort else {
            return .failure(.init("router port \"\(OVNNaming.routerPort(facts))\" is missing in NB"))
        }
        let announced = PortAddresses(port.addresses)
        guard let mac = announced?.mac ?? facts.ipRecord?.spec.macAddress else {
            return .failure(.init("the pod has no MAC address yet"))
        }
        guard let ip = announced?.ipv4 ?? facts.ipRecord.flatMap({ PortAddresses.ipv4(of: $0.spec) }) else {
            return .failure(.init("the pod has no IPv4 address yet"))
        }
        guard let gateway = Self.gateway(facts) else { return .failure(.init("the subnet has no IPv4 gateway")) }
        let microflow = "inport==\"\(port.name)\" && eth.src==\(mac) && ip4.src==\(ip) && eth.dst==\(routerPort.mac)"
            + " && ip4.dst==\(gateway) && ip.ttl==64"
        return .success(TraceRequest(datapath: port.switchName ?? facts.subnetChoice.name, routerPort: routerPort.name,
                                     microflow: microflow))
    }

    /// The subnet's IPv4 gateway (`spec.gateway`), else the router port's IPv4 address.
    static func gateway(_ facts: PodFacts) -> String? {
        let fromSpec = (facts.subnet?.spec.gateway ?? "").split(separator: ",").map(String.init).first { !$0.contains(":") }
        if let fromSpec { return fromSpec }
        return facts.northbound.facts?.routerPort?.networks.lazy
            .compactMap { $0.split(separator: "/").first.map(String.init) }.first { !$0.contains(":") }
    }

    /// `ovn-trace` arguments after `--db=`.
    public var arguments: [String] { [datapath, microflow] }

    /// Reads ovn-trace's (detailed) output: the packet reached the router when the router's
    /// ingress pipeline starts with `inport="<router port>"`; otherwise a `drop;` action ends it.
    public func outcome(output: String) -> TraceOutcome {
        var stage = ""
        var lastLine = ""
        for raw in output.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            lastLine = line
            if line.hasPrefix("ingress("), line.contains("inport=\"\(routerPort)\"") { return .reachedRouterPort(routerPort) }
            if let dot = line.firstIndex(of: "."), line[..<dot].allSatisfy(\.isNumber), !line[..<dot].isEmpty {
                // ` 1. ls_in_apply_port_sec (northd.c:8435): …`
                stage = line[line.index(after: dot)...].trimmingCharacters(in: .whitespaces)
                    .split(separator: " ").first.map(String.init) ?? ""
            }
            if line == "drop;" { return .dropped(stage: stage) }
        }
        return .inconclusive(lastLine: lastLine)
    }
}

/// Why no trace could be planned.
public struct TraceNotPossible: Error, Sendable, Equatable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}
