import Agent
import ArgumentParser
import Foundation
import Kube
import Logging
import ServiceLifecycle

/// `scnet agent`: the node agent (one per node). Registers the node's Open vSwitch with OVN,
/// serves `scnet-cni` on a unix socket, and gives the host its interface into every VPC.
struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Run the node agent: plugs pods into Open vSwitch for the scnet-cni plugin.",
        discussion: """
            Kubernetes: --kubeconfig, else $KUBECONFIG, ~/.kube/config, the pod's service account.
            The node's Open vSwitch and ovn-controller must run (see scripts/ovs-node); with --southbound the
            agent writes the chassis configuration itself (system-id, ovn-remote, encapsulation).
            """)

    @Option(help: "Kubeconfig file (default: $KUBECONFIG, ~/.kube/config, then in-cluster).")
    var kubeconfig: String?

    @Option(name: .customLong("node-name"), help: "This node's name (default: $NODE_NAME, else the host name).")
    var nodeName: String?

    @Option(name: .customLong("ovs-db"), help: "The node's Open vSwitch database (default: $SCNET_OVS_DB, else unix:/var/run/openvswitch/db.sock).")
    var ovsDatabase: String?

    @Option(help: "The unix socket scnet-cni calls.")
    var socket = "/run/scnet/cni.sock"

    @Option(help: "MTU of pod interfaces.")
    var mtu = 1400

    @Option(help: "OVN Southbound address(es) for ovn-controller; when given, the agent registers the chassis.")
    var southbound: String?

    @Option(name: .customLong("encap-ip"), help: "This node's tunnel endpoint (ovn-encap-ip).")
    var encapIP = "127.0.0.1"

    @Option(name: .customLong("bridge-mapping"), help: "physnet:bridge for an external network (repeatable).")
    var bridgeMappings: [String] = []

    @Option(name: .customLong("datapath-type"), help: "netdev (userspace datapath) or system (the kernel's OVS module).")
    var datapathType = "netdev"

    @Flag(name: .customLong("gateway"), help: "This node may host VPC gateways (ovn-cms-options=enable-chassis-as-gw).")
    var gateway = false

    @Option(name: .customLong("host-interface"), help: "The host's interface into the join switch ('' for none).")
    var hostInterface = "ovn0"

    @Option(help: "The node's network namespace (e.g. /run/netns/NAME) when it is not this process's own.")
    var netns: String?

    @Flag(name: .customLong("register-node"), help: "Create the Node object when missing (no kubelet does it).")
    var registerNode = false

    @Option(name: .customLong("annotation-timeout"), help: "Seconds ADD waits for the controller's annotations.")
    var annotationTimeout = 30

    @Option(name: .customLong("install-timeout"), help: "Seconds ADD waits for ovn-controller to install the port.")
    var installTimeout = 10

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level \(logLevel): unknown level") }
        guard (576...9000).contains(mtu) else { throw ValidationError("--mtu \(mtu): expected 576 to 9000") }
        for mapping in bridgeMappings where mapping.split(separator: ":").count != 2 {
            throw ValidationError("--bridge-mapping \(mapping): expected PHYSNET:BRIDGE")
        }
        guard annotationTimeout > 0, installTimeout > 0 else { throw ValidationError("timeouts must be positive") }
        guard ["netdev", "system"].contains(datapathType) else { throw ValidationError("--datapath-type \(datapathType): expected netdev or system") }
    }

    func run() async throws {
        var logger = Logger(label: "scnet.agent")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let environment = ProcessInfo.processInfo.environment
        let node = nodeName ?? environment["NODE_NAME"] ?? ProcessInfo.processInfo.hostName
        let kubeConfig = try kubeconfig.map { try KubeConfig.load(kubeconfig: $0) } ?? KubeConfig.fromEnvironment(environment)
        let kube = try KubeClient(config: kubeConfig, logger: logger)
        var mappings: [String: String] = [:]
        for mapping in bridgeMappings {
            let parts = mapping.split(separator: ":")
            mappings[String(parts[0])] = String(parts[1])
        }
        let configuration = AgentConfiguration(
            nodeName: node,
            ovsDatabase: ovsDatabase ?? environment["SCNET_OVS_DB"] ?? "unix:/var/run/openvswitch/db.sock",
            socketPath: socket, mtu: mtu,
            chassis: southbound.map {
                var chassis = AgentConfiguration.Chassis(systemID: node, southbound: $0, encapIP: encapIP, bridgeMappings: mappings, gatewayCapable: gateway)
                chassis.datapathType = datapathType
                return chassis
            },
            annotationTimeout: .seconds(annotationTimeout), installTimeout: .seconds(installTimeout),
            hostInterface: hostInterface.isEmpty ? nil : hostInterface, registerNode: registerNode,
            hostNetns: netns)
        let agent = try Agent(configuration: configuration, kube: kube, logger: logger)
        let group = ServiceGroup(services: [agent], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        do {
            try await group.run()
        } catch {
            try? await kube.shutdown()
            throw error
        }
        try? await kube.shutdown()
    }
}
