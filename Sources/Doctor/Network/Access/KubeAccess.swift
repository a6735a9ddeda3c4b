import Kube
import SCNetAPI

/// The Kubernetes API as the doctor uses it: every call bounded by the deadline; an answer
/// "not found" is `nil`, an unreachable server is ``DoctorError/componentUnreachable(component:address:reason:)``.
struct KubeAccess: Sendable {
    let client: KubeClient
    let deadline: Double
    static let component = "Kubernetes API"

    var address: String { client.config.server }

    /// Opens a client for `kubeconfig` (`nil`: in-cluster service account).
    static func open(kubeconfig: String?, deadline: Double) throws -> KubeAccess {
        let config: KubeConfig
        do {
            config = try kubeconfig.map { path throws(KubeError) in try KubeConfig.load(kubeconfig: path) } ?? KubeConfig.inCluster()
        } catch {
            throw DoctorError.invalidConfiguration(
                field: "Kubernetes API configuration",
                reason: "\(error) (set --kubeconfig, KUBECONFIG or ~/.kube/config)")
        }
        return KubeAccess(client: try KubeClient(config: config), deadline: deadline)
    }

    func shutdown() async { try? await client.shutdown() }

    func get<R: KubeResource>(_ type: R.Type, name: String, namespace: String? = nil) async throws -> R? {
        try await bounded {
            do {
                return try await client.get(type, name: name, namespace: namespace)
            } catch let error as KubeError where error.isNotFound {
                return nil
            }
        }
    }

    func list<R: KubeResource>(_ type: R.Type, namespace: String? = nil) async throws -> [R] {
        try await bounded { try await client.listAll(type, namespace: namespace).items }
    }

    /// Like ``list(_:namespace:)``, but a kind the server does not serve (404) reads as empty.
    func listIfServed<R: KubeResource>(_ type: R.Type, namespace: String? = nil) async throws -> [R] {
        try await bounded {
            do {
                return try await client.listAll(type, namespace: namespace).items
            } catch let error as KubeError where error.isNotFound {
                return []
            }
        }
    }

    private func bounded<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        do {
            return try await withDeadline(deadline, component: Self.component, address: address, body)
        } catch let error as KubeError {
            if case .transport(_, let reason) = error {
                throw DoctorError.componentUnreachable(component: Self.component, address: address, reason: reason)
            }
            throw error
        }
    }
}
