import Controller
import Foundation
import Kube
import KubeLite
import Logging
import Neutron
import ServiceLifecycle
import TestSupport

/// The embedded API (in-process) and a controller (in-process, restartable) against the suite's
/// real Neutron and OVN (`NeutronSandbox.current`), with `kubectl` as the client.
final class ControllerHarness: Sendable {
    let sandbox: NeutronSandbox
    let directory: URL
    let kubectl: Kubectl
    let kube: KubeClient
    let neutron: NeutronClient
    let api: KubeLiteServer
    let configuration: ControllerConfiguration
    private let running = Locked<Task<Void, any Error>?>(nil)
    let logger: Logger

    private init(sandbox: NeutronSandbox, directory: URL, api: KubeLiteServer, configuration: ControllerConfiguration, logger: Logger) async throws {
        self.sandbox = sandbox
        self.directory = directory
        self.api = api
        self.configuration = configuration
        self.logger = logger
        _ = await api.port()
        let work = directory.appendingPathComponent("kubectl")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        kubectl = Kubectl(kubeconfig: api.kubeconfigPath.path, cacheDir: work.appendingPathComponent("cache").path, workDir: work)
        kube = try KubeClient(config: try KubeConfig.load(kubeconfig: api.kubeconfigPath.path), logger: logger)
        neutron = sandbox.client()
    }

    /// Runs `body` with a fresh API and a running controller; stops both afterwards.
    static func with<T: Sendable>(
        defaultNetwork: ControllerConfiguration.DefaultNetwork? = nil, workers: Int = 8, joinCIDR: String? = nil,
        _ body: @Sendable (ControllerHarness) async throws -> T
    ) async throws -> T {
        guard let sandbox = NeutronSandbox.current else { throw SandboxFailure(message: "no Neutron sandbox") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scnet-ctl-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var logger = Logger(label: "controller-test")
        logger.logLevel = ProcessInfo.processInfo.environment["SCNET_TEST_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        let api = try await KubeLiteServer(KubeLiteConfiguration(dataDirectory: directory.appendingPathComponent("api")), logger: logger)
        let configuration = ControllerConfiguration(
            northbound: sandbox.northbound, southbound: sandbox.southbound, defaultNetwork: defaultNetwork,
            resyncInterval: .seconds(5), workersPerKind: workers, floatingIPSyncInterval: .seconds(1),
            joinCIDR: joinCIDR)
        let services = ServiceGroup(services: [api], gracefulShutdownSignals: [], logger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await services.run()
                return nil
            }
            let result: Result<T, any Error>
            do {
                let harness = try await ControllerHarness(
                    sandbox: sandbox, directory: directory, api: api, configuration: configuration, logger: logger)
                try await harness.startController()
                do {
                    result = .success(try await body(harness))
                } catch {
                    result = .failure(error)
                }
                await harness.stopController()
                try? await harness.kube.shutdown()
            } catch {
                result = .failure(error)
            }
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
            return try result.get()
        }
    }

    /// Starts a controller and waits until it reconciles.
    func startController() async throws {
        let controller = Controller(configuration: configuration, kube: kube, neutron: neutron, logger: logger)
        let task = Task { try await controller.run() }
        running.withLock { $0 = task }
        try await withTimeout(.seconds(30)) { await controller.waitUntilReady() }
    }

    /// Stops the controller as a crash would: cancelled wherever it is.
    func stopController() async {
        guard let task = running.withLock({ state -> Task<Void, any Error>? in
            defer { state = nil }
            return state
        }) else { return }
        task.cancel()
        _ = await task.result
    }

    /// `kubectl apply -f -` with `yaml`; throws with kubectl's output when it fails.
    func apply(_ yaml: String) async throws {
        let result = try await kubectl("apply", "-f", "-", stdin: yaml)
        guard result.status == 0 else { throw SandboxFailure(message: "kubectl apply failed: \(result)") }
    }

    /// `ovn-nbctl` on the sandbox's Northbound.
    @discardableResult
    func nbctl(_ arguments: String...) throws -> String {
        try runTool(["ovn-nbctl", "--db=\(sandbox.northbound)"] + arguments).output
    }

    /// Names of the NB rows of `table` that carry scnet's ownership marker.
    func ownedRows(_ table: String) throws -> [String] {
        let out = try runTool([
            "ovn-nbctl", "--db=\(sandbox.northbound)", "--bare", "--columns=external_ids", "find", table,
            "external_ids:scnet/owner=scnet",
        ]).output
        return out.split(separator: "\n").compactMap { line in
            line.split(separator: " ").first { $0.hasPrefix("scnet/name=") }.map { String($0.dropFirst("scnet/name=".count)) }
        }.sorted()
    }
}
