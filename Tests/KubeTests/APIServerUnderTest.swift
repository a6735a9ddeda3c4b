import Foundation
import Kube

/// A server the client's integration tests run against. The in-test stub implements it; the
/// embedded API (KubeLite) and a real cluster can too, so the same tests prove the client there.
protocol APIServerUnderTest: Sendable {
    /// How to reach it.
    var config: KubeConfig { get }
    /// Whether expired versions are refused with HTTP 410 on opening (else in-stream, as kube-apiserver does).
    func setGoneAsHTTPStatus(_ on: Bool) async throws
    /// Runs `changes` while no watch can be open (open ones are cut, new ones fail), then lets
    /// clients back in. With `expireHistory`, versions from before are forgotten, so a client
    /// resuming from them gets 410 Gone and must re-list.
    func whileDisconnected(expireHistory: Bool, _ changes: @Sendable () async throws -> Void) async throws
    /// Ends every open watch cleanly, as a server timeout does.
    func dropWatches() async throws
    /// Breaks every open watch connection mid-stream, as a crash or network failure does.
    func breakWatches() async throws
    /// Request lines seen so far, when the server records them (`nil` otherwise).
    var requestLog: [String]? { get }
    func stop() async throws
}

extension StubAPIServer: APIServerUnderTest {
    var config: KubeConfig { KubeConfig(server: baseURL) }
    var requestLog: [String]? { store.requests }

    func whileDisconnected(expireHistory: Bool, _ changes: @Sendable () async throws -> Void) async throws {
        refuseWatches(true)
        try await changes()
        if expireHistory { compact() }
        refuseWatches(false)
    }

    func dropWatches() async throws { store.dropWatches() }
    func setGoneAsHTTPStatus(_ on: Bool) async throws { store.state.withLock { $0.goneAsHTTPStatus = on } }
    func breakWatches() async throws { store.breakWatches() }
    func stop() async throws { try await close() }
}

/// The server for this run: the in-test stub. After the embedded API (KubeLite) is merged, its
/// harness conforms to ``APIServerUnderTest`` (disconnects by restarting it or through a
/// loopback proxy) and is returned here instead, so the same tests prove the client against it.
func startServerUnderTest() async throws -> any APIServerUnderTest {
    try await StubAPIServer()
}

/// Runs `body` with a client of `server`, then shuts both down whether or not `body` throws.
func withClient<Server: APIServerUnderTest>(
    of server: Server, _ body: (KubeClient, Server) async throws -> Void
) async throws {
    let client: KubeClient
    do { client = try KubeClient(config: server.config) } catch {
        try? await server.stop()
        throw error
    }
    do {
        try await body(client, server)
    } catch {
        try? await client.shutdown()
        try? await server.stop()
        throw error
    }
    try await client.shutdown()
    try await server.stop()
}

/// ``withClient(of:_:)`` on a fresh server for this run (``startServerUnderTest()``).
func withClient(_ body: (KubeClient, any APIServerUnderTest) async throws -> Void) async throws {
    try await withClient(of: try await startServerUnderTest(), body)
}
