import Foundation
import Yams

extension KubeConfig {
    /// Reads a kubeconfig file and resolves `context` (default: its `current-context`).
    /// Relative file paths inside it are taken relative to the file's directory, as kubectl does.
    public static func load(kubeconfig path: String, context: String? = nil) throws(KubeError) -> KubeConfig {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .configuration("kubeconfig \(path): cannot be read (\(error.localizedDescription))")
        }
        let directory = (path as NSString).deletingLastPathComponent
        return try parse(kubeconfig: text, name: path, baseDirectory: directory.isEmpty ? "." : directory, context: context)
    }

    /// Parses kubeconfig YAML. `name` names the source in messages; `baseDirectory` anchors relative paths.
    public static func parse(
        kubeconfig text: String, name: String = "kubeconfig", baseDirectory: String = ".", context: String? = nil
    ) throws(KubeError) -> KubeConfig {
        let file: KubeconfigFile
        do {
            file = try YAMLDecoder().decode(KubeconfigFile.self, from: text)
        } catch {
            throw .configuration("kubeconfig \(name): not a valid kubeconfig (\(error))")
        }
        guard let contextName = context ?? file.currentContext, !contextName.isEmpty else {
            throw .configuration("kubeconfig \(name): current-context is not set and no context was given")
        }
        guard let ctx = file.contexts?.first(where: { $0.name == contextName })?.value else {
            throw .configuration("kubeconfig \(name): context \"\(contextName)\" is not defined in contexts")
        }
        let origin = "kubeconfig \(name) context \"\(contextName)\""
        guard let clusterName = ctx.cluster,
            let cluster = file.clusters?.first(where: { $0.name == clusterName })?.value
        else {
            throw .configuration("\(origin): cluster \"\(ctx.cluster ?? "")\" is not defined in clusters")
        }
        guard let server = cluster.server, !server.isEmpty else {
            throw .configuration("\(origin): cluster \"\(clusterName)\" has no server")
        }

        let resolve = { (p: String) -> String in p.hasPrefix("/") ? p : baseDirectory + "/" + p }
        func bytes(data: String?, file: String?, field: String) throws(KubeError) -> [UInt8]? {
            if let data {
                guard let decoded = Data(base64Encoded: data, options: .ignoreUnknownCharacters) else {
                    throw .configuration("\(origin): \(field)-data is not valid base64")
                }
                return [UInt8](decoded)
            }
            guard let file else { return nil }
            guard let contents = FileManager.default.contents(atPath: resolve(file)) else {
                throw .configuration("\(origin): \(field) file \(resolve(file)) cannot be read")
            }
            return [UInt8](contents)
        }

        var user = KubeconfigFile.User()
        if let userName = ctx.user {
            guard let found = file.users?.first(where: { $0.name == userName }) else {
                throw .configuration("\(origin): user \"\(userName)\" is not defined in users")
            }
            user = found.value ?? KubeconfigFile.User()
        }

        var token: TokenSource?
        if let t = user.token, !t.isEmpty {
            token = TokenSource(token: t)
        } else if let f = user.tokenFile {
            token = TokenSource(file: resolve(f))
        }

        if token == nil, user.clientCertificate == nil, user.clientCertificateData == nil,
            user.exec != nil || user.authProvider != nil
        {
            let plugin = user.exec != nil ? "exec" : "auth-provider"
            throw .configuration(
                "\(origin): user \"\(ctx.user ?? "")\" authenticates with an \(plugin) plugin, which scnet does not run; give it a token, tokenFile or client certificate")
        }

        let certificate = try bytes(data: user.clientCertificateData, file: user.clientCertificate, field: "client-certificate")
        let key = try bytes(data: user.clientKeyData, file: user.clientKey, field: "client-key")
        var clientCertificate: ClientCertificate?
        switch (certificate, key) {
        case (let c?, let k?): clientCertificate = ClientCertificate(certificatePEM: c, keyPEM: k)
        case (nil, nil): break
        case (_?, nil): throw .configuration("\(origin): user has a client-certificate but no client-key")
        case (nil, _?): throw .configuration("\(origin): user has a client-key but no client-certificate")
        }

        let ca = try bytes(data: cluster.certificateAuthorityData, file: cluster.certificateAuthority, field: "certificate-authority")
        let insecure = cluster.insecureSkipTLSVerify ?? false
        if insecure, ca != nil {
            throw .configuration("\(origin): cluster \"\(clusterName)\" sets both a certificate-authority and insecure-skip-tls-verify")
        }
        return KubeConfig(
            server: server, namespace: ctx.namespace ?? "default", token: token, clientCertificate: clientCertificate,
            certificateAuthorityPEM: ca, insecureSkipTLSVerify: insecure, origin: origin)
    }
}
