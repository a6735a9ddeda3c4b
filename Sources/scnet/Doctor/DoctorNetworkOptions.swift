import ArgumentParser
import Doctor
import Foundation

/// Where `doctor pod` and `doctor cluster` find the components; shared by both.
struct DoctorNetworkOptions: ParsableArguments {
    @Option(help: "kubeconfig file (default: $KUBECONFIG, else ~/.kube/config, else the pod's service account).")
    var kubeconfig: String?

    @Option(help: "OVN Northbound database, e.g. tcp:127.0.0.1:6641 or a comma-separated RAFT cluster (default: $SCNET_OVN_NB).")
    var nb: String?

    @Option(help: "OVN Southbound database (default: $SCNET_OVN_SB).")
    var sb: String?

    @Option(name: .customLong("neutron-url"), help: "Neutron URL, noauth unless OS_AUTH_URL is set (default: $SCNET_NEUTRON_URL).")
    var neutronURL: String?

    @Option(name: .customLong("env"), help: "A KEY=VALUE file (such as DIR/env of `scnet up --data-dir DIR`) read before the options.")
    var envFile: String?

    @Option(help: "Seconds each component may take to answer.")
    var timeout: Double = 5

    @Option(help: "Output format: text or json.")
    var output: OutputFormat = .text

    enum OutputFormat: String, ExpressibleByArgument { case text, json }

    func configuration(ovs: String? = nil) throws -> DoctorConfiguration {
        do {
            return try DoctorConfiguration.resolve(
                .init(kubeconfig: kubeconfig, northbound: nb, southbound: sb, neutronURL: neutronURL, ovs: ovs,
                      envFile: envFile, deadline: timeout),
                environment: ProcessInfo.processInfo.environment)
        } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
    }

    /// Prints `value` as indented JSON.
    func printJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
