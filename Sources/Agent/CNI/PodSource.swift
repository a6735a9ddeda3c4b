import Kube
import SCNetAPI

/// Where ADD learns a pod's network: the controller's annotations on the pod.
public protocol PodSource: Sendable {
    /// Waits (bounded by `timeout`) until the pod carries its network annotations.
    func waitForNetwork(namespace: String, name: String, timeout: Duration) async throws -> PodNetwork
}

/// Reads the pod from the Kubernetes API, polling until the controller annotated it.
public struct APIPodSource: PodSource {
    let kube: KubeClient

    public init(kube: KubeClient) { self.kube = kube }

    public func waitForNetwork(namespace: String, name: String, timeout: Duration) async throws -> PodNetwork {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var interval = Duration.milliseconds(10)
        var lastProblem = "no ovn.kubernetes.io/allocated annotation yet"
        while true {
            do {
                let pod = try await kube.get(Pod.self, name: name, namespace: namespace)
                // A KubeVirt launcher pod is plugged into its VM's port (the address survives the pod).
                let vm = Label.launchedVM(pod.metadata.labels)
                let port = "\(vm ?? name).\(namespace)"
                if let network = try PodNetwork(annotations: pod.metadata.annotations, portName: port) { return network }
            } catch let error as KubeError where error.isNotFound {
                lastProblem = "the API has no pod \(namespace)/\(name)"
            } catch let error as AgentError {
                throw error
            } catch {
                lastProblem = "the API did not answer: \(error)"
            }
            if clock.now + interval > deadline {
                throw AgentError.podNotAnnotated(
                    "pod \(namespace)/\(name) has no network after \(timeout): \(lastProblem) "
                        + "(is the scnet controller running, and is namespace \(namespace) labelled managed.es.io/resource=namespace?)")
            }
            try await Task.sleep(for: interval)
            interval = min(interval * 2, .milliseconds(200))
        }
    }
}
