import CNI
import Kube
import Logging
import SCNetAPI
import ServiceLifecycle

/// The node agent (`scnet agent`): registers this node's Open vSwitch as an OVN chassis, serves
/// the CNI plugin on a unix socket (ADD plugs a pod's veth into `br-int`, DEL removes it), and
/// gives the host its interface into OVN with routes to every VPC's subnets (SPEC S5).
/// Its state lives in OVS and the API only: a restarted agent loses nothing.
public final class Agent: Service, Sendable {
    public let configuration: AgentConfiguration
    let kube: KubeClient
    let localSwitch: LocalSwitch
    let plumbing: KernelPlumbing
    let logger: Logger
    private let listening = AgentSignal()

    public init(configuration: AgentConfiguration, kube: KubeClient, logger: Logger = Logger(label: "scnet.agent")) throws {
        self.configuration = configuration
        self.kube = kube
        self.logger = logger
        localSwitch = try LocalSwitch(remote: configuration.ovsDatabase, bridge: configuration.integrationBridge)
        plumbing = KernelPlumbing(hostNetns: configuration.hostNetns)
    }

    /// Returns once the CNI socket accepts calls (or the waiting task is cancelled).
    public func waitUntilListening() async { await listening.wait() }

    public func run() async throws {
        let handler = CNIHandler(configuration: configuration, pods: APIPodSource(kube: kube), localSwitch: localSwitch,
                                 plumbing: plumbing, logger: logger)
        try await cancelWhenGracefulShutdown {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await self.localSwitch.run() }
                group.addTask {
                    try await self.localSwitch.waitUntilReady(timeout: .seconds(30))
                    if let chassis = self.configuration.chassis {
                        try await self.localSwitch.register(chassis.externalIDs, timeout: .seconds(10))
                        self.logger.info("chassis registered", metadata: ["system-id": "\(chassis.systemID)", "southbound": "\(chassis.southbound)"])
                    }
                    try await NodeRegistration(configuration: self.configuration, kube: self.kube, localSwitch: self.localSwitch,
                                               logger: self.logger).run()
                }
                group.addTask {
                    try await CNIServer(path: self.configuration.socketPath, handler: handler, logger: self.logger) {
                        self.logger.info("serving the CNI plugin", metadata: ["socket": "\(self.configuration.socketPath)"])
                        await self.listening.signal()
                    }.run()
                }
                if let interface = self.configuration.hostInterface {
                    group.addTask {
                        let node = Informer<Node>(client: self.kube, options: ListOptions(fieldSelector: "metadata.name=\(self.configuration.nodeName)"))
                        let subnets = Informer<Subnet>(client: self.kube)
                        let vpcs = Informer<Vpc>(client: self.kube)
                        await withTaskGroup(of: Void.self) { informers in
                            informers.addTask { await node.run() }
                            informers.addTask { await subnets.run() }
                            informers.addTask { await vpcs.run() }
                            informers.addTask {
                                await HostNetwork(configuration: self.configuration, interfaceName: interface, localSwitch: self.localSwitch,
                                                  links: self.plumbing, logger: self.logger)
                                    .run(node: node, subnets: subnets, vpcs: vpcs, resync: .seconds(30))
                            }
                        }
                    }
                }
                try await group.next()
                try await group.next()  // registration returns; the others run until cancelled
                group.cancelAll()
            }
        }
    }
}

/// A one-shot signal many tasks can wait for; a cancelled waiter stops waiting.
actor AgentSignal {
    private var isSet = false
    private var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    private var nextID = 0

    func signal() {
        isSet = true
        for waiter in waiters.values { waiter.resume() }
        waiters = [:]
    }

    func wait() async {
        if isSet { return }
        nextID += 1
        let id = nextID
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if isSet || Task.isCancelled { continuation.resume() } else { waiters[id] = continuation }
            }
        } onCancel: {
            Task { await self.cancel(id) }
        }
    }

    private func cancel(_ id: Int) { waiters.removeValue(forKey: id)?.resume() }
}
