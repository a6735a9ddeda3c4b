import Foundation
import Kube
import Testing

@Suite("kubeconfig and in-cluster config")
struct KubeconfigTests {
    static let caPEM = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n"

    func temporaryDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kube-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("the current context picks cluster, user and namespace; -data fields are base64-decoded")
    func currentContextWithDataFields() throws {
        let b64 = { (s: String) in Data(s.utf8).base64EncodedString() }
        let yaml = """
            apiVersion: v1
            kind: Config
            current-context: prod
            clusters:
            - name: lab
              cluster: {server: "http://127.0.0.1:1"}
            - name: prod
              cluster:
                server: https://10.0.0.1:6443/
                certificate-authority-data: \(b64(Self.caPEM))
            users:
            - name: admin
              user:
                client-certificate-data: \(b64("CERT"))
                client-key-data: \(b64("KEY"))
            - name: bot
              user: {token: abc123}
            contexts:
            - name: lab
              context: {cluster: lab, user: bot}
            - name: prod
              context: {cluster: prod, user: admin, namespace: kube-system}
            """
        let config = try KubeConfig.parse(kubeconfig: yaml)
        #expect(config.server == "https://10.0.0.1:6443")
        #expect(config.namespace == "kube-system")
        #expect(config.certificateAuthorityPEM == Array(Self.caPEM.utf8))
        #expect(config.clientCertificate == ClientCertificate(certificatePEM: Array("CERT".utf8), keyPEM: Array("KEY".utf8)))
        #expect(config.token == nil)
        #expect(config.usesTLS)

        let lab = try KubeConfig.parse(kubeconfig: yaml, context: "lab")
        #expect(lab.server == "http://127.0.0.1:1")
        #expect(lab.namespace == "default")
        #expect(try lab.token?.token() == "abc123")
        #expect(!lab.usesTLS)
    }

    @Test("file fields are read relative to the kubeconfig's directory")
    func relativeFiles() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.caPEM.write(toFile: dir + "/ca.crt", atomically: true, encoding: .utf8)
        try "tok-from-file\n".write(toFile: dir + "/token", atomically: true, encoding: .utf8)
        try """
            current-context: c
            clusters: [{name: k, cluster: {server: "https://127.0.0.1:6443", certificate-authority: ca.crt}}]
            users: [{name: u, user: {tokenFile: token}}]
            contexts: [{name: c, context: {cluster: k, user: u}}]
            """.write(toFile: dir + "/config", atomically: true, encoding: .utf8)
        let config = try KubeConfig.load(kubeconfig: dir + "/config")
        #expect(config.certificateAuthorityPEM == Array(Self.caPEM.utf8))
        #expect(try config.token?.token() == "tok-from-file")
    }

    @Test("mistakes are reported with the kubeconfig, the context and the field")
    func mistakes() {
        let noContext = "clusters: []\ncontexts: []\n"
        #expect(throws: KubeError.self) { try KubeConfig.parse(kubeconfig: noContext, name: "k.yaml") }
        do {
            _ = try KubeConfig.parse(
                kubeconfig: """
                    current-context: c
                    clusters: [{name: k, cluster: {server: "https://x", insecure-skip-tls-verify: true, certificate-authority-data: "QUJD"}}]
                    contexts: [{name: c, context: {cluster: k}}]
                    """, name: "k.yaml")
            Issue.record("CA together with insecure-skip-tls-verify was accepted")
        } catch {
            #expect(error.description.contains("k.yaml"))
            #expect(error.description.contains("insecure-skip-tls-verify"))
        }
        do {
            _ = try KubeConfig.parse(
                kubeconfig: """
                    current-context: c
                    clusters: [{name: k, cluster: {server: "https://x"}}]
                    users: [{name: u, user: {client-certificate-data: "QUJD"}}]
                    contexts: [{name: c, context: {cluster: k, user: u}}]
                    """, name: "k.yaml")
            Issue.record("a client certificate without a key was accepted")
        } catch {
            #expect(error.description.contains("client-key"))
        }
        do {
            _ = try KubeConfig.parse(
                kubeconfig: """
                    current-context: c
                    clusters: [{name: k, cluster: {server: "https://x"}}]
                    users: [{name: gke, user: {exec: {command: gke-gcloud-auth-plugin, apiVersion: client.authentication.k8s.io/v1beta1}}}]
                    contexts: [{name: c, context: {cluster: k, user: gke}}]
                    """, name: "k.yaml")
            Issue.record("an exec-plugin user was accepted without credentials")
        } catch {
            #expect(error.description.contains("exec plugin"))
            #expect(error.description.contains("\"gke\""))
        }
        do {
            _ = try KubeConfig.parse(kubeconfig: "current-context: gone\ncontexts: []\n", name: "k.yaml")
            Issue.record("a missing context was accepted")
        } catch {
            #expect(error.description.contains("\"gone\""))
        }
    }

    @Test("from the environment: KUBECONFIG first, then ~/.kube/config, else in-cluster")
    func fromEnvironment() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = { (server: String) in
            "current-context: c\nclusters: [{name: k, cluster: {server: \"\(server)\"}}]\ncontexts: [{name: c, context: {cluster: k}}]\n"
        }
        try file("http://127.0.0.1:1").write(toFile: dir + "/explicit", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: dir + "/home/.kube", withIntermediateDirectories: true)
        try file("http://127.0.0.1:2").write(toFile: dir + "/home/.kube/config", atomically: true, encoding: .utf8)
        #expect(try KubeConfig.fromEnvironment(["KUBECONFIG": dir + "/explicit:/nowhere", "HOME": dir + "/home"]).server == "http://127.0.0.1:1")
        #expect(try KubeConfig.fromEnvironment(["HOME": dir + "/home"]).server == "http://127.0.0.1:2")
        #expect(throws: KubeError.self) { try KubeConfig.fromEnvironment(["HOME": dir + "/nothing-here"]) }
    }

    @Test("in-cluster config reads the service account and re-reads a rotated token")
    func inClusterConfig() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "first-token".write(toFile: dir + "/token", atomically: true, encoding: .utf8)
        try Self.caPEM.write(toFile: dir + "/ca.crt", atomically: true, encoding: .utf8)
        try "scnet-system\n".write(toFile: dir + "/namespace", atomically: true, encoding: .utf8)
        let env = ["KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "443"]
        let config = try KubeConfig.inCluster(environment: env, serviceAccountDirectory: dir)
        #expect(config.server == "https://[fd00::1]:443")
        #expect(config.namespace == "scnet-system")
        #expect(config.certificateAuthorityPEM == Array(Self.caPEM.utf8))
        #expect(try config.token?.token() == "first-token")

        let rotating = TokenSource(file: dir + "/token", refreshInterval: .zero)
        #expect(try rotating.token() == "first-token")
        try "second-token".write(toFile: dir + "/token", atomically: true, encoding: .utf8)
        #expect(try rotating.token() == "second-token")

        #expect(throws: KubeError.self) { try KubeConfig.inCluster(environment: [:], serviceAccountDirectory: dir) }
    }
}
