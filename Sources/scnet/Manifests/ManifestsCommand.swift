import ArgumentParser
import Foundation
import Kube
import KubeLite
import SCNetAPI

/// `scnet manifests`: what a real cluster needs to run the controller (SPEC X5) — the CRDs of
/// scnet's kinds, RBAC for the controller's service account, and its Deployment — as one
/// `kubectl apply -f -` list. `deploy/scnet.json` is this output.
struct ManifestsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "manifests",
        abstract: "Print the CRDs, RBAC and Deployment for running scnet on a real cluster.",
        discussion: "scnet manifests | kubectl apply -f -   (OVN and Neutron settings: Secret scnet-config in kube-system)")

    @Option(help: "Container image of scnet.")
    var image = "scnet:latest"

    @Option(help: "Namespace of the controller.")
    var namespace = "kube-system"

    func run() throws {
        let list: JSONValue = ["apiVersion": "v1", "kind": "List", "items": .array(Self.objects(image: image, namespace: namespace))]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(list), as: UTF8.self))
    }

    static func objects(image: String, namespace: String) -> [JSONValue] {
        CustomResourceDefinitions.all + rbac(namespace: namespace) + [deployment(image: image, namespace: namespace)]
    }

    /// Read what the controller watches; write IP/Fip records, statuses, pod annotations, Events.
    static func rbac(namespace: String) -> [JSONValue] {
        func rule(_ group: String, _ resources: [String], _ verbs: [String]) -> JSONValue {
            ["apiGroups": [.string(group)], "resources": .array(resources.map(JSONValue.string)), "verbs": .array(verbs.map(JSONValue.string))]
        }
        let watch = ["get", "list", "watch"]
        return [
            ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "scnet", "namespace": .string(namespace)]],
            [
                "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": ["name": "scnet"],
                "rules": [
                    rule("", ["namespaces"], watch),
                    // Nodes: the join network's annotations (ip_address, mac_address, port_name…).
                    rule("", ["nodes"], watch + ["patch"]),
                    rule("", ["pods"], watch + ["patch"]),
                    rule("", ["events"], ["get", "create", "patch"]),
                    rule("kubeovn.io", ["vpcs", "subnets"], watch + ["create", "patch", "update"]),
                    rule("kubeovn.io", ["vpcs/status", "subnets/status"], ["get", "patch", "update"]),
                    rule("kubeovn.io", ["ips"], watch + ["create", "update", "patch", "delete"]),
                    rule("neutron.io", ["fips", "fips/status"], watch + ["create", "update", "patch", "delete"]),
                    rule("kubevirt.io", ["virtualmachines"], watch),
                ],
            ],
            [
                "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": ["name": "scnet"],
                "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "scnet"],
                "subjects": [["kind": "ServiceAccount", "name": "scnet", "namespace": .string(namespace)]],
            ],
        ]
    }

    /// One replica (no leader election yet); OVN addresses and OpenStack credentials come from
    /// the Secret `scnet-config` (`SCNET_OVN_NB`, `SCNET_OVN_SB`, `OS_AUTH_URL`, …).
    static func deployment(image: String, namespace: String) -> JSONValue {
        [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": "scnet-controller", "namespace": .string(namespace), "labels": ["app": "scnet-controller"]],
            "spec": [
                "replicas": 1,
                "strategy": ["type": "Recreate"],
                "selector": ["matchLabels": ["app": "scnet-controller"]],
                "template": [
                    "metadata": ["labels": ["app": "scnet-controller"]],
                    "spec": [
                        "serviceAccountName": "scnet",
                        "hostNetwork": true,
                        "containers": [[
                            "name": "controller", "image": .string(image),
                            "args": ["controller", "--metrics", "0.0.0.0:9464"],
                            "envFrom": [["secretRef": ["name": "scnet-config"]]],
                            "ports": [["name": "metrics", "containerPort": 9464]],
                            "readinessProbe": ["httpGet": ["path": "/healthz", "port": 9464]],
                        ]],
                    ],
                ],
            ],
        ]
    }
}
