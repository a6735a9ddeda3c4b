import Foundation
import Testing

/// `scnet manifests` (CRDs, RBAC, Deployment for a real cluster) and `deploy/scnet.json`.
@Suite("scnet manifests")
struct ManifestsCommandTests {
    @Test("deploy/scnet.json is exactly what scnet manifests prints")
    func committedFileIsCurrent() throws {
        let out = try CommandRunner.run(["manifests"])
        #expect(out.status == 0, "\(out.stderr)")
        let committed = try String(contentsOf: CommandRunner.repositoryRoot.appendingPathComponent("deploy/scnet.json"), encoding: .utf8)
        #expect(out.stdout == committed, "deploy/scnet.json is stale: run `scnet manifests > deploy/scnet.json`")
    }

    @Test("CRDs for Vpc, Subnet, IP and Fip: cluster-scoped, status subresources, Kube-OVN's columns; RBAC for what the controller writes")
    func contents() throws {
        let out = try CommandRunner.run(["manifests", "--image", "registry.example/scnet:1", "--namespace", "scnet-system"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        let items = try #require(list["items"] as? [[String: Any]])
        let crds = items.filter { $0["kind"] as? String == "CustomResourceDefinition" }
        let names = crds.compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String }
        #expect(names == ["vpcs.kubeovn.io", "subnets.kubeovn.io", "ips.kubeovn.io", "fips.neutron.io"])
        for (name, crd) in zip(names, crds) {
            let spec = try #require(crd["spec"] as? [String: Any])
            #expect(spec["scope"] as? String == "Cluster")
            let version = try #require((spec["versions"] as? [[String: Any]])?.first)
            let hasStatus = (version["subresources"] as? [String: Any])?["status"] != nil
            #expect(hasStatus == (name != "ips.kubeovn.io"), "\(name)")
        }
        let subnetColumns = (((crds[1]["spec"] as? [String: Any])?["versions"] as? [[String: Any]])?.first?["additionalPrinterColumns"] as? [[String: Any]]) ?? []
        #expect(subnetColumns.contains { $0["name"] as? String == "CIDR" && $0["jsonPath"] as? String == ".spec.cidrBlock" })
        let role = try #require(items.first { $0["kind"] as? String == "ClusterRole" })
        let rules = (role["rules"] as? [[String: Any]]) ?? []
        #expect(rules.contains { ($0["resources"] as? [String]) == ["ips"] && (($0["verbs"] as? [String]) ?? []).contains("delete") })
        let deployment = try #require(items.first { $0["kind"] as? String == "Deployment" })
        #expect((deployment["metadata"] as? [String: Any])?["namespace"] as? String == "scnet-system")
        #expect(out.stdout.contains("registry.example/scnet:1"))
    }
}
