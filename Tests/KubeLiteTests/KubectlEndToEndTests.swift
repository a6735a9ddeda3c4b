import Foundation
import TestSupport
import Testing
@testable import KubeLite

private let kubectlPresent = Kubectl.path != nil

/// The real kubectl against an in-process KubeLite: one server (own port, own data dir) per test.
@Suite("kubectl against KubeLite", .serialized, .timeLimit(.minutes(1)), .enabled(if: kubectlPresent, "kubectl is not installed"))
struct KubectlEndToEndTests {
    static let seed = TestServer.repoRoot.appendingPathComponent("examples/seed").path
    static let demo = TestServer.repoRoot.appendingPathComponent("examples/demo").path

    @Test("the seed's and the demo's manifests apply; subnets and fips print their columns; a second apply is unchanged")
    func applyExamples() async throws {
        try await TestServer.with { _, kubectl in
            let seed = try await kubectl("apply", "-f", Self.seed)
            #expect(seed.status == 0, "\(seed)")
            #expect(seed.stdout.contains("subnet.kubeovn.io/net192 created"))
            #expect(seed.stderr.contains(#"Warning: spec.vpc: VPC "test-vpc-2" not found (did you mean "test-vpc2"?)"#), "\(seed)")
            let demo = try await kubectl("apply", "-f", Self.demo)
            #expect(demo.status == 0, "\(demo)")
            #expect(demo.stdout.contains("virtualmachine.kubevirt.io/vm-1 created"))
            let again = try await kubectl("apply", "-f", Self.demo)
            // demo-web lists excludeIps, to which the Kube-OVN default adds the gateway, so kubectl re-sends that list.
            #expect(again.status == 0 && again.stdout.contains("subnet.kubeovn.io/demo-db unchanged") && again.stdout.contains("pod/web-1 unchanged"), "\(again)")

            let subnets = try await kubectl("get", "subnets")
            let header = subnets.stdout.split(separator: "\n").first.map(String.init) ?? ""
            for column in ["NAME", "VPC", "PROTOCOL", "CIDR", "PRIVATE", "NAT", "DEFAULT", "V4USED", "V4AVAILABLE", "AGE"] {
                #expect(header.contains(column), "\(subnets)")
            }
            #expect(subnets.stdout.contains("demo-web") && subnets.stdout.contains("10.100.1.0/24"))
            let fips = try await kubectl("get", "fips")
            #expect(fips.stdout.split(separator: "\n").first?.contains("ADDRESS") == true, "\(fips)")
            #expect(fips.stdout.contains("172.35.0.30") && fips.stdout.contains("PHASE") && fips.stdout.contains("USEDBY"))
            let wide = try await kubectl("get", "pods", "-n", "demo", "-o", "wide")
            #expect(wide.status == 0 && wide.stdout.contains("NODE") && wide.stdout.contains("web-1"), "\(wide)")
            let all = try await kubectl("get", "pods", "-A")
            #expect(all.stdout.contains("demo") && all.stdout.contains("snat-busybox"), "\(all)")
        }
    }

    @Test("a server-side dry run that names a missing default subnet warns, as the real apply does")
    func dryRunWarns() async throws {
        let dir = try TestServer.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        func manifest(_ file: String, _ extra: String) throws -> String {
            let url = dir.appendingPathComponent(file)
            try """
                apiVersion: kubeovn.io/v1
                kind: Vpc
                metadata: {name: dry}
                spec: {neutronRouter: c761887f-40bd-4df0-9b43-7c6bb009aab7, externalNetworkID: c9a831a0-6298-44c6-a664-2f362e60e419\(extra)}

                """.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
        let plain = try manifest("plain.yaml", ""), missing = try manifest("missing.yaml", ", defaultSubnet: nosuch")
        try await TestServer.with { _, kubectl in
            let first = try await kubectl("apply", "-f", plain)
            #expect(first.status == 0 && !first.stderr.contains("Warning"), "\(first)")
            // The dry run's answer carries the stored resourceVersion: its warning must come from
            // the new content, not from the stored object.
            let dry = try await kubectl("apply", "--dry-run=server", "-f", missing)
            #expect(dry.status == 0 && dry.stderr.contains(#"Warning: spec.defaultSubnet: Subnet "nosuch" not found"#), "\(dry)")
            let real = try await kubectl("apply", "-f", missing)
            #expect(real.status == 0 && real.stderr.contains(#"Warning: spec.defaultSubnet: Subnet "nosuch" not found"#), "\(real)")
        }
    }

    @Test("kubectl api-resources lists subnets and fips with their short names")
    func apiResources() async throws {
        try await TestServer.with { _, kubectl in
            let r = try await kubectl("api-resources")
            #expect(r.status == 0, "\(r)")
            let lines = r.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
            #expect(lines.contains { $0.starts(with: ["subnets", "subnet", "kubeovn.io/v1", "false", "Subnet"]) }, "\(r)")
            #expect(lines.contains { $0.starts(with: ["fips", "fip", "neutron.io/v1", "false", "Fip"]) }, "\(r)")
            #expect(lines.contains { $0.starts(with: ["virtualmachines", "vm,vms", "kubevirt.io/v1", "true"]) }, "\(r)")
            let explain = try await kubectl("explain", "subnet.spec.cidrBlock")
            #expect(explain.status == 0 && explain.stdout.contains("FIELD: cidrBlock <string>") && explain.stdout.contains("The address block: a CIDR"), "\(explain)")
        }
    }

    @Test("create namespace (protobuf), label it, and read it back as YAML")
    func namespaceLabel() async throws {
        try await TestServer.with { _, kubectl in
            let created = try await kubectl("create", "namespace", "team-a")
            #expect(created.status == 0 && created.stdout.contains("namespace/team-a created"), "\(created)")
            let labelled = try await kubectl("label", "namespace", "team-a", "owner=me")
            #expect(labelled.status == 0, "\(labelled)")
            let yaml = try await kubectl("get", "namespace", "team-a", "-o", "yaml")
            #expect(yaml.stdout.contains("owner: me") && yaml.stdout.contains("uid:"), "\(yaml)")
            let list = try await kubectl("get", "ns", "-l", "owner=me", "-o", "name")
            #expect(list.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "namespace/team-a", "\(list)")
        }
    }

    @Test("a refused manifest shows the field and the reason, and nothing is stored")
    func refused() async throws {
        try await TestServer.with { _, kubectl in
            let bad = """
                apiVersion: kubeovn.io/v1
                kind: Subnet
                metadata: {name: bad}
                spec: {cidrBlock: 10.1.0.0/33}
                """
            let r = try await kubectl("apply", "-f", "-", stdin: bad)
            #expect(r.status != 0)
            #expect(r.stderr.contains("Subnet") && r.stderr.contains("\"bad\" is invalid") && r.stderr.contains("spec.cidrBlock"), "\(r)")
            let get = try await kubectl("get", "subnet", "bad")
            #expect(get.status != 0 && get.stderr.contains("NotFound"), "\(get)")
        }
    }

    @Test("kubectl get -w prints objects created after it started")
    func watch() async throws {
        try await TestServer.with { server, kubectl in
            let watcher = try kubectl.start(["get", "subnets", "-w", "--output-watch-events"])
            defer { watcher.stop() }
            let manifest = "{\"apiVersion\":\"kubeovn.io/v1\",\"kind\":\"Subnet\",\"metadata\":{\"name\":\"watched\"},\"spec\":{\"cidrBlock\":\"10.50.0.0/24\"}}"
            // The watcher may not be connected yet: create only once its watch is open.
            try #require(await eventually(timeout: .seconds(15)) { await server.store.watcherCount == 1 }, "\(watcher.stderr)")
            let created = try await kubectl("create", "-f", "-", stdin: manifest)
            #expect(created.status == 0, "\(created)")
            let seen = try await watcher.waitForOutput { $0.contains("ADDED") && $0.contains("watched") }
            #expect(seen, "stdout: \(watcher.stdout)\nstderr: \(watcher.stderr)")
            _ = try await kubectl("delete", "subnet", "watched")
            let deleted = try await watcher.waitForOutput { $0.contains("DELETED") }
            #expect(deleted, "stdout: \(watcher.stdout)\nstderr: \(watcher.stderr)")
        }
    }

    @Test("kubectl edit and patch (merge, json, strategic) change objects; strategic on a CR is refused with 415")
    func editAndPatch() async throws {
        try await TestServer.with { server, kubectl in
            #expect(try await kubectl("apply", "-f", Self.demo).status == 0)
            let editor = server.configuration.dataDirectory.appendingPathComponent("editor.sh")
            try "#!/bin/sh\nsed -i 's/natOutgoing: true/natOutgoing: false/' \"$1\"\n".write(to: editor, atomically: true, encoding: .utf8)
            chmod(editor.path, 0o755)
            let edit = try await kubectl("edit", "subnet", "demo-web", env: ["KUBE_EDITOR": editor.path, "EDITOR": editor.path])
            #expect(edit.status == 0 && edit.stdout.contains("edited"), "\(edit)")
            let nat = try await kubectl("get", "subnet", "demo-web", "-o", "jsonpath={.spec.natOutgoing}")
            #expect(nat.stdout == "false", "\(nat)")

            let merge = try await kubectl("patch", "subnet", "demo-web", "--type", "merge", "-p", #"{"metadata":{"labels":{"tier":"web"}}}"#)
            #expect(merge.status == 0, "\(merge)")
            let json = try await kubectl("patch", "fip", "fip-172-35-0-30", "--type", "json", "-p", #"[{"op":"add","path":"/metadata/labels","value":{"pool":"a"}}]"#)
            #expect(json.status == 0, "\(json)")
            let strategic = try await kubectl("patch", "pod", "web-1", "-n", "demo", "-p", #"{"spec":{"containers":[{"name":"web","image":"busybox:1.36"}]}}"#)
            #expect(strategic.status == 0, "\(strategic)")
            let image = try await kubectl("get", "pod", "web-1", "-n", "demo", "-o", "jsonpath={.spec.containers[0].image} {.spec.containers[0].command[0]}")
            #expect(image.stdout == "busybox:1.36 sleep", "strategic merge keeps the container's other fields: \(image)")
            let labels = try await kubectl("get", "subnets,fips", "-l", "tier=web", "-o", "name")
            #expect(labels.stdout.contains("subnet.kubeovn.io/demo-web"), "\(labels)")
            let refused = try await kubectl("patch", "subnet", "demo-web", "-p", #"{"spec":{"natOutgoing":true}}"#)
            #expect(refused.status != 0 && refused.stderr.contains("application/strategic-merge-patch+json is not supported"), "\(refused)")
        }
    }

    @Test("delete removes an object at once, or marks it while finalizers remain")
    func deleteWithFinalizers() async throws {
        try await TestServer.with { _, kubectl in
            let manifest = """
                apiVersion: kubeovn.io/v1
                kind: Subnet
                metadata: {name: held, finalizers: [scnet.io/test]}
                spec: {cidrBlock: 10.60.0.0/24}
                ---
                apiVersion: kubeovn.io/v1
                kind: Subnet
                metadata: {name: free}
                spec: {cidrBlock: 10.61.0.0/24}
                """
            #expect(try await kubectl("apply", "-f", "-", stdin: manifest).status == 0)
            let free = try await kubectl("delete", "subnet", "free")
            #expect(free.status == 0 && free.stdout.contains("deleted"), "\(free)")
            #expect(try await kubectl("get", "subnet", "free").stderr.contains("NotFound"))

            let held = try await kubectl("delete", "subnet", "held", "--wait=false")
            #expect(held.status == 0, "\(held)")
            let marked = try await kubectl("get", "subnet", "held", "-o", "jsonpath={.metadata.deletionTimestamp}")
            #expect(marked.status == 0 && !marked.stdout.isEmpty, "\(marked)")
            let release = try await kubectl("patch", "subnet", "held", "--type", "json", "-p", #"[{"op":"remove","path":"/metadata/finalizers"}]"#)
            #expect(release.status == 0, "\(release)")
            #expect(try await kubectl("get", "subnet", "held").stderr.contains("NotFound"))
        }
    }

    @Test("a replace carrying a stale resourceVersion is refused with Conflict")
    func conflict() async throws {
        try await TestServer.with { server, kubectl in
            #expect(try await kubectl("apply", "-f", Self.seed).status == 0)
            let yaml = try await kubectl("get", "fip", "fip-172-35-0-18", "-o", "yaml")
            #expect(try await kubectl("label", "fip", "fip-172-35-0-18", "x=y").status == 0)
            let stale = server.configuration.dataDirectory.appendingPathComponent("stale.yaml")
            try yaml.stdout.write(to: stale, atomically: true, encoding: .utf8)
            let replace = try await kubectl("replace", "-f", stale.path)
            #expect(replace.status != 0 && replace.stderr.contains("Conflict"), "\(replace)")
        }
    }

    @Test("data survives a server restart and resourceVersions keep increasing")
    func restart() async throws {
        let dir = try TestServer.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let firstRV = try await TestServer.with(dataDirectory: dir) { _, kubectl in
            #expect(try await kubectl("apply", "-f", Self.seed).status == 0)
            return try await kubectl("get", "subnet", "net192", "-o", "jsonpath={.metadata.resourceVersion}").stdout
        }
        try await TestServer.with(dataDirectory: dir) { _, kubectl in
            let got = try await kubectl("get", "subnet", "net192", "-o", "jsonpath={.metadata.resourceVersion}")
            #expect(got.stdout == firstRV, "\(got)")
            #expect(try await kubectl("get", "ns", "easystack").status == 0)
            #expect(try await kubectl("label", "subnet", "net192", "after=restart").status == 0)
            let next = try await kubectl("get", "subnet", "net192", "-o", "jsonpath={.metadata.resourceVersion}")
            #expect((Int(next.stdout) ?? 0) > (Int(firstRV) ?? .max), "\(next) after \(firstRV)")
        }
    }

    @Test("kubectl wait sees a Ready condition written through the status subresource")
    func waitForStatus() async throws {
        try await TestServer.with { _, kubectl in
            #expect(try await kubectl("apply", "-f", Self.seed).status == 0)
            let waiter = try kubectl.start(["wait", "--for=condition=Ready", "subnet/net192", "--timeout=20s"])
            defer { waiter.stop() }
            let spec = try await kubectl("patch", "subnet", "net192", "--subresource=status", "--type", "merge",
                                         "-p", #"{"spec":{"cidrBlock":"10.99.0.0/24"},"status":{"conditions":[{"type":"Ready","status":"True"}]}}"#)
            #expect(spec.status == 0, "\(spec)")
            let met = try await waiter.waitForOutput { $0.contains("subnet.kubeovn.io/net192 condition met") }
            #expect(met, "stdout: \(waiter.stdout)\nstderr: \(waiter.stderr)")
            let cidr = try await kubectl("get", "subnet", "net192", "-o", "jsonpath={.spec.cidrBlock}")
            #expect(cidr.stdout == "192.168.100.0/24", "a status write leaves spec alone: \(cidr)")
        }
    }

    @Test("a watch whose client went away is dropped by the server")
    func watchClientGone() async throws {
        try await TestServer.with { server, kubectl in
            let watcher = try kubectl.start(["get", "pods", "-A", "-w"])
            try #require(await eventually(timeout: .seconds(15)) { await server.store.watcherCount == 1 }, "\(watcher.stderr)")
            watcher.stop()
            #expect(await eventually(timeout: .seconds(15)) { await server.store.watcherCount == 0 })
        }
    }

    @Test("kubectl run stores a pod, delete removes it at once, and a missing namespace is NotFound")
    func podsWithoutKubelet() async throws {
        try await TestServer.with { _, kubectl in
            let run = try await kubectl("run", "p1", "--image=busybox")
            #expect(run.status == 0 && run.stdout.contains("pod/p1 created"), "\(run)")
            let status = try await kubectl("get", "pod", "p1", "-o", "jsonpath={.status.phase} {.metadata.labels.run}")
            #expect(status.stdout == "Pending p1", "\(status)")
            let deleted = try await kubectl("delete", "pod", "p1")
            #expect(deleted.status == 0 && deleted.stdout.contains("pod \"p1\" deleted"), "\(deleted)")
            #expect(try await kubectl("get", "pods", "-o", "name").stdout.isEmpty)
            #expect(try await kubectl("create", "namespace", "scratch").status == 0)
            #expect(try await kubectl("run", "p3", "--image=busybox", "-n", "scratch").status == 0)
            let dropped = try await kubectl("delete", "namespace", "scratch")
            #expect(dropped.status == 0, "\(dropped)")
            #expect(try await kubectl("get", "pods", "-A", "-o", "name").stdout.isEmpty, "deleting a namespace deletes what is in it")
            let nowhere = try await kubectl("run", "p2", "--image=busybox", "-n", "nowhere")
            #expect(nowhere.status != 0 && nowhere.stderr.contains("namespaces \"nowhere\" not found"), "\(nowhere)")
        }
    }

    @Test("watching one object prints its changes (kubectl drops the synthetic ADDED it expects first)")
    func watchOneObject() async throws {
        try await TestServer.with { server, kubectl in
            #expect(try await kubectl("apply", "-f", Self.seed).status == 0)
            let watcher = try kubectl.start(["get", "subnet", "net192", "-w", "--output-watch-events", "-L", "stage"])
            defer { watcher.stop() }
            try #require(await eventually(timeout: .seconds(15)) { await server.store.watcherCount == 1 }, "\(watcher.stderr)")
            #expect(try await kubectl("label", "subnet", "net192", "stage=one").status == 0)
            let seen = try await watcher.waitForOutput { $0.contains("MODIFIED") && $0.contains("one") }
            #expect(seen, "stdout: \(watcher.stdout)\nstderr: \(watcher.stderr)")
        }
    }

    @Test("lists page with --chunk-size and every object arrives exactly once")
    func chunkedList() async throws {
        try await TestServer.with { _, kubectl in
            #expect(try await kubectl("apply", "-f", Self.seed).status == 0)
            #expect(try await kubectl("apply", "-f", Self.demo).status == 0)
            let paged = try await kubectl("get", "pods", "-A", "--chunk-size=2", "-o", "name")
            let whole = try await kubectl("get", "pods", "-A", "-o", "name")
            let names = paged.stdout.split(separator: "\n")
            #expect(names.count == 5 && Set(names).count == 5, "\(paged)")
            #expect(paged.stdout == whole.stdout)
            let byNode = try await kubectl("get", "pods", "-A", "--field-selector", "metadata.namespace=demo", "-o", "name")
            #expect(byNode.stdout.split(separator: "\n").count == 3, "\(byNode)")
        }
    }

    @Test("server-side apply creates, dry runs persist nothing, and kubectl diff shows a pending change")
    func serverSideApplyAndDryRun() async throws {
        try await TestServer.with { _, kubectl in
            let ssa = try await kubectl("apply", "--server-side", "-f", Self.seed)
            #expect(ssa.status == 0 && ssa.stdout.contains("subnet.kubeovn.io/net192 serverside-applied"), "\(ssa)")
            let subnet = """
                apiVersion: kubeovn.io/v1
                kind: Subnet
                metadata: {name: trial}
                spec: {cidrBlock: 10.70.0.0/24}
                """
            let dry = try await kubectl("create", "--dry-run=server", "-f", "-", stdin: subnet)
            #expect(dry.status == 0 && dry.stdout.contains("server dry run"), "\(dry)")
            #expect(try await kubectl("get", "subnet", "trial").stderr.contains("NotFound"))
            let changed = """
                apiVersion: kubeovn.io/v1
                kind: Subnet
                metadata: {name: net192}
                spec: {vpc: test-vpc-2, cidrBlock: 192.168.100.0/24, natOutgoing: false}
                """
            let diff = try await kubectl("diff", "-f", "-", stdin: changed)
            #expect(diff.status == 1 && diff.stdout.contains("-  natOutgoing: true") && diff.stdout.contains("+  natOutgoing: false"), "\(diff)")
            let still = try await kubectl("get", "subnet", "net192", "-o", "jsonpath={.spec.natOutgoing}")
            #expect(still.stdout == "true", "diff must not change the object: \(still)")
        }
    }
}
