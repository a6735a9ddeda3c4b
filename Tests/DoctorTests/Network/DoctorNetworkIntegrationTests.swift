import Doctor
import Foundation
import Kube
import OVN
import SCNetAPI
import Testing
import TestSupport

@Suite("scnet doctor pod and cluster against KubeLite and a real OVN", .serialized)
struct DoctorNetworkIntegrationTests {
    @Test("pods diagnosed hop by hop: healthy, missing subnet, deleted port, unmanaged namespace", .timeLimit(.minutes(2)))
    func podDiagnoses() async throws {
        try await NetworkLab.with { lab in
            try await lab.addPod("web", host: 2)
            try await lab.addPod("lost", subnet: "nosuch", host: 3, port: false, record: false)
            try await lab.addPod("unplugged", host: 4)
            try await lab.addPod("outsider", namespace: "plain", host: 5, port: false, record: false)

            // (a) every hop the API and NB can show is ok; with SB, the trace reaches the router
            // port once ovn-northd has translated the NB rows, and the binding fails (no chassis here).
            let healthy = try await lab.diagnose("ns1", "web")
            for check in ["pod", "namespace", "subnet", "ip", "port"] {
                #expect(healthy.named(check)?.status == .ok, "\(healthy.named(check)?.line ?? check)")
            }
            #expect(healthy.named("binding")?.status == .skip)
            var traced: [CheckResult] = []
            let reached = try await eventually(timeout: .seconds(15), interval: .milliseconds(200)) {
                traced = try await lab.diagnose("ns1", "web", southbound: true)
                return traced.named("trace")?.status == .ok
            }
            #expect(reached, "\(traced.named("trace")?.line ?? "no trace line")")
            #expect(traced.named("trace")?.detail.contains("ovn-cluster-net1") == true)
            let binding = try #require(traced.named("binding"))
            #expect(binding.status == .fail)
            #expect(binding.detail.contains("not bound to any chassis"))

            // (b) the subnet it asks for does not exist: named.
            let lost = try await lab.diagnose("ns1", "lost")
            #expect(lost.named("subnet")?.status == .fail)
            #expect(lost.named("subnet")?.detail.contains("Subnet \"nosuch\"") == true)

            // (c) its port is deleted from NB behind the controller's back.
            let portUUID = try #require(try nbctlFind(lab.ovn, "Logical_Switch_Port", column: "_uuid", "name=unplugged.ns1").first)
            _ = try await lab.northbound.transact(NorthboundOperations.removeSwitchPort("net1", portUUID: portUUID))
            let unplugged = try await lab.diagnose("ns1", "unplugged")
            #expect(unplugged.named("ip")?.status == .ok)
            #expect(unplugged.named("port")?.status == .fail)
            #expect(unplugged.named("port")?.detail.contains("\"unplugged.ns1\" does not exist in NB") == true)

            // (d) a namespace that did not opt in.
            let outsider = try await lab.diagnose("plain", "outsider")
            #expect(outsider.named("namespace")?.status == .fail)
            #expect(outsider.named("namespace")?.detail.contains("scnet does not handle this pod's network") == true)
            #expect(outsider.named("subnet")?.status == .skip)
        }
    }

    @Test("a terminated container's exit code and reason, and the pod's Events, are reported", .timeLimit(.minutes(1)))
    func failedContainer() async throws {
        try await NetworkLab.with { lab in
            try await lab.addPod("crash", host: 6)
            let pod = try await lab.kube.get(Pod.self, name: "crash", namespace: "ns1")
            _ = try await lab.kube.record(reason: "BackOff", message: "Back-off restarting failed container app",
                                          type: .warning, on: pod)
            let status: JSONValue = ["status": [
                "phase": "Failed",
                "containerStatuses": [[
                    "name": "app", "restartCount": 3, "image": "busybox",
                    "state": ["terminated": ["exitCode": 127, "reason": "Error", "message": "sh: nope: not found"]],
                ]],
            ]]
            _ = try await lab.kube.patchStatus(Pod.self, name: "crash", namespace: "ns1", .merge(status))
            let config = try lab.configuration()
            let report = PodChecks.report(try await PodFactsGatherer(configuration: config).gather(namespace: "ns1", name: "crash"))
            let container = try #require(report.checks.named("container app"))
            #expect(container.status == .fail)
            #expect(container.detail.contains("exit code 127") && container.detail.contains("reason Error"))
            #expect(report.events.map(\.reason) == ["BackOff"])
            #expect(report.text.contains("Back-off restarting failed container app"))
            #expect(!report.passed)
        }
    }

    @Test("doctor cluster reports an owned port whose pod is gone, and records without ports", .timeLimit(.minutes(1)))
    func clusterLeaks() async throws {
        try await NetworkLab.with { lab in
            try await lab.addPod("web", host: 2)
            let clean = ClusterChecks.run(await ClusterFactsGatherer(configuration: try lab.configuration()).gather())
            #expect(clean.named("leaks")?.status == .ok, "\(clean.map(\.line))")
            #expect(clean.named("addresses")?.status == .ok, "\(clean.map(\.line))")
            #expect(clean.named("kubernetes")?.status == .ok)
            #expect(clean.named("ovn-nb")?.status == .ok)

            try await lab.addPort("ghost.ns1", workload: "ns1/ghost", ip: "10.1.0.50", mac: "0a:00:00:00:00:50")
            try await lab.addPod("portless", host: 7, port: false)
            let facts = await ClusterFactsGatherer(configuration: try lab.configuration()).gather()
            let results = ClusterChecks.run(facts)
            let leaks = results.filter { $0.check == "leak" }
            #expect(leaks.count == 1)
            #expect(leaks.first?.detail.contains("Logical_Switch_Port \"ghost.ns1\"") == true)
            #expect(leaks.first?.detail.contains("Pod ns1/ghost") == true)
            #expect(results.contains { $0.check == "port" && $0.detail.contains("\"ghost.ns1\" has no IP record") })
            #expect(results.contains { $0.check == "ip-record" && $0.detail.contains("\"portless.ns1\"") })
            #expect(!ClusterChecks.cannotTell(facts))
        }
    }

    @Test("an NB address nobody answers on makes doctor cluster say so within the deadline", .timeLimit(.minutes(1)))
    func unreachableNorthbound() async throws {
        try await NetworkLab.with { lab in
            let start = ContinuousClock.now
            let facts = await ClusterFactsGatherer(
                configuration: try lab.configuration(northbound: "tcp:127.0.0.1:1", deadline: 1)).gather()
            let elapsed = ContinuousClock.now - start
            #expect(ClusterChecks.cannotTell(facts))
            let line = try #require(ClusterChecks.run(facts).named("ovn-nb"))
            #expect(line.status == .fail)
            #expect(line.detail.contains("tcp:127.0.0.1:1"))
            #expect(elapsed < .seconds(4))
        }
    }

    @Test("scnet doctor pod exits 0 healthy, 1 on a failure, 2 when NB cannot be reached", .timeLimit(.minutes(1)))
    func commandExitCodes() async throws {
        try await NetworkLab.with { lab in
            try await lab.addPod("web", host: 2)
            try await lab.addPod("lost", subnet: "nosuch", host: 3, port: false, record: false)
            // Deadlines generous enough for a loaded machine (the API runs in this test process);
            // the point checked is that nothing hangs.
            let common = ["--kubeconfig", lab.kubeconfig, "--timeout", "10"]
            let healthy = try await ScnetBinary.run(["doctor", "pod", "ns1/web", "--nb", lab.ovn.northbound] + common, timeout: 30)
            #expect(healthy.status == 0, "\(healthy.output)")
            #expect(healthy.stdout.contains("ok    port"))
            let lost = try await ScnetBinary.run(["doctor", "pod", "ns1/lost", "--nb", lab.ovn.northbound, "--output", "json"] + common,
                                           timeout: 30)
            #expect(lost.status == 1, "\(lost.output)")
            #expect(lost.stdout.contains("\"status\" : \"FAIL\""))
            let unreachable = try await ScnetBinary.run(["doctor", "pod", "ns1/web", "--nb", "tcp:127.0.0.1:1"] + common, timeout: 30)
            #expect(unreachable.status == 2, "\(unreachable.output)")
            #expect(unreachable.stderr.contains("tcp:127.0.0.1:1"))
            #expect(unreachable.seconds < 25)
        }
    }
}
