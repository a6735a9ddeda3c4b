import Kube
import OVN
import Logging
import SCNetAPI

/// Makes the node known: creates the `Node` object when asked to (single-machine mode, where no
/// kubelet registers it) and records the node's chassis in `ovn.kubernetes.io/chassis`.
struct NodeRegistration: Sendable {
    let configuration: AgentConfiguration
    let kube: KubeClient
    let localSwitch: LocalSwitch
    let logger: Logger

    func run() async throws {
        let chassis = configuration.chassis?.systemID
            ?? localSwitch.read { $0.all(OpenVSwitchRoot.self).first?.externalIDs["system-id"] }
        var attempt = 0
        while true {
            attempt += 1
            do {
                try await register(chassis: chassis)
                return
            } catch {
                if attempt == 1 || attempt % 10 == 0 {
                    logger.warning("node not registered yet", metadata: ["node": "\(configuration.nodeName)", "error": "\(error)"])
                }
                try await Task.sleep(for: .seconds(1))
            }
        }
    }

    private func register(chassis: String?) async throws {
        var node: Node
        do {
            node = try await kube.get(Node.self, name: configuration.nodeName)
        } catch let error as KubeError where error.isNotFound && configuration.registerNode {
            node = try await kube.create(Node(metadata: ObjectMeta(name: configuration.nodeName, labels: [
                "kubernetes.io/hostname": configuration.nodeName, "kubernetes.io/os": "linux",
            ])))
            logger.info("node registered", metadata: ["node": "\(configuration.nodeName)"])
        }
        if let chassis, node.metadata.annotations[Annotation.chassis] != chassis {
            _ = try await kube.patch(Node.self, name: configuration.nodeName,
                                     .merge(["metadata": ["annotations": [Annotation.chassis: .string(chassis)]]]))
        }
    }
}
