import ArgumentParser
import Controller
import AsyncHTTPClient
import Foundation
import Kube
import KubeLite
import Logging
import Neutron
import ServiceLifecycle

/// `scnet up`: the whole network on one machine — local OVN and Neutron (installed when
/// missing), a demo external network and router for the default VPC, the embedded API and the
/// controller — until Ctrl-C, which stops everything it started.
struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Run OVN, Neutron, the embedded Kubernetes API and the controller on this machine.",
        discussion: "Writes DIR/env (KUBECONFIG, SCNET_OVN_NB, SCNET_OVN_SB, SCNET_NEUTRON_URL) for a shell to source.")

    @Option(name: .customLong("data-dir"), help: "Directory holding all state (OVN, Neutron, API objects).")
    var dataDir: String = FileManager.default.homeDirectoryForCurrentUser
        .appendingPathComponent(".local/state/scnet").path

    @Option(help: "Address and port of the embedded API (port 0 picks a free one). HTTPS with a bearer token, both in DIR/api/kubeconfig.")
    var listen: String = "127.0.0.1:8001"

    @Flag(name: .customLong("insecure-http"),
          help: "Serve the embedded API over plain HTTP without authentication (loopback only).")
    var insecureHTTP = false

    @Option(help: "Address of the controller's Prometheus /metrics (port 0: none).")
    var metrics: String = "127.0.0.1:9464"

    @Option(name: .customLong("default-cidr"), help: "CIDR block of the default subnet ovn-default.")
    var defaultCIDR: String = "10.16.0.0/16"

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    @Flag(name: .customLong("no-node"), help: "No local node: no Open vSwitch, agent or pod plumbing (control plane only).")
    var noNode = false

    @Flag(name: .customLong("no-pod-runtime"),
          help: "Keep the agent and scnet-cni but plug no pods here: another container runtime calls the plugin (DIR/cni/net.d).")
    var noPodRuntime = false

    @Option(name: .customLong("node-name"), help: "The local node's name (default: the host name).")
    var nodeName: String?

    @Option(name: .customLong("node-netns"), help: "Run the local node inside this network namespace (created when missing) instead of on the host.")
    var nodeNetns: String?

    func validate() throws {
        guard let (host, _) = ServeCommand.split(listen) else { throw ValidationError("--listen \(listen): expected HOST:PORT") }
        try ServeCommand.checkInsecureHTTP(insecureHTTP, host: host)
        guard ServeCommand.split(metrics) != nil else { throw ValidationError("--metrics \(metrics): expected HOST:PORT") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level \(logLevel): unknown level") }
    }

    func run() async throws {
        var logger = Logger(label: "scnet")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let directory = URL(fileURLWithPath: dataDir).standardizedFileURL
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        guard let scripts = ScriptRunner.locate() else {
            throw UpError.missing("cannot find the scripts/ directory of scnet (run from the checkout, or set SCNET_SCRIPTS)")
        }
        let node = noNode ? nil : LocalStack.NodeSettings(
            name: nodeName ?? ProcessInfo.processInfo.hostName, netns: nodeNetns, externalGateway: DemoNeutron.externalGateway)
        let madeNamespace = try nodeNetns.map { noNode ? false : try LocalNode.ensureNamespace($0) } ?? false
        defer { if madeNamespace, let netns = nodeNetns { LocalNode.removeNamespace(netns) } }
        let stack = LocalStack(directory: directory, scripts: scripts, logger: logger, node: node)
        let started = ContinuousClock.now
        let env = try stack.start()
        logger.info("OVN and Neutron up", metadata: ["seconds": "\(ContinuousClock.now - started)"])
        let http = NeutronClient.makeHTTPClient()
        let outcome: Result<Void, any Error>
        do {
            try await runServices(env: env, http: http, directory: directory, node: node, logger: logger)
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        try? await http.shutdown()
        stack.stop()
        try outcome.get()
    }

    private func runServices(
        env: LocalStack.Environment, http: HTTPClient, directory: URL, node: LocalStack.NodeSettings?, logger: Logger
    ) async throws {
        let neutron = NeutronClient(
            configuration: NeutronConfiguration(authentication: .noauth(endpoint: env.neutronURL, projectID: "scnet")),
            httpClient: http)
        let demo = try await DemoNeutron(client: neutron).ensure()

        let (host, port) = ServeCommand.split(listen)!
        let api = try await KubeLiteServer(
            KubeLiteConfiguration(dataDirectory: directory.appendingPathComponent("api"), host: host, port: port,
                                  transport: insecureHTTP ? .insecureHTTP : .tls),
            logger: logger)
        let (metricsHost, metricsPort) = ServeCommand.split(metrics)!
        let configuration = ControllerConfiguration(
            northbound: env.northbound, southbound: env.southbound,
            defaultNetwork: .init(neutronRouter: demo.router.id, externalNetworkID: demo.externalNetwork.id, cidrBlock: defaultCIDR),
            metricsAddress: metricsPort == 0 ? nil : (metricsHost, metricsPort))
        let controllerService = ControllerAfterAPI(
            api: api, configuration: configuration, neutron: neutron, logger: logger
        ) { kubeconfig in
            try env.write(to: directory.appendingPathComponent("env"), kubeconfig: kubeconfig)
            print(Self.greeting(directory: directory, kubeconfig: kubeconfig, metrics: configuration.metricsAddress))
            fflush(nil)  // all streams: also when stdout is a file or a pipe
        }
        var services: [any Service] = [api, controllerService]
        if let node, let ovsDatabase = env.ovsDatabase {
            services.append(LocalNode(
                api: api, settings: node, ovsDatabase: ovsDatabase, southbound: env.southbound, directory: directory,
                runsPods: !noPodRuntime, logger: logger))
        }
        // Shut down in reverse: the node (unplugging every pod) first, the API last.
        let group = ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }

    static func greeting(directory: URL, kubeconfig: String, metrics: (host: String, port: Int)?) -> String {
        """

        scnet is up. State: \(directory.path)
          export KUBECONFIG=\(kubeconfig)     (or: set -a; . \(directory.path)/env; set +a)
        Try:
          kubectl get vpcs,subnets
          kubectl apply -f examples/demo/
          kubectl get pods -o wide; kubectl get ips
          ovn-nbctl --db=$SCNET_OVN_NB show
        \(metrics.map { "  curl http://\($0.host):\($0.port)/metrics\n" } ?? "")Ctrl-C stops everything.
        """
    }
}

/// Starts the controller once the embedded API listens (its kubeconfig names the chosen port).
struct ControllerAfterAPI: Service {
    let api: KubeLiteServer
    let configuration: ControllerConfiguration
    let neutron: NeutronClient
    let logger: Logger
    let announce: @Sendable (String) throws -> Void

    func run() async throws {
        _ = await api.port()
        let kubeconfig = api.kubeconfigPath.path
        let kube = try KubeClient(config: try KubeConfig.load(kubeconfig: kubeconfig), logger: logger)
        let controller = Controller(configuration: configuration, kube: kube, neutron: neutron, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await controller.run() }
            group.addTask {
                await controller.waitUntilReady()
                try announce(kubeconfig)
            }
            try await group.waitForAll()
        }
        try? await kube.shutdown()
    }
}
