import ArgumentParser
import Controller
import Foundation
import Kube
import Logging
import Neutron
import ServiceLifecycle

/// `scnet controller`: the controller alone, against a real Kubernetes cluster (kubeconfig or
/// in-cluster service account), an existing OVN and an existing Neutron (SPEC X5).
struct ControllerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "controller",
        abstract: "Run the controller against an existing Kubernetes API, OVN and Neutron.",
        discussion: """
            Kubernetes: --kubeconfig, else $KUBECONFIG, ~/.kube/config, the pod's service account.
            Neutron: Keystone v3 from the OS_* variables, or --noauth with --neutron-url / $SCNET_NEUTRON_URL.
            """)

    @Option(help: "Kubeconfig file (default: $KUBECONFIG, ~/.kube/config, then in-cluster).")
    var kubeconfig: String?

    @Option(help: "OVN Northbound address(es), comma-separated (default: $SCNET_OVN_NB).")
    var nb: String?

    @Option(help: "OVN Southbound address(es), for gateway-node chassis lookups (default: $SCNET_OVN_SB).")
    var sb: String?

    @Option(name: .customLong("neutron-url"), help: "Neutron endpoint in noauth mode (default: $SCNET_NEUTRON_URL).")
    var neutronURL: String?

    @Flag(help: "Talk to Neutron without Keystone (a noauth server).")
    var noauth = false

    @Option(name: .customLong("project-id"), help: "Project of noauth requests.")
    var projectID: String?

    @Option(name: .customLong("default-router"), help: "Neutron router of the default VPC ovn-cluster (created when missing).")
    var defaultRouter: String?

    @Option(name: .customLong("default-external-network"), help: "External network of that router.")
    var defaultExternalNetwork: String?

    @Option(name: .customLong("default-cidr"), help: "CIDR block of the default subnet ovn-default.")
    var defaultCIDR = "10.16.0.0/16"

    @Option(name: .customLong("join-cidr"), help: "CIDR of the join subnet through which nodes reach every VPC ('' for none).")
    var joinCIDR = "100.64.0.0/16"

    @Option(help: "Address of /metrics (HOST:PORT; port 0: none).")
    var metrics = "127.0.0.1:9464"

    @Option(name: .customLong("pool-tag"), help: "Neutron tag of the floating IPs in the container pool.")
    var poolTag = "scnet-pool"

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    func validate() throws {
        guard ServeCommand.split(metrics) != nil else { throw ValidationError("--metrics \(metrics): expected HOST:PORT") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level \(logLevel): unknown level") }
        guard (defaultRouter == nil) == (defaultExternalNetwork == nil) else {
            throw ValidationError("--default-router and --default-external-network go together")
        }
    }

    func run() async throws {
        var logger = Logger(label: "scnet")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let environment = ProcessInfo.processInfo.environment
        guard let northbound = nb ?? environment["SCNET_OVN_NB"] else {
            throw ValidationError("--nb: no OVN Northbound address (nor $SCNET_OVN_NB)")
        }
        let kubeConfig = try kubeconfig.map { try KubeConfig.load(kubeconfig: $0) } ?? KubeConfig.fromEnvironment(environment)
        let kube = try KubeClient(config: kubeConfig, logger: logger)
        let neutronConfiguration = try NeutronConfiguration.fromEnvironment(
            environment, overrides: .init(neutronURL: neutronURL, noauth: noauth, projectID: projectID))
        let http = NeutronClient.makeHTTPClient()
        let neutron = NeutronClient(configuration: neutronConfiguration, httpClient: http)
        let (metricsHost, metricsPort) = ServeCommand.split(metrics)!
        let configuration = ControllerConfiguration(
            northbound: northbound, southbound: sb ?? environment["SCNET_OVN_SB"],
            defaultNetwork: defaultRouter.map {
                .init(neutronRouter: $0, externalNetworkID: defaultExternalNetwork ?? "", cidrBlock: defaultCIDR)
            },
            floatingIPPoolTag: poolTag, metricsAddress: metricsPort == 0 ? nil : (metricsHost, metricsPort),
            joinCIDR: joinCIDR.isEmpty ? nil : joinCIDR)
        let controller = Controller(configuration: configuration, kube: kube, neutron: neutron, logger: logger)
        let outcome: Result<Void, any Error>
        do {
            try await ServiceGroup(services: [controller], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger).run()
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        try? await kube.shutdown()
        try? await http.shutdown()
        try outcome.get()
    }
}
