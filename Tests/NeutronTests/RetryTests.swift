import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import Neutron
import TestSupport
import Testing

/// Retries and timeouts over real sockets, with a stub that fails on demand.
@Suite("Retries and timeouts")
struct RetryTests {
    static let http = NeutronClient.makeHTTPClient()

    func client(_ url: String, attempts: Int = 3, timeout: Duration = .seconds(5)) -> NeutronClient {
        NeutronClient(
            configuration: NeutronConfiguration(
                authentication: .noauth(endpoint: url, projectID: "p"),
                retry: RetryPolicy(maxAttempts: attempts, initialBackoff: .milliseconds(10)),
                requestTimeout: timeout),
            httpClient: Self.http)
    }

    /// Answers 503 to the first `failures` requests, then a router list / created router.
    func flakyServer(failures: Int) async throws -> StubHTTPServer {
        let count = Locked(0)
        return try await StubHTTPServer { request in
            let n = count.withLock { $0 += 1; return $0 }
            if n <= failures {
                return .json(503, ["NeutronError": ["type": "ServiceUnavailable", "message": "busy", "detail": ""]])
            }
            if request.method == "POST" {
                return .json(201, ["router": ["id": "r1", "name": "x"]])
            }
            return .json(200, ["routers": [["id": "r1", "name": "x"]], "routers_links": []])
        }
    }

    @Test("a GET answered 503 twice succeeds on the third attempt")
    func getRetried() async throws {
        let server = try await flakyServer(failures: 2)
        defer { Task { try? await server.close() } }
        let routers = try await client(server.baseURL).routers()
        #expect(routers.map(\.id) == ["r1"])
        #expect(server.requests.count == 3)
    }

    @Test("a POST answered 503 is not repeated and reports Neutron's fault")
    func postNotRetried() async throws {
        let server = try await flakyServer(failures: 1)
        defer { Task { try? await server.close() } }
        let error = await #expect(throws: NeutronClientError.self) {
            try await client(server.baseURL).createRouter(RouterCreate(name: "x"))
        }
        guard case .httpStatus(let request, 503, let fault)? = error else {
            Issue.record("expected 503, got \(String(describing: error))")
            return
        }
        #expect(request == "POST /v2.0/routers")
        #expect(fault.type == "ServiceUnavailable")
        #expect(server.requests.count == 1)
        #expect(server.requests[0].json?["router"].flatMap { ($0 as? [String: Any])?["project_id"] as? String } == "p")
    }

    @Test("a refused connection is retried, then reported as a transport error naming the attempts")
    func connectionRefused() async throws {
        // A port held by a socket that never listens: connecting is refused, and no other
        // test running in parallel can take the port meanwhile (a just-closed one can be).
        let port = try ClosedPort()
        defer { port.release() }
        let url = "http://127.0.0.1:\(port.number)"
        let error = await #expect(throws: NeutronClientError.self) {
            // AsyncHTTPClient's own reconnecting is off (NeutronClient.makeHTTPClient), so each
            // refused attempt fails at once and our policy retries it.
            try await client(url, attempts: 3, timeout: .seconds(10)).createRouter(RouterCreate(name: "x"))
        }
        guard case .transport(let request, let attempts, let reason)? = error else {
            Issue.record("expected .transport, got \(String(describing: error))")
            return
        }
        #expect(request == "POST /v2.0/routers")
        #expect(attempts == 3)  // never sent, so even a POST is retried
        #expect(reason.contains("refused"))
    }
}

/// A server that accepts connections and never answers.
struct SilentServer: Sendable {
    let channel: any Channel
    var url: String { "http://127.0.0.1:\(channel.localAddress?.port ?? 0)" }

    static func start() async throws -> SilentServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { $0.eventLoop.makeSucceededVoidFuture() }
            .bind(host: "127.0.0.1", port: 0).get()
        return SilentServer(channel: channel)
    }
}

@Suite("Timeouts")
struct TimeoutTests {
    func client(_ url: String) -> NeutronClient {
        NeutronClient(
            configuration: NeutronConfiguration(
                authentication: .noauth(endpoint: url, projectID: "p"),
                retry: RetryPolicy(maxAttempts: 3, initialBackoff: .milliseconds(10)),
                requestTimeout: .milliseconds(300)),
            httpClient: RetryTests.http)
    }

    @Test("a GET without an answer times out per attempt and is retried")
    func getTimesOut() async throws {
        let server = try await SilentServer.start()
        defer { server.channel.close(promise: nil) }
        let error = await #expect(throws: NeutronClientError.self) { try await client(server.url).routers() }
        guard case .transport(_, let attempts, let reason)? = error else {
            Issue.record("expected .transport, got \(String(describing: error))")
            return
        }
        #expect(attempts == 3)
        #expect(reason.contains("timeout"))
    }

    @Test("a POST without an answer is not repeated: it may have reached the server")
    func postNotRepeated() async throws {
        let server = try await SilentServer.start()
        defer { server.channel.close(promise: nil) }
        let error = await #expect(throws: NeutronClientError.self) {
            try await client(server.url).createFloatingIP(FloatingIPCreate(floatingNetworkID: "n"))
        }
        guard case .transport(let request, let attempts, let reason)? = error else {
            Issue.record("expected .transport, got \(String(describing: error))")
            return
        }
        #expect(request == "POST /v2.0/floatingips")
        #expect(attempts == 1)
        #expect(reason.contains("not retried"))
    }
}

/// A loopback TCP port bound but not listening, so every connection to it is refused.
struct ClosedPort {
    let descriptor: Int32
    let number: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = fd >= 0 && withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else {
            if fd >= 0 { close(fd) }
            throw POSIXError(.EADDRNOTAVAIL)
        }
        descriptor = fd
        number = Int(UInt16(bigEndian: address.sin_port))
    }

    func release() { close(descriptor) }
}
