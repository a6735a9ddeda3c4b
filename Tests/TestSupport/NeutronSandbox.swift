import AsyncHTTPClient
import Foundation
import Spawn
import Neutron
import Testing

/// A real neutron-server (ML2/OVN, noauth) started by `scripts/neutron-sandbox` in a temp dir,
/// shared by the tests of one suite: apply `.neutronSandbox` to the suite, read `.current` in
/// its tests. Started once before the suite and stopped (process group, OVN too) after it,
/// also when tests fail.
public struct NeutronSandbox: Sendable {
    @TaskLocal public static var current: NeutronSandbox?

    public let directory: URL
    public let neutronURL: String
    public let northbound: String
    /// OVN Southbound of the sandbox (`unix:…`), for chassis lookups and `ovn-trace`.
    public let southbound: String
    public let projectID = "scnet-tests"
    public let http: HTTPClient

    /// A client for this server in noauth mode.
    public func client(pageSize: Int = 500) -> NeutronClient {
        NeutronClient(
            configuration: NeutronConfiguration(
                authentication: .noauth(endpoint: neutronURL, projectID: projectID),
                retry: RetryPolicy(maxAttempts: 2, initialBackoff: .milliseconds(100)),
                requestTimeout: .seconds(60), pageSize: pageSize),
            httpClient: http)
    }

    /// Runs `ovn-nbctl --db=<this sandbox's NB> args…` and returns its output.
    public func nbctl(_ arguments: String...) throws -> String {
        try runTool(["ovn-nbctl", "--db=\(northbound)"] + arguments).output
    }

    /// `ovn-trace --db=<SB> args…`: where a packet goes through the logical pipeline.
    public func trace(_ arguments: String...) throws -> String {
        try runTool(["ovn-trace", "--db=\(southbound)"] + arguments).output
    }

    /// The sandbox's OVN directory (pid files, sockets) as `scripts/ovn-sandbox` made it.
    public var ovnDirectory: URL { directory.appendingPathComponent("ovn") }

    static var repositoryRoot: URL { OVNSandbox.repositoryRoot }

    /// - Parameter gatewayChassis: register the script's stand-in gateway chassis (no dataplane
    ///   behind it). Suites with real nodes turn it off: a gateway chassis that never answers BFD
    ///   makes a real one believe it is cut off, and it then claims no gateway port.
    public static func up(gatewayChassis: Bool = true) async throws -> NeutronSandbox {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("scnet-neutron-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let started = Date()
        let result = try await runToolAsync(
            [repositoryRoot.appendingPathComponent("scripts/neutron-sandbox").path, "up", directory.path],
            log: directory.appendingPathComponent("sandbox-up.log"),
            // Stops the sandbox should this process die without running the suite's teardown.
            environment: ["SCNET_SANDBOX_WATCH_PID": String(getpid())].merging(gatewayChassis ? [:] : ["SCNET_NEUTRON_GW_CHASSIS": "none"]) { a, _ in a })
        guard result.status == 0 else {
            // Stop whatever part came up (OVN, a server that never answered).
            _ = try? await runToolAsync(
                [repositoryRoot.appendingPathComponent("scripts/neutron-sandbox").path, "down", directory.path])
            throw SandboxFailure(message: "neutron-sandbox up failed (\(result.status)): \(result.output)")
        }
        let env = try EnvironmentFile.read(directory.appendingPathComponent("env"))
        guard let url = env["SCNET_NEUTRON_URL"], let nb = env["SCNET_OVN_NB"] else {
            throw SandboxFailure(message: "env file lacks SCNET_NEUTRON_URL or SCNET_OVN_NB: \(env)")
        }
        print("Neutron sandbox up in \(String(format: "%.1f", Date().timeIntervalSince(started))) s at \(url)")
        return NeutronSandbox(
            directory: directory, neutronURL: url, northbound: nb, southbound: env["SCNET_OVN_SB"] ?? "",
            http: NeutronClient.makeHTTPClient())
    }

    public func down() async {
        let started = Date()
        try? await http.shutdown()
        let shutDown = Date().timeIntervalSince(started)
        let result = try? await runToolAsync(
            [Self.repositoryRoot.appendingPathComponent("scripts/neutron-sandbox").path, "down", directory.path],
            log: directory.appendingPathComponent("sandbox-down.log"))
        print("Neutron sandbox down in \(String(format: "%.1f", Date().timeIntervalSince(started))) s "
            + "(HTTP client \(String(format: "%.1f", shutDown)) s): \(result?.output ?? "")")
        if ProcessInfo.processInfo.environment["SCNET_KEEP_SANDBOX"] == nil { try? FileManager.default.removeItem(at: directory) }
    }
}

public struct SandboxFailure: Error, CustomStringConvertible {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

/// Starts the sandbox once around a whole suite and exposes it as `NeutronSandbox.current`.
public struct NeutronSandboxTrait: SuiteTrait, TestScoping {
    let gatewayChassis: Bool
    public init(gatewayChassis: Bool = true) { self.gatewayChassis = gatewayChassis }
    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        // One neutron-server at a time in this process: two (each with its own SQLite writer
        // and eventlet workers) on 2 cores answered HTTP 500 "database is locked".
        await NeutronSandboxGate.shared.acquire()
        let sandbox: NeutronSandbox
        do {
            sandbox = try await NeutronSandbox.up(gatewayChassis: gatewayChassis)
        } catch {
            await NeutronSandboxGate.shared.release()
            throw error
        }
        do {
            try await NeutronSandbox.$current.withValue(sandbox) { try await function() }
        } catch {
            await sandbox.down()
            await NeutronSandboxGate.shared.release()
            throw error
        }
        await sandbox.down()
        await NeutronSandboxGate.shared.release()
    }
}

extension Trait where Self == NeutronSandboxTrait {
    /// A real neutron-server for the suite's tests.
    public static var neutronSandbox: Self { Self() }
    /// A real neutron-server whose only gateway chassis are the suite's own nodes.
    public static var neutronSandboxWithoutGatewayChassis: Self { Self(gatewayChassis: false) }
}


/// Lets one suite at a time hold a Neutron sandbox.
public actor NeutronSandboxGate {
    public static let shared = NeutronSandboxGate()
    private var held = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public func acquire() async {
        if !held {
            held = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    public func release() {
        if waiters.isEmpty {
            held = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
