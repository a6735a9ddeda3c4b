import Foundation

extension KubeConfig {
    /// The standard service-account mount inside a pod.
    public static let serviceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// The config of a process running in a pod: `KUBERNETES_SERVICE_HOST`/`_PORT`, and the
    /// service account's `token` (re-read as kubelet rotates it), `ca.crt` and `namespace`.
    public static func inCluster(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        serviceAccountDirectory directory: String = serviceAccountDirectory
    ) throws(KubeError) -> KubeConfig {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
            let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty
        else {
            throw .configuration(
                "in-cluster config: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set (not running in a pod?)")
        }
        let tokenPath = directory + "/token"
        guard FileManager.default.fileExists(atPath: tokenPath) else {
            throw .configuration("in-cluster config: service account token \(tokenPath) does not exist")
        }
        let token = TokenSource(file: tokenPath)
        _ = try token.token()
        let ca = FileManager.default.contents(atPath: directory + "/ca.crt").map { [UInt8]($0) }
        let namespace =
            (try? String(contentsOfFile: directory + "/namespace", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return KubeConfig(
            server: "https://\(hostPart):\(port)", namespace: namespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default",
            token: token, certificateAuthorityPEM: ca, origin: "in-cluster service account \(directory)")
    }
}
