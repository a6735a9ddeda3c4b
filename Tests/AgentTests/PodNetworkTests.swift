@testable import Agent
import CNI
import Foundation
import NetAddress
import SCNetAPI
import Testing

@Suite("Agent: what ADD reads and answers")
struct PodNetworkTests {
    static let annotations = [
        Annotation.allocated: "true", Annotation.ipAddress: "10.16.0.5,fd00:10:16::5", Annotation.macAddress: "0a:58:0a:10:00:05",
        Annotation.cidr: "10.16.0.0/16,fd00:10:16::/64", Annotation.gateway: "10.16.0.1,fd00:10:16::1",
    ]

    @Test("Dual-stack annotations give both addresses with their prefix and gateway")
    func dualStack() throws {
        let network = try #require(try PodNetwork(annotations: Self.annotations, portName: "web.shop"))
        #expect(network.addresses.map(\.text) == ["10.16.0.5/16", "fd00:10:16::5/64"])
        #expect(network.addresses.map { $0.gateway?.description } == ["10.16.0.1", "fd00:10:16::1"])
        #expect(network.mac.description == "0a:58:0a:10:00:05")
    }

    @Test("No network until the controller says allocated; malformed annotations name the annotation")
    func notYetAndMalformed() throws {
        var pending = Self.annotations
        pending[Annotation.allocated] = nil
        #expect(try PodNetwork(annotations: pending, portName: "p.ns") == nil)
        var badMAC = Self.annotations
        badMAC[Annotation.macAddress] = "zz"
        #expect { try PodNetwork(annotations: badMAC, portName: "p.ns") } throws: { "\($0)".contains(Annotation.macAddress) }
        var outside = Self.annotations
        outside[Annotation.ipAddress] = "10.99.0.5"
        #expect { try PodNetwork(annotations: outside, portName: "p.ns") } throws: { "\($0)".contains(Annotation.cidr) }
    }

    @Test("The result follows the configuration's CNI version: 'version' per address only before 1.0")
    func resultVersions() throws {
        let network = try #require(try PodNetwork(annotations: Self.annotations, portName: "web.shop"))
        let request = CNIRequest(command: "ADD", containerID: "c1", netns: "/run/netns/x", ifName: "eth0", args: [:], config: "{}")
        let result = CNIHandler.result(network: network, hostName: "scnabc", hostMAC: "02:00:00:00:00:01", request: request, mtu: 1400)
        for (version, listsFamily) in [("1.0.0", false), ("0.4.0", true), ("0.3.1", true), ("1.1.0", false)] {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.json(cniVersion: version).utf8)) as? [String: Any])
            #expect(object["cniVersion"] as? String == version)
            let ips = try #require(object["ips"] as? [[String: Any]])
            #expect(ips.count == 2)
            #expect((ips[0]["version"] != nil) == listsFamily, "version \(version)")
            #expect(ips[0]["interface"] as? Int == 1)
            let interfaces = try #require(object["interfaces"] as? [[String: Any]])
            #expect(interfaces[1]["sandbox"] as? String == "/run/netns/x")
            let routes = try #require(object["routes"] as? [[String: Any]])
            #expect(routes.map { $0["dst"] as? String } == ["0.0.0.0/0", "::/0"])
        }
    }

    @Test("Host veth names fit in 15 bytes, differ per container and interface, and are stable")
    func vethNames() {
        let a = AttachmentKeys.hostInterfaceName(containerID: "abc", ifName: "eth0")
        #expect(a.utf8.count == 15 && a.hasPrefix("scn"))
        #expect(a == AttachmentKeys.hostInterfaceName(containerID: "abc", ifName: "eth0"))
        #expect(a != AttachmentKeys.hostInterfaceName(containerID: "abc", ifName: "net1"))
        #expect(a != AttachmentKeys.hostInterfaceName(containerID: "abd", ifName: "eth0"))
    }

    @Test("CNI_ARGS split into pairs; pairs without '=' are ignored")
    func args() {
        #expect(CNIRequest.parseArgs("IgnoreUnknown=1;K8S_POD_NAMESPACE=shop;K8S_POD_NAME=web;junk")
                == ["IgnoreUnknown": "1", "K8S_POD_NAMESPACE": "shop", "K8S_POD_NAME": "web"])
    }
}

@Suite("Agent: host routes to every VPC")
struct HostRoutePlanTests {
    func subnet(_ name: String, vpc: String?, cidr: String) -> Subnet {
        Subnet(metadata: ObjectMeta(name: name), spec: SubnetSpec(vpc: vpc, cidrBlock: cidr))
    }

    @Test("Each subnet's CIDR goes via its VPC's join address; the join subnet and VPCs without one are left out")
    func plan() {
        var vpcA = Vpc(metadata: ObjectMeta(name: "a"), spec: VpcSpec())
        vpcA.status = VpcStatus()
        vpcA.status?.joinAddress = "100.64.0.7"
        let vpcB = Vpc(metadata: ObjectMeta(name: "b"), spec: VpcSpec())  // not ready yet: no join address
        let routes = HostRoutePlan.routes(
            subnets: [subnet("join", vpc: "ovn-cluster", cidr: "100.64.0.0/16"), subnet("ovn-default", vpc: nil, cidr: "10.16.0.0/16"),
                      subnet("a1", vpc: "a", cidr: "10.60.1.0/24,fd00:60::/64"), subnet("b1", vpc: "b", cidr: "10.61.1.0/24")],
            vpcs: [vpcA, vpcB], joinSubnet: "join", joinGateway: IPAddress("100.64.0.1"))
        #expect(routes.map(\.description).sorted() == ["10.16.0.0/16 via 100.64.0.1", "10.60.1.0/24 via 100.64.0.7"])
    }
}
