import Doctor
import Foundation
import Kube
import KubeLite
import Logging
import OVN
import OVSDB
import SCNetAPI
import ServiceLifecycle
import TestSupport

/// A real OVN sandbox plus an in-process KubeLite API, with a small scene written the way the
/// controller will write it: managed namespace `ns1` (and unmanaged `plain`), Subnet `net1`
/// (10.1.0.0/24, Ready) on the default VPC, NB switch `net1` attached to router `ovn-cluster`.
struct NetworkLab: Sendable {
    let ovn: OVNSandbox
    let kube: KubeClient
    let kubeconfig: String
    let northbound: OVSDBClient

    static let routerMAC = "00:00:00:00:01:01"

    /// Runs `body` in a fresh lab, then stops everything it started.
    static func with<T: Sendable>(_ body: @Sendable (NetworkLab) async throws -> T) async throws -> T {
        let ovn = try OVNSandbox.start()
        defer { ovn.stop() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("doctor-lab-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var logger = Logger(label: "doctor-lab")
        logger.logLevel = .warning
        let server = try await KubeLiteServer(KubeLiteConfiguration(dataDirectory: dir), logger: logger)
        let services = ServiceGroup(services: [server], gracefulShutdownSignals: [], logger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await services.run()
                return nil
            }
            _ = await server.port()
            let kube = try KubeClient(config: try KubeConfig.load(kubeconfig: server.kubeconfigPath.path))
            let result: Result<T, any Error>
            do {
                result = .success(try await withClient([try Remote(ovn.northbound)]) { nb in
                    let lab = NetworkLab(ovn: ovn, kube: kube, kubeconfig: server.kubeconfigPath.path, northbound: nb)
                    try await lab.setUp()
                    return try await body(lab)
                })
            } catch {
                result = .failure(error)
            }
            try? await kube.shutdown()
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
            return try result.get()
        }
    }

    func configuration(northbound: String? = nil, southbound: String? = nil, deadline: Double = 5) throws -> DoctorConfiguration {
        try DoctorConfiguration.resolve(
            .init(kubeconfig: kubeconfig, northbound: northbound ?? ovn.northbound, southbound: southbound, deadline: deadline),
            environment: [:])
    }

    private func setUp() async throws {
        var managed = Namespace(metadata: ObjectMeta(name: "ns1"))
        managed.metadata.labels = [Label.managedResource: Label.managedResourceNamespace]
        _ = try await kube.create(managed)
        _ = try await kube.create(Namespace(metadata: ObjectMeta(name: "plain")))
        var subnet = try await kube.create(Subnet(metadata: ObjectMeta(name: "net1"), spec: SubnetSpec(cidrBlock: "10.1.0.0/24")))
        var status = SubnetStatus()
        status.conditions = [SCNetAPI.Condition(type: "Ready", status: true, reason: "Ready", message: "switch and router port exist")]
        subnet.status = status
        _ = try await kube.updateStatus(subnet)

        let router = Defaults.vpc
        _ = try await northbound.transact(NorthboundOperations.createSwitch("net1", kind: NorthboundNames.Kind.subnet))
        _ = try await northbound.transact(NorthboundOperations.createRouter(router))
        let lrp = NorthboundNames.routerPort(vpc: router, subnet: "net1")
        _ = try await northbound.transact(
            NorthboundOperations.addRouterPort(router, name: lrp, mac: Self.routerMAC, networks: ["10.1.0.1/24"],
                                               externalIDs: [NorthboundNames.Key.subnet: "net1"])
            + NorthboundOperations.addSwitchPort(
                "net1", name: NorthboundNames.switchRouterPort(vpc: router, subnet: "net1"), addresses: ["router"],
                type: "router", options: ["router-port": lrp], kind: NorthboundNames.Kind.routerAttachment,
                externalIDs: [NorthboundNames.Key.subnet: "net1"]))
    }

    /// A pod as the controller leaves it: annotated, with its IP record and (unless `port: false`) its NB port.
    @discardableResult
    func addPod(_ name: String, namespace: String = "ns1", subnet: String = "net1", host: Int, port: Bool = true,
                record: Bool = true) async throws -> (ip: String, mac: String) {
        let ip = "10.1.0.\(host)", mac = String(format: "0a:00:00:00:00:%02x", host)
        var pod = Pod(metadata: ObjectMeta(name: name, namespace: namespace), spec: [
            "nodeName": "node1", "containers": [["name": "app", "image": "busybox"]],
        ])
        pod.metadata.annotations = [Annotation.logicalSwitch: subnet]
        if record {
            pod.metadata.annotations[Annotation.ipAddress] = ip
            pod.metadata.annotations[Annotation.macAddress] = mac
            pod.metadata.annotations[Annotation.allocated] = "true"
        }
        _ = try await kube.create(pod)
        if record {
            _ = try await kube.create(IP(
                metadata: ObjectMeta(name: "\(name).\(namespace)"),
                spec: IPSpec(podName: name, namespace: namespace, subnet: subnet, v4IpAddress: ip, macAddress: mac)))
        }
        if port { try await addPort("\(name).\(namespace)", workload: "\(namespace)/\(name)", ip: ip, mac: mac) }
        return (ip, mac)
    }

    /// An NB port with scnet's `pod` ownership markers, as the controller writes it.
    func addPort(_ name: String, workload: String, ip: String, mac: String) async throws {
        _ = try await northbound.transact(NorthboundOperations.addSwitchPort(
            "net1", name: name, addresses: ["\(mac) \(ip)"], portSecurity: ["\(mac) \(ip)"], kind: NorthboundNames.Kind.pod,
            externalIDs: [NorthboundNames.Key.workload: workload, NorthboundNames.Key.subnet: "net1"]))
    }

    func diagnose(_ namespace: String, _ name: String, southbound: Bool = false) async throws -> [CheckResult] {
        let config = try configuration(southbound: southbound ? ovn.southbound : nil)
        return PodChecks.run(try await PodFactsGatherer(configuration: config).gather(namespace: namespace, name: name))
    }
}
