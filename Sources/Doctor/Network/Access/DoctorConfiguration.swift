import Foundation
import Spawn

/// Where the components `doctor pod` / `doctor cluster` examine are, resolved from options, an
/// env file (`KEY=VALUE` lines, such as the `DIR/env` `scnet up --data-dir DIR` writes) and the
/// process environment, in that order of precedence.
///
///     let config = try DoctorConfiguration.resolve(DoctorConfiguration.Options(nb: "tcp:127.0.0.1:6641"),
///                                                  environment: ProcessInfo.processInfo.environment)
public struct DoctorConfiguration: Sendable {
    /// What the command line gave.
    public struct Options: Sendable {
        public var kubeconfig: String?
        public var northbound: String?
        public var southbound: String?
        public var neutronURL: String?
        public var ovs: String?
        public var envFile: String?
        public var deadline: Double

        public init(kubeconfig: String? = nil, northbound: String? = nil, southbound: String? = nil,
                    neutronURL: String? = nil, ovs: String? = nil, envFile: String? = nil, deadline: Double = 5) {
            self.kubeconfig = kubeconfig
            self.northbound = northbound
            self.southbound = southbound
            self.neutronURL = neutronURL
            self.ovs = ovs
            self.envFile = envFile
            self.deadline = deadline
        }
    }

    /// The kubeconfig file; `nil` means in-cluster (service account).
    public var kubeconfig: String?
    public var northbound: String?
    public var southbound: String?
    /// The local Open vSwitch database (`unix:/var/run/openvswitch/db.sock`), for `ovn-installed`.
    public var ovs: String?
    /// The environment Neutron's configuration is read from (`OS_*`, `SCNET_NEUTRON_URL`).
    public var neutronEnvironment: [String: String]
    public var neutronURL: String?
    /// Seconds each component may take to answer.
    public var deadline: Double

    public static func resolve(_ options: Options, environment: [String: String]) throws(DoctorError) -> DoctorConfiguration {
        var env = environment
        if let path = options.envFile {
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw .invalidConfiguration(field: "--env \(path)", reason: "cannot be read (\(error.localizedDescription))")
            }
            env.merge(EnvironmentFile.parse(text)) { _, file in file }
        }
        func value(_ key: String) -> String? { env[key].flatMap { $0.isEmpty ? nil : $0 } }
        var kubeconfig = options.kubeconfig ?? value("KUBECONFIG").flatMap { $0.split(separator: ":").first.map(String.init) }
        if kubeconfig == nil, let home = value("HOME"), FileManager.default.fileExists(atPath: home + "/.kube/config") {
            kubeconfig = home + "/.kube/config"
        }
        guard options.deadline > 0, options.deadline <= 600 else {
            throw .invalidConfiguration(field: "--timeout", reason: "must be between 0 and 600 seconds")
        }
        return DoctorConfiguration(
            kubeconfig: kubeconfig, northbound: options.northbound ?? value("SCNET_OVN_NB"),
            southbound: options.southbound ?? value("SCNET_OVN_SB"), ovs: options.ovs ?? value("SCNET_OVS_DB"), neutronEnvironment: env,
            neutronURL: options.neutronURL ?? value("SCNET_NEUTRON_URL"), deadline: options.deadline)
    }
}
