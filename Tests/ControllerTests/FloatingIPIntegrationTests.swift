@testable import Controller
import Foundation
import Kube
import Neutron
import OVN
import SCNetAPI
import Testing
import TestSupport

/// Floating IP pool sync and binding against a real neutron-server (ML2/OVN) and its OVN NB,
/// and an in-process KubeLite.
@Suite("Floating IPs (real Neutron, OVN and KubeLite)", .neutronSandbox, .serialized, .timeLimit(.minutes(3)))
struct FloatingIPIntegrationTests {
    static func elapsed(_ start: ContinuousClock.Instant) -> String {
        let d = ContinuousClock.now - start
        return String(format: "%.0f ms", Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
    }

    static func pod(_ name: String) -> Pod { Pod(metadata: ObjectMeta(name: name, namespace: "default")) }

    @Test("tagged floating IPs become Fips, untagged ones do not; deleted ones go; associated ones are not Available")
    func poolSync() async throws {
        try await FloatingIPWorld.with("sync") { world in
            let tagged = try await world.floatingIPs(3)
            let untagged = try await world.floatingIPs(1, tagged: false)
            let port = try await world.neutron.createPort(PortCreate(networkID: world.topology.tenant.id, name: "fip-sync-port"))
            _ = try await world.neutron.updateFloatingIP(id: tagged[2].id, .associate(portID: port.id))
            let pool = world.pool()
            let networks: Set<String> = [world.topology.external.id]

            var start = ContinuousClock.now
            let first = try await pool.sync(externalNetworks: networks)
            print("pool sync of \(tagged.count) new floating IPs: \(Self.elapsed(start)) (\(first))")
            #expect(first.inNeutron == 3 && first.created.count == 3 && first.failures.isEmpty)
            let fips = try await world.kube.listAll(Fip.self).items
            #expect(Set(fips.compactMap(\.spec.address)) == Set(tagged.map(\.floatingIPAddress)))
            #expect(!fips.contains { $0.spec.address == untagged[0].floatingIPAddress })
            for floatingIP in tagged.prefix(2) {
                let fip = try await world.fip(floatingIP)
                #expect(fip.spec == FipSpec(address: floatingIP.floatingIPAddress, floatingIPID: floatingIP.id,
                                            externalNetworkID: world.topology.external.id, projectID: floatingIP.projectID))
                #expect(fip.status?.phase == FipStatus.available)
            }
            let associated = try await world.fip(tagged[2])
            #expect(associated.status?.phase == FipStatus.inUse)
            #expect(associated.status?.usedBy == FipUser(kind: "NeutronPort", namespace: nil, name: port.id))

            start = ContinuousClock.now
            let again = try await pool.sync(externalNetworks: networks)
            print("pool sync with nothing to change: \(Self.elapsed(start))")
            #expect(again.created.isEmpty && again.specUpdated.isEmpty && again.statusUpdated.isEmpty && again.deleted.isEmpty)

            try await world.neutron.deleteFloatingIP(id: tagged[0].id)
            _ = try await world.neutron.updateFloatingIP(id: tagged[2].id, .disassociate)
            let third = try await pool.sync(externalNetworks: networks)
            #expect(third.deleted == [FloatingIPNames.fip(address: tagged[0].floatingIPAddress)])
            await #expect(throws: KubeError.self) { try await world.fip(tagged[0]) }
            #expect(try await world.fip(tagged[2]).status?.phase == FipStatus.available)
            #expect(try await world.fip(tagged[2]).status?.usedBy == nil)
            // An unknown network set changes nothing.
            #expect(try await pool.sync(externalNetworks: []).inNeutron == 0)
            #expect(try await world.kube.listAll(Fip.self).items.count == 2)
        }
    }

    @Test("a pod SNAT and a VM EIP get their NAT rows, Fips and Neutron marks; an empty set removes them all")
    func bindAndRelease() async throws {
        try await FloatingIPWorld.with("bind") { world in
            let ips = try await world.floatingIPs(2)
            _ = try await world.pool().sync(externalNetworks: [world.topology.external.id])
            _ = try await world.kube.create(Self.pod("web"))
            _ = try await world.kube.create(VirtualMachine(metadata: ObjectMeta(name: "vm1", namespace: "default")))
            let router = world.topology.routerName
            let uses = [
                FloatingIPUse(workload: "default/web", kind: .snat, address: ips[0].floatingIPAddress, logicalIP: "10.30.0.50",
                              logicalPort: "web.default", router: router),
                FloatingIPUse(workload: "default/vm1", kind: .eip, address: ips[1].floatingIPAddress, logicalIP: "10.30.0.51",
                              logicalPort: "vm1.default", router: router),
            ]
            let neutronRowsBefore = try world.natList().filter { !$0.contains(ips[0].floatingIPAddress) && !$0.contains(ips[1].floatingIPAddress) }
            let binder = world.binder()
            let results = await binder.reconcile(uses: uses)
            #expect(results.map(\.outcome) == [.bound(fip: FloatingIPNames.fip(address: ips[0].floatingIPAddress)),
                                               .bound(fip: FloatingIPNames.fip(address: ips[1].floatingIPAddress))])
            let nat = try world.natList()
            #expect(nat.contains { $0.starts(with: ["snat", ips[0].floatingIPAddress, "10.30.0.50"]) })
            #expect(nat.contains { $0 == ["dnat_and_snat", ips[1].floatingIPAddress, "10.30.0.51"] }, "\(nat)")
            let ours = try world.ourNATRows()
            #expect(ours.count == 2)
            #expect(ours.allSatisfy { $0.ids.contains("scnet/owner=scnet") && $0.ids.contains("pod=default/") })
            #expect(ours.contains { $0.ids.contains("scnet/name=fip-web.default") && $0.logicalPort.isEmpty })
            // lr-nat-list shows logical_port only with external_mac; a centralized EIP has none.
            #expect(ours.contains { $0.type == "dnat_and_snat" && $0.logicalPort == "vm1.default" && $0.ids.contains("scnet/kind=fip") })
            let web = try await world.fip(ips[0]), vm = try await world.fip(ips[1])
            #expect(web.status?.phase == FipStatus.inUse && web.status?.usage == "snat")
            #expect(web.status?.usedBy == FipUser(kind: "Pod", namespace: "default", name: "web"))
            #expect(vm.status?.usedBy == FipUser(kind: "VirtualMachine", namespace: "default", name: "vm1") && vm.status?.usage == "eip")
            #expect(try await world.neutron.floatingIP(id: ips[0].id).tags?.contains("scnet-user.default.web") == true)
            #expect(try await world.neutron.floatingIP(id: ips[1].id).tags?.contains("scnet-user.default.vm1") == true)
            #expect(try await world.events(on: "web", reason: "FipBound").count == 1)
            // Level-triggered: the same set again changes nothing and records nothing new.
            #expect(await binder.reconcile(uses: uses).allSatisfy(\.isBound))
            #expect(try world.ourNATRows().count == 2)
            #expect(try await world.events(on: "web", reason: "FipBound").first?.count ?? 1 == 1)

            let released = await binder.reconcile(uses: [])
            #expect(released.isEmpty)
            #expect(try world.ourNATRows().isEmpty)
            let after = try world.natList()
            #expect(neutronRowsBefore.allSatisfy(after.contains), "Neutron's rows were touched: \(neutronRowsBefore) → \(after)")
            #expect(try await world.fip(ips[0]).status?.phase == FipStatus.available)
            #expect(try await world.fip(ips[1]).status?.usedBy == nil)
            for ip in ips {
                #expect(try await world.neutron.floatingIP(id: ip.id).tags?.contains { $0.hasPrefix("scnet-user.") } == false)
            }
        }
    }

    @Test("50 workloads racing for 10 floating IPs through two binders: 10 winners, 40 refusals, 10 NAT rows")
    func race() async throws {
        try await FloatingIPWorld.with("race") { world in
            let ips = try await world.floatingIPs(10)
            let syncStart = ContinuousClock.now
            let synced = try await world.pool().sync(externalNetworks: [world.topology.external.id])
            print("pool sync of 10 new floating IPs: \(Self.elapsed(syncStart))")
            #expect(synced.created.count == 10)
            let kube = world.kube
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<50 { group.addTask { _ = try await kube.create(Self.pod("racer-\(i)")) } }
                try await group.waitForAll()
            }
            var order = Array(0..<50)
            order.shuffle()
            let uses = (0..<50).map { i in
                FloatingIPUse(
                    workload: "default/racer-\(i)", kind: .snat, address: ips[i % 10].floatingIPAddress, logicalIP: "10.30.0.\(100 + i)",
                    logicalPort: "racer-\(i).default", router: world.topology.routerName,
                    createdAt: String(format: "2025-01-01T00:%02d:00Z", order[i]))
            }
            let expectedWinners = Set((0..<10).map { slot in
                (0..<50).filter { $0 % 10 == slot }.min { order[$0] < order[$1] }!
            }.map { "default/racer-\($0)" })
            let first = world.binder(), second = world.binder()
            let start = ContinuousClock.now
            async let a = first.reconcile(uses: uses.shuffled())
            async let b = second.reconcile(uses: uses.shuffled())
            let (ra, rb) = await (a, b)
            print("two binders reconciling 50 uses for 10 floating IPs concurrently: \(Self.elapsed(start))")
            for results in [ra, rb] {
                let winners = results.filter(\.isBound).map(\.use.workload)
                #expect(Set(winners) == expectedWinners)
                #expect(winners.count == 10)
                let refusals = results.compactMap(\.refusal)
                #expect(refusals.count == 40 && refusals.allSatisfy { $0.reason == .taken && $0.message.contains("already used by Pod/default/racer-") })
            }
            let fips = try await world.kube.listAll(Fip.self).items.filter { ips.map(\.floatingIPAddress).contains($0.spec.address ?? "") }
            #expect(fips.count == 10 && fips.allSatisfy { $0.status?.phase == FipStatus.inUse })
            #expect(Set(fips.compactMap { $0.status?.usedBy.map { "\($0.namespace!)/\($0.name)" } }) == expectedWinners)
            let rows = try world.ourNATRows()
            #expect(rows.count == 10)
            #expect(Set(rows.map(\.externalIP)).count == 10 && Set(rows.map(\.logicalIP)).count == 10)
            let warned = try await world.kube.list(Event.self, namespace: "default").items.filter { $0.reason == "FipTaken" }
            #expect(Set(warned.compactMap(\.involvedObject.name)).count == 40)

            let timing = ContinuousClock.now
            #expect(await first.reconcile(uses: uses).filter(\.isBound).count == 10)
            print("one binder reconciling 50 unchanged uses: \(Self.elapsed(timing))")
            _ = await first.reconcile(uses: [])
            #expect(try world.ourNATRows().isEmpty)
        }
    }

    @Test("a floating IP deleted or associated in Neutron while in use is reported and its NAT removed")
    func neutronConflicts() async throws {
        try await FloatingIPWorld.with("conflict") { world in
            let ips = try await world.floatingIPs(2)
            let pool = world.pool(), networks: Set<String> = [world.topology.external.id]
            _ = try await pool.sync(externalNetworks: networks)
            _ = try await world.kube.create(Self.pod("doomed"))
            _ = try await world.kube.create(Self.pod("shared"))
            let uses = ["doomed", "shared"].enumerated().map { i, name in
                FloatingIPUse(workload: "default/\(name)", kind: .snat, address: ips[i].floatingIPAddress, logicalIP: "10.30.0.\(60 + i)",
                              logicalPort: "\(name).default", router: world.topology.routerName)
            }
            let binder = world.binder()
            #expect(await binder.reconcile(uses: uses).allSatisfy(\.isBound))
            #expect(try world.ourNATRows().count == 2)

            try await world.neutron.deleteFloatingIP(id: ips[0].id)
            let port = try await world.neutron.createPort(PortCreate(networkID: world.topology.tenant.id, name: "fip-conflict-port"))
            _ = try await world.neutron.updateFloatingIP(id: ips[1].id, .associate(portID: port.id))
            let report = try await pool.sync(externalNetworks: networks)
            #expect(report.keptInUse == [FloatingIPNames.fip(address: ips[0].floatingIPAddress)])
            let doomedFip = try await world.fip(ips[0])
            #expect(doomedFip.status?.ready?.reason == "DeletedInNeutron" && doomedFip.status?.ready?.status == "False")
            #expect(try await world.events(on: doomedFip.metadata.name, reason: "DeletedInNeutron").count == 1)
            // The pool leaves the workload's claim alone even though Neutron associated the floating IP.
            #expect(try await world.fip(ips[1]).status?.usedBy?.name == "shared")

            let results = await binder.reconcile(uses: uses)
            #expect(results.map { $0.refusal?.reason } == [.deletedInNeutron, .associatedInNeutron])
            #expect(try world.ourNATRows().isEmpty)
            // Neutron's own row for its association (written by ML2/OVN on its own time) is there and stays.
            var nat: [[String]] = []
            let associated = try await eventually {
                nat = try world.natList()
                return nat.contains { $0.starts(with: ["dnat_and_snat", ips[1].floatingIPAddress]) }
            }
            #expect(associated, "\(nat)")
            #expect(try await world.events(on: "doomed", reason: "FipDeletedInNeutron").count == 1)
            #expect(try await world.events(on: "shared", reason: "FipAssociatedInNeutron").count == 1)
            let sharedFip = try await world.fip(ips[1])
            #expect(sharedFip.status?.ready?.reason == "AssociatedInNeutron")
            #expect(try await world.events(on: sharedFip.metadata.name, reason: "FipAssociatedInNeutron").count == 1)

            // Once nobody asks, the dead Fip is released and the next sync deletes it.
            _ = await binder.reconcile(uses: [])
            let after = try await pool.sync(externalNetworks: networks)
            #expect(after.deleted.contains(doomedFip.metadata.name))
            #expect(try await world.fip(ips[1]).status?.usedBy?.kind == "NeutronPort")
        }
    }
}
