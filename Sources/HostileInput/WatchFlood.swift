import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Many watches opened at once and then dropped without a goodbye: the server must keep
/// answering others while they are open, and let go of them once their connections close.
public struct WatchFlood: Sendable {
    public var opened = 0
    public var failures: [String] = []
    /// How long a list took while every watch was open, and after they were dropped.
    public var listSecondsDuring = 0.0
    public var listSecondsAfter = 0.0

    /// Opens `count` watches on `paths` (cycled) through one connection each, lists while they
    /// are open, drops them all, and lists again.
    public static func run(against runner: HostileInputRunner, count: Int,
                           paths: [String] = ["/api/v1/pods?watch=1", "/apis/kubeovn.io/v1/subnets?watch=true&allowWatchBookmarks=true",
                                              "/api/v1/namespaces?watch=1&labelSelector=a%3Db", "/apis/neutron.io/v1/fips?watch=1&resourceVersion=0"]) async throws -> WatchFlood {
        var configuration = HTTPClient.Configuration()
        configuration.tlsConfiguration = runner.tlsConfiguration
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = count + 4
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let flood = try await run(client, runner, count: count, paths: paths)
            try await client.shutdown()
            return flood
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private static func run(_ client: HTTPClient, _ runner: HostileInputRunner, count: Int, paths: [String]) async throws -> WatchFlood {
        let (events, signal) = AsyncStream.makeStream(of: String?.self)
        var flood = WatchFlood()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<count {
                group.addTask {
                    var request = HTTPClientRequest(url: runner.target.server + paths[index % paths.count])
                    if let token = runner.target.token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
                    do {
                        let response = try await client.execute(request, deadline: .now() + .seconds(60))
                        guard response.status == .ok else {
                            signal.yield("watch \(index) answered \(response.status.code)")
                            return
                        }
                        signal.yield(nil)
                        for try await _ in response.body {}
                    } catch {
                        if !Task.isCancelled { signal.yield("watch \(index): \(error)") }
                    }
                }
            }
            var answered = 0
            for await event in events {
                if let failure = event { flood.failures.append(failure) } else { flood.opened += 1 }
                answered += 1
                if answered == count { break }
            }
            flood.listSecondsDuring = try await timedList(runner)
            group.cancelAll()
        }
        flood.listSecondsAfter = try await timedList(runner)
        return flood
    }

    static func timedList(_ runner: HostileInputRunner) async throws -> Double {
        let start = ContinuousClock.now
        let (status, _) = try await runner.send(method: "GET", target: "/api/v1/pods")
        guard status == 200 else { throw RunnerError("listing pods during a watch flood answered \(status)") }
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
