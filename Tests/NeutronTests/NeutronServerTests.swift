import AsyncHTTPClient
import Foundation
import NIOFoundationCompat
import Neutron
import TestSupport
import Testing

/// The client against a real neutron-server (ML2/OVN) and its OVN Northbound database.
@Suite("Neutron client against a real neutron-server", .neutronSandbox, .serialized)
struct NeutronServerTests {
    let sandbox: NeutronSandbox
    let client: NeutronClient

    init() throws {
        sandbox = try #require(NeutronSandbox.current)
        client = sandbox.client()
    }

    @Test("an external flat network and its subnet read back with router:external and the project")
    func externalNetwork() async throws {
        let ext = try await SharedTopology.shared.external(client)
        let read = try await client.network(id: ext.network.id)
        #expect(read.routerExternal == true)
        #expect(read.providerNetworkType == "flat")
        #expect(read.providerPhysicalNetwork == "physnet1")
        #expect(read.projectID == sandbox.projectID)
        #expect(read.subnets == [ext.subnet.id])

        let externals = try await client.networks(external: true)
        #expect(externals.map(\.id).contains(ext.network.id))
        let tenant = try await client.createNetwork(NetworkCreate(name: "not-external"))
        let internals = try await client.networks(external: false)
        #expect(internals.map(\.id).contains(tenant.id))
        #expect(!internals.map(\.id).contains(ext.network.id))

        let subnet = try await client.subnet(id: ext.subnet.id)
        #expect(subnet.cidr == "172.24.4.0/24")
        #expect(subnet.allocationPools == [AllocationPool(start: "172.24.4.10", end: "172.24.4.200")])
        try await client.deleteNetwork(id: tenant.id)
    }

    @Test("a router with a gateway reads back its external IP and is neutron-<uuid> in OVN NB")
    func routerWithGateway() async throws {
        let ext = try await SharedTopology.shared.external(client)
        let tenant = try await SharedTopology.shared.tenant(client)
        let router = try await client.router(id: tenant.router.id)
        let gateway = try #require(router.externalGatewayInfo)
        #expect(gateway.networkID == ext.network.id)
        let gatewayIP = try #require(gateway.externalFixedIPs?.first?.ipAddress)
        #expect(gatewayIP.hasPrefix("172.24.4."))
        #expect(try await client.routers().map(\.id).contains(router.id))

        // ML2/OVN writes NB itself: poll for its rows rather than reading them once.
        let name = "neutron-\(router.id)"
        #expect(try await eventually {
            try sandbox.nbctl("--bare", "--columns=name", "find", "Logical_Router", "name=\(name)")
                .trimmingCharacters(in: .whitespacesAndNewlines) == name
        }, "no Logical_Router \(name) in NB")
        // The tenant subnet is SNATed behind the gateway address.
        let natted = try await eventually {
            let nat = try sandbox.nbctl("lr-nat-list", name)
            return nat.contains("snat") && nat.contains(gatewayIP) && nat.contains("10.10.0.0/24")
        }
        #expect(natted, "no snat row for 10.10.0.0/24 via \(gatewayIP) on \(name)")
        // The interface port is a router port on the router.
        var ports = "", lrpName = ""
        let attached = try await eventually {
            ports = try sandbox.nbctl("--bare", "--columns=ports", "list", "Logical_Router", name)
            lrpName = try sandbox.nbctl("--bare", "--columns=name", "find", "Logical_Router_Port", "name=lrp-\(tenant.interface.portID)")
            return !ports.isEmpty && lrpName.contains(tenant.interface.portID)
        }
        #expect(attached, "router ports: \(ports); lrp: \(lrpName)")
    }

    @Test("floating IPs: unassociated has no NAT row, associated is a dnat_and_snat row; filters and tags")
    func floatingIPs() async throws {
        let ext = try await SharedTopology.shared.external(client)
        let tenant = try await SharedTopology.shared.tenant(client)
        let routerName = "neutron-\(tenant.router.id)"

        let loose = try await client.createFloatingIP(FloatingIPCreate(floatingNetworkID: ext.network.id))
        #expect(loose.portID == nil)
        #expect(loose.floatingIPAddress.hasPrefix("172.24.4."))
        #expect(try sandbox.nbctl("--bare", "--columns=_uuid", "find", "NAT",
                                  "external_ids:\"neutron:fip_id\"=\(loose.id)").isEmpty)

        let port = try await client.createPort(PortCreate(networkID: tenant.network.id, name: "vm-1"))
        let fixedIP = try #require(port.fixedIPs.first?.ipAddress)
        let bound = try await client.createFloatingIP(
            FloatingIPCreate(floatingNetworkID: ext.network.id, portID: port.id))
        #expect(bound.portID == port.id)
        #expect(bound.fixedIPAddress == fixedIP)
        #expect(bound.routerID == tenant.router.id)
        let natRow = try await eventually {
            let row = try sandbox.nbctl("--bare", "--columns=type,external_ip,logical_ip", "find", "NAT",
                                        "external_ids:\"neutron:fip_id\"=\(bound.id)")
            return row.contains("dnat_and_snat") && row.contains(bound.floatingIPAddress) && row.contains(fixedIP)
        }
        #expect(natRow, "no dnat_and_snat row for \(bound.floatingIPAddress) → \(fixedIP)")
        #expect(try sandbox.nbctl("lr-nat-list", routerName).contains(bound.floatingIPAddress))

        // Tags: add, filter, set, remove.
        try await client.addTag(FloatingIP.self, id: loose.id, tag: "scnet-pool")
        let tagged = try await client.floatingIPs(FloatingIPFilter(floatingNetworkID: ext.network.id, tags: ["scnet-pool"]))
        #expect(tagged.map(\.id) == [loose.id])
        #expect(try await client.setTags(FloatingIP.self, id: bound.id, tags: ["scnet-pool", "eip-b"]).sorted()
            == ["eip-b", "scnet-pool"])
        let both = try await client.floatingIPs(FloatingIPFilter(tags: ["scnet-pool"]))
        #expect(Set(both.map(\.id)) == [loose.id, bound.id])
        try await client.removeTag(FloatingIP.self, id: bound.id, tag: "scnet-pool")
        #expect(try await client.floatingIP(id: bound.id).tags == ["eip-b"])
        #expect(try await client.floatingIPs(FloatingIPFilter(portID: port.id)).map(\.id) == [bound.id])
        #expect(try await client.floatingIPs(FloatingIPFilter(projectID: sandbox.projectID)).count >= 2)

        // Associate the loose one to a second port, then take it back.
        let port2 = try await client.createPort(PortCreate(networkID: tenant.network.id, name: "vm-2"))
        let moved = try await client.updateFloatingIP(id: loose.id, .associate(portID: port2.id))
        #expect(moved.portID == port2.id)
        #expect(try await eventually {
            try !sandbox.nbctl("--bare", "--columns=_uuid", "find", "NAT",
                               "external_ids:\"neutron:fip_id\"=\(loose.id)").isEmpty
        })
        let released = try await client.updateFloatingIP(id: loose.id, .disassociate)
        #expect(released.portID == nil)
        #expect(try await eventually {
            try sandbox.nbctl("--bare", "--columns=_uuid", "find", "NAT",
                              "external_ids:\"neutron:fip_id\"=\(loose.id)").isEmpty
        })

        for fip in [loose, bound] { try await client.deleteFloatingIP(id: fip.id) }
        await #expect(throws: NeutronClientError.self) { try await client.floatingIP(id: bound.id) }
        for p in [port, port2] { try await client.deletePort(id: p.id) }
    }

    @Test("a floating IP address already taken is refused as 409 IpAddressAlreadyAllocated")
    func addressTaken() async throws {
        let ext = try await SharedTopology.shared.external(client)
        let first = try await client.createFloatingIP(
            FloatingIPCreate(floatingNetworkID: ext.network.id, floatingIPAddress: "172.24.4.150"))
        let error = await #expect(throws: NeutronClientError.self) {
            try await client.createFloatingIP(
                FloatingIPCreate(floatingNetworkID: ext.network.id, floatingIPAddress: "172.24.4.150"))
        }
        guard case .conflict(let request, let fault)? = error else {
            Issue.record("expected .conflict, got \(String(describing: error))")
            return
        }
        #expect(request == "POST /v2.0/floatingips")
        #expect(fault.type == "IpAddressAlreadyAllocated")
        #expect(fault.message.contains("172.24.4.150"))
        #expect("\(error!)".contains("409 Conflict (IpAddressAlreadyAllocated)"))
        try await client.deleteFloatingIP(id: first.id)
    }

    @Test("an unknown router is reported as 404 RouterNotFound naming the id")
    func unknownRouter() async throws {
        let id = UUID().uuidString.lowercased()
        let error = await #expect(throws: NeutronClientError.self) { try await client.router(id: id) }
        guard case .notFound(let request, let fault)? = error else {
            Issue.record("expected .notFound, got \(String(describing: error))")
            return
        }
        #expect(request == "GET /v2.0/routers/\(id)")
        #expect(fault.type == "RouterNotFound")
        #expect(fault.message.contains(id))
    }

    @Test("an unknown filter is refused as 400 with Neutron's message")
    func badFilter() async throws {
        let error = await #expect(throws: NeutronClientError.self) {
            try await client.list(FloatingIP.self, query: NeutronQuery().filter("no_such_field", "x"))
        }
        guard case .badRequest(_, let fault)? = error else {
            Issue.record("expected .badRequest, got \(String(describing: error))")
            return
        }
        #expect(fault.message.contains("no_such_field"))
        #expect(fault.message.contains("invalid attribute for filtering"))
    }

    @Test("list follows pagination links across pages and returns every object once")
    func pagination() async throws {
        let paged = sandbox.client(pageSize: 2)
        let tag = "page-\(UUID().uuidString.prefix(6))"
        var created: [String] = []
        for index in 0..<5 {
            let network = try await client.createNetwork(NetworkCreate(name: "paged-\(index)"))
            try await client.addTag(Network.self, id: network.id, tag: tag)
            created.append(network.id)
        }
        // The server really pages: two per page, with a next link.
        let firstPage = try await sandbox.http.get(url: "\(sandbox.neutronURL)/v2.0/networks?tags=\(tag)&limit=2").get()
        let page = try JSONSerialization.jsonObject(with: Data(buffer: try #require(firstPage.body))) as? [String: Any]
        #expect((page?["networks"] as? [Any])?.count == 2)
        #expect(((page?["networks_links"] as? [[String: String]]) ?? []).contains { $0["rel"] == "next" })
        let listed = try await paged.networks(NeutronQuery().tags([tag]))
        #expect(listed.count == 5)
        #expect(Set(listed.map(\.id)) == Set(created))
        for id in created { try await client.deleteNetwork(id: id) }
        #expect(try await paged.networks(NeutronQuery().tags([tag])).isEmpty)
    }

    @Test("removing the router interface and gateway is reflected in the router and in OVN NB")
    func detach() async throws {
        let ext = try await SharedTopology.shared.external(client)
        let router = try await client.createRouter(
            RouterCreate(name: "short-lived", externalGatewayInfo: ExternalGatewayInfo(networkID: ext.network.id)))
        let network = try await client.createNetwork(NetworkCreate(name: "short-lived"))
        let subnet = try await client.createSubnet(SubnetCreate(networkID: network.id, cidr: "10.20.0.0/24"))
        let interface = try await client.addRouterInterface(routerID: router.id, .subnet(subnet.id))
        #expect(interface.subnetID == subnet.id)
        let error = await #expect(throws: NeutronClientError.self) {
            try await client.addRouterInterface(routerID: router.id, .subnet(subnet.id))
        }
        #expect(error?.fault != nil)

        try await client.removeRouterInterface(routerID: router.id, .subnet(subnet.id))
        let cleared = try await client.setRouterGateway(routerID: router.id, nil)
        #expect(cleared.externalGatewayInfo == nil)
        #expect(try await eventually {
            try sandbox.nbctl("lr-nat-list", "neutron-\(router.id)")
                .trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        })
        try await client.deleteRouter(id: router.id)
        #expect(try sandbox.nbctl("--bare", "--columns=name", "find", "Logical_Router",
                                  "name=neutron-\(router.id)").isEmpty)
        try await client.deleteNetwork(id: network.id)
    }
}
