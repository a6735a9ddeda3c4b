import CNI
import Kube
import Logging
import SCNetAPI

/// Carries out the CNI calls the plugin forwards: ADD plugs the pod into `br-int` from the
/// controller's annotations and returns once `ovn-controller` installed it; DEL removes
/// everything (also when the netns is gone, and when called twice); CHECK verifies; STATUS
/// says whether the node can take pods; GC collects attachments the runtime no longer knows.
public final class CNIHandler: Sendable {
    let configuration: AgentConfiguration
    let pods: any PodSource
    let localSwitch: LocalSwitch
    let plumbing: any PodPlumbing
    let logger: Logger
    /// Deadline for each OVS database write.
    let switchTimeout: Duration = .seconds(10)
    private let locks = ContainerLocks()

    public init(configuration: AgentConfiguration, pods: any PodSource, localSwitch: LocalSwitch,
                plumbing: any PodPlumbing, logger: Logger) {
        self.configuration = configuration
        self.pods = pods
        self.localSwitch = localSwitch
        self.plumbing = plumbing
        self.logger = logger
    }

    public func handle(_ request: CNIRequest) async -> CNIResponse {
        guard !request.containerID.isEmpty else { return await perform(request) }
        return await locks.withLock(request.containerID) { await self.perform(request) }
    }

    private func perform(_ request: CNIRequest) async -> CNIResponse {
        let config = PluginConfig(parsing: request.config)
        let version = config.cniVersion ?? CNIVersion.latest
        do {
            // What is plugged is read from OVS: answer nothing before that copy is loaded.
            try await localSwitch.waitUntilReady(timeout: .seconds(5))
            guard PluginConfig.isValid(request.config) else {
                throw CNIError(CNIError.Code.decodingFailure, "the network configuration on stdin is not a JSON object", cniVersion: version)
            }
            switch request.command {
            case "ADD": return CNIResponse(success: true, output: try await add(request).json(cniVersion: version))
            case "DEL": try await delete(containerID: request.containerID, ifName: request.ifName)
            case "CHECK": try await check(request)
            case "STATUS": try status()
            case "GC": try await collect(keeping: config.validAttachments ?? [])
            default: throw AgentError.invalidRequest("CNI_COMMAND \(request.command) is not handled by the agent")
            }
            return CNIResponse(success: true, output: "")
        } catch let error as CNIError {
            return CNIResponse(success: false, output: error.json)
        } catch let error as AgentError {
            logger.warning("CNI \(request.command) failed", metadata: ["container": "\(request.containerID)", "error": "\(error)"])
            return CNIResponse(success: false, output: CNIError(error.code, error.description, cniVersion: version).json)
        } catch {
            logger.warning("CNI \(request.command) failed", metadata: ["container": "\(request.containerID)", "error": "\(error)"])
            return CNIResponse(success: false, output: CNIError(CNIError.Code.ioFailure, "\(error)", cniVersion: version).json)
        }
    }

    // MARK: - ADD

    func add(_ request: CNIRequest) async throws -> CNIResult {
        let (namespace, name) = try podName(request)
        let network = try await pods.waitForNetwork(namespace: namespace, name: name, timeout: configuration.annotationTimeout)
        let hostName = AttachmentKeys.hostInterfaceName(containerID: request.containerID, ifName: request.ifName)
        // A repeated ADD (a runtime retrying after a failure) starts from nothing.
        try await delete(containerID: request.containerID, ifName: request.ifName)
        do {
            let hostMAC = try await plumbing.attach(
                hostName: hostName, netns: request.netns, ifName: request.ifName, network: network, mtu: configuration.mtu)
            try await localSwitch.plug(hostName, externalIDs: [
                AttachmentKeys.ifaceID: network.portName, AttachmentKeys.attachedMAC: network.mac.description,
                AttachmentKeys.containerID: request.containerID, AttachmentKeys.ifName: request.ifName,
                AttachmentKeys.netns: request.netns, AttachmentKeys.pod: "\(namespace)/\(name)",
            ], timeout: switchTimeout)
            let port = network.portName
            try await localSwitch.waitInstalled(hostName, timeout: configuration.installTimeout) {
                "ovn-controller did not install port \(port) (interface \(hostName)) within \(self.configuration.installTimeout): "
                    + "is ovn-controller running on this node, and does OVN Northbound have logical switch port \(port)?"
            }
            logger.debug("pod plugged", metadata: ["pod": "\(namespace)/\(name)", "interface": "\(hostName)"])
            return Self.result(network: network, hostName: hostName, hostMAC: hostMAC, request: request, mtu: configuration.mtu)
        } catch {
            // Leave nothing half-made behind.
            try? await delete(containerID: request.containerID, ifName: request.ifName)
            throw error
        }
    }

    static func result(network: PodNetwork, hostName: String, hostMAC: String, request: CNIRequest, mtu: Int) -> CNIResult {
        CNIResult(
            interfaces: [
                .init(name: hostName, mac: hostMAC, mtu: mtu),
                .init(name: request.ifName, mac: network.mac.description, sandbox: request.netns, mtu: mtu),
            ],
            ips: network.addresses.map { .init(address: $0.text, gateway: $0.gateway?.description, interface: 1) },
            routes: network.addresses.compactMap { address in
                address.gateway.map { .init(dst: address.address.family == .v4 ? "0.0.0.0/0" : "::/0", gw: $0.description) }
            })
    }

    func podName(_ request: CNIRequest) throws(AgentError) -> (String, String) {
        guard let namespace = request.args["K8S_POD_NAMESPACE"], !namespace.isEmpty,
              let name = request.args["K8S_POD_NAME"], !name.isEmpty
        else {
            throw .invalidRequest("CNI_ARGS must name the pod (K8S_POD_NAMESPACE=…;K8S_POD_NAME=…), got \"\(request.args.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: ";"))\"")
        }
        return (namespace, name)
    }

    // MARK: - DEL, CHECK, STATUS, GC

    func delete(containerID: String, ifName: String) async throws {
        let hostName = AttachmentKeys.hostInterfaceName(containerID: containerID, ifName: ifName)
        let plugged = localSwitch.interfaces(withKey: AttachmentKeys.containerID).filter {
            $0.name == hostName || ($0.externalIDs[AttachmentKeys.containerID] == containerID && $0.externalIDs[AttachmentKeys.ifName] == ifName)
        }
        for interface in plugged { try await localSwitch.unplug(interface.name, timeout: switchTimeout) }
        if localSwitch.read({ $0.interface(named: hostName) }) != nil { try await localSwitch.unplug(hostName, timeout: switchTimeout) }
        try await plumbing.detach(hostName: hostName)
    }

    func check(_ request: CNIRequest) async throws {
        let (namespace, name) = try podName(request)
        let hostName = AttachmentKeys.hostInterfaceName(containerID: request.containerID, ifName: request.ifName)
        guard let interface = localSwitch.read({ $0.interface(named: hostName) }) else {
            throw AgentError.checkFailed("interface \(hostName) of container \(request.containerID) is not on \(configuration.integrationBridge)")
        }
        guard interface.isInstalled else {
            throw AgentError.checkFailed("interface \(hostName) is plugged but ovn-controller has not installed it (ovn-installed is not true)")
        }
        guard try await plumbing.hostLinkExists(hostName) else {
            throw AgentError.checkFailed("the host end \(hostName) of the veth is gone")
        }
        let network = try await pods.waitForNetwork(namespace: namespace, name: name, timeout: .seconds(2))
        guard interface.ifaceID == network.portName else {
            throw AgentError.checkFailed("interface \(hostName) is bound to \(interface.ifaceID ?? "nothing"), not \(network.portName)")
        }
        guard let seen = try await plumbing.inspect(netns: request.netns, ifName: request.ifName) else {
            throw AgentError.checkFailed("\(request.ifName) does not exist in \(request.netns)")
        }
        guard seen.mac.lowercased() == network.mac.description.lowercased() else {
            throw AgentError.checkFailed("\(request.ifName) has MAC \(seen.mac), the pod's annotation says \(network.mac)")
        }
        for address in network.addresses where !seen.addresses.contains(address.text) {
            throw AgentError.checkFailed("\(request.ifName) lacks address \(address.text) (has \(seen.addresses.joined(separator: ", ")))")
        }
    }

    func status() throws {
        guard localSwitch.hasBridge else {
            throw CNIError(CNIError.Code.pluginNotAvailable,
                           "bridge \(configuration.integrationBridge) does not exist yet: ovn-controller has not started on this node")
        }
    }

    func collect(keeping valid: [PluginConfig.Attachment]) async throws {
        let keep = Set(valid.map { "\($0.containerID)/\($0.ifname)" })
        for interface in localSwitch.interfaces(withKey: AttachmentKeys.containerID) {
            let containerID = interface.externalIDs[AttachmentKeys.containerID] ?? ""
            let ifName = interface.externalIDs[AttachmentKeys.ifName] ?? ""
            guard !keep.contains("\(containerID)/\(ifName)") else { continue }
            logger.info("GC: removing an attachment the runtime no longer knows", metadata: ["container": "\(containerID)", "interface": "\(interface.name)"])
            try await localSwitch.unplug(interface.name, timeout: switchTimeout)
            try await plumbing.detach(hostName: interface.name)
        }
    }
}
