import Foundation
import OVN
import SCNetAPI
import Testing

@testable import Doctor

@Suite("doctor cluster checks and configuration")
struct ClusterChecksTests {
    static func owned(_ table: String, _ name: String, kind: String, extra: [String: String] = [:]) -> OwnedRow {
        OwnedRow(table: table, uuid: "u-\(name)", name: name, externalIDs: Ownership.markers(kind: kind, name: name, extra: extra))
    }

    static let net1 = Subnet(metadata: ObjectMeta(name: "net1"), spec: SubnetSpec(vpc: "vpc1", cidrBlock: "10.1.0.0/24"))

    @Test("subnet rows are leaked only when no Subnet matches their name, pod rows when the pod is gone")
    func leaks() {
        let rows = [
            Self.owned("Logical_Switch", "net1", kind: NorthboundNames.Kind.subnet),
            Self.owned("Logical_Router_Port", "vpc1-net1", kind: NorthboundNames.Kind.routerPort),
            Self.owned("Logical_Switch", "net2", kind: NorthboundNames.Kind.subnet),
            Self.owned("Logical_Router_Port", "vpc1-net2", kind: NorthboundNames.Kind.routerPort),
            Self.owned("Logical_Switch_Port", "a.ns1", kind: NorthboundNames.Kind.pod),
            Self.owned("Logical_Switch_Port", "b.ns1", kind: NorthboundNames.Kind.pod, extra: ["pod": "ns1/b"]),
        ]
        let inventory = Inventory(ownedRows: rows, switchPorts: ["a.ns1", "b.ns1"], pods: ["a.ns1"], subnets: [Self.net1],
                                  ipRecords: [])
        let leaked = ClusterChecks.leaks(inventory).filter { $0.status == .fail }.map(\.detail)
        #expect(leaked.count == 3)
        #expect(leaked.contains { $0.contains("\"net2\"") })
        #expect(leaked.contains { $0.contains("\"vpc1-net2\"") })
        #expect(leaked.contains { $0.contains("\"b.ns1\"") && $0.contains("Pod ns1/b") })
    }

    @Test("an IP record whose pod is gone is reported, not as missing its port")
    func recordOfGonePod() {
        let record = IP(metadata: ObjectMeta(name: "old.ns1"),
                        spec: IPSpec(podName: "old", namespace: "ns1", subnet: "net1", v4IpAddress: "10.1.0.9"))
        let inventory = Inventory(ownedRows: [], switchPorts: [], pods: [], subnets: [Self.net1], ipRecords: [record])
        let results = ClusterChecks.addresses(inventory)
        #expect(results.count == 1)
        #expect(results.first?.detail.contains("Pod ns1/old, which is gone") == true)
    }

    @Test("an unreachable component makes the doctor unable to tell; an unconfigured one does not")
    func cannotTell() {
        let reachable = ComponentHealth(component: "kubernetes", address: "http://x", state: .reachable("1 namespace"))
        let absent = ComponentHealth(component: "neutron", address: nil, state: .notConfigured("give --neutron-url"))
        #expect(!ClusterChecks.cannotTell(ClusterFacts(components: [reachable, absent], inventory: .notObserved("-"))))
        let down = ComponentHealth(component: "ovn-nb", address: "tcp:127.0.0.1:1", state: .unreachable("refused"))
        #expect(ClusterChecks.cannotTell(ClusterFacts(components: [reachable, down], inventory: .notObserved("-"))))
    }

    @Test("options win over the env file, which wins over the environment")
    func configurationPrecedence() throws {
        let file = "/tmp/doctor-env-\(UInt32.random(in: 0...UInt32.max))"
        try "# written by scnet up\nexport SCNET_OVN_NB=unix:/d/nb.sock\nSCNET_OVN_SB='unix:/d/sb.sock'\nKUBECONFIG=/d/kubeconfig\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        defer { unlink(file) }
        let environment = ["SCNET_OVN_NB": "tcp:1.1.1.1:1", "SCNET_OVN_SB": "tcp:1.1.1.1:2", "SCNET_NEUTRON_URL": "http://127.0.0.1:9696"]
        let config = try DoctorConfiguration.resolve(.init(southbound: "tcp:127.0.0.1:6642", envFile: file), environment: environment)
        #expect(config.northbound == "unix:/d/nb.sock")
        #expect(config.southbound == "tcp:127.0.0.1:6642")
        #expect(config.kubeconfig == "/d/kubeconfig")
        #expect(config.neutronURL == "http://127.0.0.1:9696")
        #expect(throws: DoctorError.self) {
            try DoctorConfiguration.resolve(.init(envFile: "/nonexistent/env"), environment: [:])
        }
    }
}
