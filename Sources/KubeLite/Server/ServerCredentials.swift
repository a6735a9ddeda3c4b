import Crypto
import Foundation
import NetAddress
import NIOSSL
import SwiftASN1
import X509

/// What the embedded API needs to be reached safely: a private certificate authority, a server
/// certificate it signed, and a bearer token — made at first start in the data directory and
/// kept (`ca.crt`, `ca.key`, `token`), so kubeconfigs stay valid across restarts. The server
/// certificate (`server.crt`, `server.key`) is issued anew at each start for the address the
/// server listens on (plus `localhost`, `127.0.0.1` and `::1`). Keys and the token are 0600,
/// the directory 0700. Nothing here is ever logged.
struct ServerCredentials: Sendable {
    let caCertificatePEM: String
    let serverCertificatePEM: String
    let serverKeyPEM: String
    let token: String

    /// Loads the authority and token from `directory`, making them when missing, and issues a
    /// server certificate for `host`.
    static func prepare(in directory: URL, host: String) throws -> ServerCredentials {
        let files = FileManager.default
        try files.createDirectory(at: directory, withIntermediateDirectories: true)
        try restrict(directory, mode: 0o700)
        let caCertificateURL = directory.appendingPathComponent("ca.crt"), caKeyURL = directory.appendingPathComponent("ca.key")
        let tokenURL = directory.appendingPathComponent("token")

        let (caCertificate, caKey) = try loadAuthority(certificate: caCertificateURL, key: caKeyURL)
            ?? makeAuthority(certificate: caCertificateURL, key: caKeyURL)
        let token: String
        if let stored = try? String(contentsOf: tokenURL, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines),
           stored.count >= 32 {
            token = stored
        } else {
            token = randomToken()
            try writeSecret(token + "\n", to: tokenURL)
        }
        try restrict(tokenURL, mode: 0o600)

        let serverKey = P256.Signing.PrivateKey()
        let now = Date()
        let server = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(serverKey.publicKey),
            notValidBefore: now.addingTimeInterval(-300), notValidAfter: now.addingTimeInterval(365 * 24 * 3600),
            issuer: caCertificate.subject, subject: try DistinguishedName { CommonName("scnet-api") },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(alternativeNames(for: host))
            },
            issuerPrivateKey: .init(caKey))
        let serverPEM = try server.serializeAsPEM().pemString
        try serverPEM.write(to: directory.appendingPathComponent("server.crt"), atomically: true, encoding: .utf8)
        try writeSecret(serverKey.pemRepresentation, to: directory.appendingPathComponent("server.key"))
        return ServerCredentials(
            caCertificatePEM: try caCertificate.serializeAsPEM().pemString, serverCertificatePEM: serverPEM,
            serverKeyPEM: serverKey.pemRepresentation, token: token)
    }

    /// The server side of TLS with this certificate (TLS 1.2 or later).
    func tlsConfiguration() throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(serverCertificatePEM.utf8)).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(serverKeyPEM.utf8), format: .pem)))
        tls.minimumTLSVersion = .tlsv12
        return tls
    }

    // MARK: - Pieces

    private static func loadAuthority(certificate: URL, key: URL) throws -> (Certificate, P256.Signing.PrivateKey)? {
        guard let certificateText = try? String(contentsOf: certificate, encoding: .utf8),
              let keyText = try? String(contentsOf: key, encoding: .utf8)
        else { return nil }
        let loaded = (try Certificate(pemEncoded: certificateText), try P256.Signing.PrivateKey(pemRepresentation: keyText))
        // A CA about to expire is replaced (clients must then take the new kubeconfig).
        guard loaded.0.notValidAfter > Date().addingTimeInterval(30 * 24 * 3600) else { return nil }
        try restrict(key, mode: 0o600)
        return loaded
    }

    private static func makeAuthority(certificate: URL, key: URL) throws -> (Certificate, P256.Signing.PrivateKey) {
        let caKey = P256.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName("scnet-api-ca") }
        let now = Date()
        let ca = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(caKey.publicKey),
            notValidBefore: now.addingTimeInterval(-300), notValidAfter: now.addingTimeInterval(10 * 365 * 24 * 3600),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: .init(caKey))
        try writeSecret(caKey.pemRepresentation, to: key)
        try ca.serializeAsPEM().pemString.write(to: certificate, atomically: true, encoding: .utf8)
        return (ca, caKey)
    }

    /// The names a client may use for `host`: it, and the loopback names.
    static func alternativeNames(for host: String) -> [GeneralName] {
        var names: [GeneralName] = [.dnsName("localhost")]
        var addresses: Set<IPAddress> = [IPAddress("127.0.0.1")!, IPAddress("::1")!]
        if let address = IPAddress(host) {
            if address.value != 0 { addresses.insert(address) }  // not a wildcard
        } else if !host.isEmpty, host != "localhost" {
            names.append(.dnsName(host))
        }
        for address in addresses.sorted() {
            let width = address.family.bitWidth / 8
            let bytes = (0..<width).map { UInt8(truncatingIfNeeded: address.value >> UInt128(8 * (width - 1 - $0))) }
            names.append(.ipAddress(ASN1OctetString(contentBytes: ArraySlice(bytes))))
        }
        return names
    }

    /// 32 random bytes, hex: the bearer token.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }

    /// Writes `text` to a file that only its owner can read, from the moment it exists.
    static func writeSecret(_ text: String, to url: URL) throws {
        let temporary = url.path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary]) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        fsync(fd)
        close(fd)
        guard written == bytes.count, rename(temporary, url.path) == 0 else {
            unlink(temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
    }

    static func restrict(_ url: URL, mode: mode_t) throws {
        guard chmod(url.path, mode) == 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path]) }
    }
}

