import Foundation
import SCNetAPI
import TestSupport
import Testing

extension DataplaneTests {
    @Test("CNI edge cases: no annotations (bounded error), DEL after the netns is gone and twice, agent killed between ADD and DEL, CHECK, STATUS, GC, VERSION")
    func lifecycle() async throws {
        try await DataplaneWorld.with(name: "dpl", agentArguments: ["--annotation-timeout", "3"]) { w in
            try await w.h.apply("""
                apiVersion: v1
                kind: Namespace
                metadata: {name: dp-l, labels: {managed.es.io/resource: namespace}}
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: dp-unmanaged}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: stray, namespace: dp-unmanaged}
                spec: {containers: [{name: c, image: busybox}]}
                """ + ["a", "b", "c", "d"].map { """

                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: \($0), namespace: dp-l}
                spec: {containers: [{name: c, image: busybox}]}
                """ }.joined())

            // VERSION and STATUS are answered; STATUS says the node can take pods.
            let probe = try w.sandbox()
            defer { probe.delete() }
            let version = try await w.runtime.call("VERSION", containerID: "", netns: "", namespace: "", name: "")
            #expect(version.status == 0 && (version.json?["supportedVersions"] as? [String])?.contains("1.0.0") == true, "\(version)")
            let status = try await w.runtime.call("STATUS", containerID: "", netns: "", namespace: "", name: "",
                                                  config: #"{"cniVersion":"1.1.0","name":"scnet","type":"scnet-cni","agentSocket":"\#(w.node.socket)"}"#)
            #expect(status.status == 0, "\(status)")

            // A pod the controller never annotates (its namespace is not managed): a bounded, named error.
            let clock = ContinuousClock()
            let started = clock.now
            let stray = try await w.runtime.call("ADD", containerID: probe.containerID, netns: probe.path, namespace: "dp-unmanaged", name: "stray")
            #expect(stray.status != 0 && stray.json?["code"] as? Int == 100, "\(stray)")
            #expect(stray.message.contains("managed.es.io/resource"), "\(stray)")
            #expect(clock.now - started < .seconds(15), "ADD without annotations took \(clock.now - started)")
            #expect(try w.pluggedInterfaces().isEmpty && w.hostVeths().isEmpty, "a failed ADD left something behind")

            // A missing network namespace is named.
            let nowhere = try await w.runtime.call("ADD", containerID: "c-nowhere", netns: "/run/netns/scnt-none", namespace: "dp-l", name: "d")
            #expect(nowhere.status != 0 && nowhere.message.contains("/run/netns/scnt-none"), "\(nowhere)")

            // DEL after the netns is gone, and DEL twice.
            let (a, aIP) = try await w.plug("dp-l", "a")
            #expect(try await expectEventually(timeout: .seconds(10)) { try a.pings(aIP.split(separator: ".").prefix(3).joined(separator: ".") + ".1") })
            a.delete()
            for _ in 0..<2 {
                let deleted = try await w.runtime.call("DEL", containerID: a.containerID, netns: a.path, namespace: "dp-l", name: "a")
                #expect(deleted.status == 0, "\(deleted)")
            }

            // The agent killed between ADD and DEL: CHECK and DEL work on the restarted agent.
            let (b, _) = try await w.plug("dp-l", "b")
            await w.node.killAgent()
            try await w.node.startAgent()
            let checked = try await w.runtime.call("CHECK", containerID: b.containerID, netns: b.path, namespace: "dp-l", name: "b")
            #expect(checked.status == 0, "CHECK after an agent restart: \(checked)")
            try await w.unplug("dp-l", "b", b)

            // CHECK notices a broken attachment.
            let (c, _) = try await w.plug("dp-l", "c")
            _ = try c.exec(["ip", "link", "set", "eth0", "address", "02:00:00:00:00:99"])
            let broken = try await w.runtime.call("CHECK", containerID: c.containerID, netns: c.path, namespace: "dp-l", name: "c")
            #expect(broken.status != 0 && broken.message.contains("MAC"), "\(broken)")

            // GC keeps the attachments the runtime names and collects the others.
            let (d, _) = try await w.plug("dp-l", "d")
            let gc = try await w.runtime.call("GC", containerID: "", netns: "", namespace: "", name: "", config: """
                {"cniVersion":"1.1.0","name":"scnet","type":"scnet-cni","agentSocket":"\(w.node.socket)",
                 "cni.dev/valid-attachments":[{"containerID":"\(d.containerID)","ifname":"eth0"}]}
                """)
            #expect(gc.status == 0, "\(gc)")
            let left = try w.pluggedInterfaces()
            #expect(left.count == 1, "after GC: \(left)")
            try await w.unplug("dp-l", "d", d)
            c.delete()

            let leftPorts = try w.pluggedInterfaces(), leftVeths = try w.hostVeths()
            #expect(leftPorts.isEmpty && leftVeths.isEmpty, "left behind: ports \(leftPorts), veths \(leftVeths)")
        }
    }

    @Test("scnet-cni chains with the standard plugins (tuning, portmap) as a runtime's conflist runs them")
    func chaining() async throws {
        try await DataplaneWorld.with(name: "dpk") { w in
            try await w.h.apply("""
                apiVersion: v1
                kind: Namespace
                metadata: {name: dp-k, labels: {managed.es.io/resource: namespace}}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: web, namespace: dp-k}
                spec: {containers: [{name: c, image: busybox}]}
                """)
            let pod = try w.sandbox()
            defer { pod.delete() }
            let chain = CNIChain(runtime: w.runtime, plugins: [
                #"{"type":"scnet-cni","agentSocket":"\#(w.node.socket)"}"#,
                #"{"type":"tuning","sysctl":{"net.ipv4.conf.eth0.arp_ignore":"1"}}"#,
                #"{"type":"portmap","capabilities":{"portMappings":true},"runtimeConfig":{"portMappings":[{"hostPort":30081,"containerPort":8080,"protocol":"tcp"}]}}"#,
            ])
            let added = try await chain.add(pod: pod, namespace: "dp-k", name: "web")
            let result = try #require(added.last?.json, "chain ADD: \(added)")
            let podIP = try #require(((result["ips"] as? [[String: Any]])?.first?["address"] as? String)?.split(separator: "/").first.map(String.init))
            #expect(try pod.exec(["cat", "/proc/sys/net/ipv4/conf/eth0/arp_ignore"]).output.hasPrefix("1"), "tuning did not run on our result")
            let server = try TrafficTools.serve(in: pod.name, port: 8080, workDir: w.h.directory)
            defer { server.stop() }
            let nodeJoinIP = try #require(try await w.h.kube.get(Node.self, name: w.node.name).metadata.annotations[Annotation.ipAddress])
            #expect(try await expectEventually(timeout: .seconds(20)) {
                try TrafficTools.peer(from: w.node.netns, to: podIP, port: 8080) != nil
            }, "node → pod directly")
            #expect(try await expectEventually(timeout: .seconds(10)) {
                try TrafficTools.peer(from: w.node.netns, to: nodeJoinIP, port: 30081) != nil
            }, "portmap's host port 30081 → pod:8080")
            let deleted = try await chain.delete(pod: pod, namespace: "dp-k", name: "web", prevResult: added.last?.stdout ?? "")
            #expect(deleted.allSatisfy { $0.status == 0 }, "chain DEL: \(deleted)")
            #expect(try w.pluggedInterfaces().isEmpty)
        }
    }
}
