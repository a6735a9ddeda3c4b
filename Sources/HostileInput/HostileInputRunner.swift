import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import SCNetAPI

/// Sends hostile requests to a running embedded API and judges each answer: a 4xx whose body
/// is a `Status` with the same code is handled; a 2xx/3xx/5xx, another body, no answer within
/// `deadline` or a broken connection is mishandled. Between batches it reads the store's
/// resourceVersion: a batch that moved it changed state, which no hostile request may do.
public final class HostileInputRunner: Sendable {
    /// Where the API listens (`https://127.0.0.1:PORT`), and how to reach it.
    public struct Target: Sendable {
        public var server: String
        public var token: String?
        public var certificateAuthorityPEM: [UInt8]?

        public init(server: String, token: String?, certificateAuthorityPEM: [UInt8]?) {
            self.server = server
            self.token = token
            self.certificateAuthorityPEM = certificateAuthorityPEM
        }

        /// The target `scnet serve --data-dir DIR` listens on at `server`, with the token and
        /// CA it keeps in DIR.
        public static func dataDirectory(_ directory: URL, server: String) throws -> Target {
            let token = try String(contentsOf: directory.appendingPathComponent("token"), encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let ca = try Data(contentsOf: directory.appendingPathComponent("ca.crt"))
            return Target(server: server, token: token, certificateAuthorityPEM: Array(ca))
        }
    }

    /// One mishandled request: what was wrong with it, where it went, and what came back.
    public struct Failure: Sendable, CustomStringConvertible {
        public var defect: String
        public var request: String
        public var reason: String
        public var description: String { "\(defect): \(request): \(reason)" }
    }

    /// What a run found.
    public struct Report: Sendable {
        public var tried = 0
        public var failures: [Failure] = []
        /// Requests per defect family, to show the mix.
        public var byDefect: [String: Int] = [:]
        /// Answers per HTTP status.
        public var byStatus: [Int: Int] = [:]
    }

    public let target: Target
    public let client: HTTPClient
    /// Trusts the target's CA only (nil for plain HTTP).
    let tlsConfiguration: TLSConfiguration?
    let deadline: TimeAmount

    public init(target: Target, connections: Int = 16, deadline: TimeAmount = .seconds(20)) throws {
        self.target = target
        self.deadline = deadline
        var configuration = HTTPClient.Configuration()
        if let ca = target.certificateAuthorityPEM {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(ca))
            configuration.tlsConfiguration = tls
        }
        tlsConfiguration = configuration.tlsConfiguration
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = connections
        configuration.decompression = .disabled
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func shutdown() async throws { try await client.shutdown() }

    /// Sends one request with the token (unless `authenticated` is false) and answers its status
    /// and body (at most `limit` bytes of it).
    public func send(method: String, target path: String, headers: [(String, String)] = [], body: [UInt8]? = nil,
                     authenticated: Bool = true, limit: Int = 4 << 20) async throws -> (status: Int, body: [UInt8]) {
        var request = HTTPClientRequest(url: target.server + path)
        request.method = HTTPMethod(rawValue: method)
        if authenticated, let token = target.token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await client.execute(request, deadline: .now() + deadline)
        let collected = try await response.body.collect(upTo: limit)
        return (Int(response.status.code), Array(collected.readableBytesView))
    }

    /// Creates the fixture objects (see ``Fixtures``); fails naming the first one refused.
    public func createFixtures() async throws {
        for (path, body) in Fixtures.creates {
            let (status, answer) = try await send(method: "POST", target: path, headers: [("Content-Type", "application/json")], body: Array(body.utf8))
            guard status == 201 || status == 409 else {
                throw RunnerError("fixture \(path) was refused (\(status)): \(String(decoding: answer, as: UTF8.self))")
            }
        }
    }

    /// The fixtures as stored now, to compare before and after.
    public func fixtureSnapshot() async throws -> [String: JSONValue] {
        var snapshot: [String: JSONValue] = [:]
        for path in Fixtures.objectPaths {
            let (status, body) = try await send(method: "GET", target: path)
            guard status == 200 else { throw RunnerError("fixture \(path) is gone (\(status))") }
            snapshot[path] = try JSONValue(parsing: body)
        }
        return snapshot
    }

    /// The store's resourceVersion: any write anywhere moves it.
    public func storeRevision() async throws -> String {
        let (status, body) = try await send(method: "GET", target: "/api/v1/namespaces?limit=1")
        guard status == 200, let version = try JSONValue(parsing: body)["metadata"]?["resourceVersion"]?.stringValue else {
            throw RunnerError("listing namespaces answered \(status)")
        }
        return version
    }

    /// Sends `count` requests of `requests`, `concurrency` at a time, and reports every one
    /// not refused properly and every batch that changed the store.
    public func run(_ requests: HostileRequests, count: Int, concurrency: Int = 8) async throws -> Report {
        var report = Report()
        var requests = requests
        var revision = try await storeRevision()
        while report.tried < count {
            var batch: [HostileRequest] = []
            while batch.count < min(concurrency, count - report.tried), let next = requests.next() { batch.append(next) }
            let outcomes = await withTaskGroup(of: (Int, HostileOutcome).self) { group in
                for (index, request) in batch.enumerated() {
                    group.addTask { (index, await self.judge(request)) }
                }
                var all = [HostileOutcome](repeating: .mishandled("not sent"), count: batch.count)
                for await (index, outcome) in group { all[index] = outcome }
                return all
            }
            for (request, outcome) in zip(batch, outcomes) {
                report.tried += 1
                report.byDefect[request.defect.split(separator: ".").first.map(String.init) ?? request.defect, default: 0] += 1
                switch outcome {
                case .refused(let status): report.byStatus[status, default: 0] += 1
                case .mishandled(let reason):
                    report.failures.append(Failure(defect: request.defect, request: Self.describe(request), reason: reason))
                }
            }
            let now = try await storeRevision()
            if now != revision {
                let defects = batch.map(\.defect).joined(separator: ", ")
                report.failures.append(Failure(defect: "state", request: defects, reason: "the store moved from revision \(revision) to \(now)"))
                revision = now
            }
        }
        return report
    }

    /// Sends one request and judges the answer.
    public func judge(_ request: HostileRequest) async -> HostileOutcome {
        let answer: (status: Int, body: [UInt8])
        do {
            answer = try await send(method: request.method, target: request.target, headers: request.headers, body: request.body,
                                    authenticated: request.authenticated)
        } catch {
            return .mishandled("no answer: \(error)")
        }
        guard (400..<500).contains(answer.status) else {
            return .mishandled("HTTP \(answer.status): \(String(decoding: answer.body.prefix(300), as: UTF8.self))")
        }
        guard let status = try? JSONValue(parsing: answer.body), status["kind"]?.stringValue == "Status",
              status["status"]?.stringValue == "Failure", status["code"] == .number(Double(answer.status))
        else {
            return .mishandled("HTTP \(answer.status) without a matching Status: \(String(decoding: answer.body.prefix(300), as: UTF8.self))")
        }
        return .refused(status: answer.status)
    }

    static func describe(_ request: HostileRequest) -> String {
        let body = request.body.map { " body \($0.count) bytes: \(String(decoding: $0.prefix(160), as: UTF8.self))" } ?? ""
        return "\(request.method) \(request.target.prefix(200))\(body)"
    }
}

/// Why a hostile run could not be carried out (as opposed to a mishandled request).
public struct RunnerError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
