import Foundation
import Kube
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import SCNetAPI
import TestSupport

/// A small Kubernetes-like API server on 127.0.0.1 for the `Kube` client's tests: any
/// collection path (`/apis/G/V/plural`, `/api/v1/namespaces/NS/plural`) holds JSON objects with
/// one global resourceVersion; it serves get/list (limit/continue, `labelSelector` k=v,
/// `fieldSelector` metadata.name=)/create/update/status/merge- and JSON-patch/delete, and
/// chunked watches from a resourceVersion with bookmarks. Tests can cut every open watch
/// (``dropWatches()``) and forget history (``compact()``) so that old versions get 410.
final class StubAPIServer: Sendable {
    private let channel: any Channel
    let store: StubStore
    let port: Int

    let usesTLS: Bool
    var baseURL: String { "\(usesTLS ? "https" : "http")://127.0.0.1:\(port)" }

    /// A stub on plain http, or on https with `tls` (a server configuration).
    init(tls: TLSConfiguration? = nil) async throws {
        let store = StubStore()
        self.store = store
        usesTLS = tls != nil
        let sslContext = try tls.map { try NIOSSLContext(configuration: $0) }
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext))
                    }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(StubHandler(store: store))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress?.port ?? 0
    }

    /// Closes every open watch stream cleanly (as a server's timeout or restart does).
    func dropWatches() { store.dropWatches() }

    /// Refuses new watches (503) and closes the open ones.
    func refuseWatches(_ refuse: Bool) {
        store.state.withLock { $0.refuseWatches = refuse }
        if refuse { store.dropWatches() }
    }

    /// Forgets all history: a watch from any older version now gets an in-stream 410.
    func compact() { store.compact() }

    func close() async throws {
        store.dropWatches()
        try await channel.close()
    }
}

/// The stub's objects, history and open watches.
final class StubStore: Sendable {
    struct Change: Sendable {
        var collection: String
        var type: String
        var object: JSONValue
        var resourceVersion: Int
    }

    struct Watcher: Sendable {
        var collection: String
        var fieldName: String?
        var send: @Sendable (String) -> Void
        var close: @Sendable () -> Void
        /// Closes the connection without the terminating chunk: a broken connection.
        var abort: @Sendable () -> Void
    }

    struct State: Sendable {
        var resourceVersion = 100
        var collections: [String: [String: JSONValue]] = [:]
        var history: [Change] = []
        var oldestKept = 0
        var watchers: [Int: Watcher] = [:]
        var nextWatcher = 0
        var requests: [String] = []
        /// The `Authorization` header of each request ("" when absent).
        var authorizations: [String] = []
        /// While set, new watches are answered 503 (the informer must back off and retry).
        var refuseWatches = false
        /// Answer a watch from a forgotten version with HTTP 410 instead of an in-stream ERROR event.
        var goneAsHTTPStatus = false
    }

    let state = Locked(State())

    var requests: [String] { state.value.requests }
    var openWatches: Int { state.value.watchers.count }

    func dropWatches() {
        let watchers = state.withLock { s in
            defer { s.watchers.removeAll() }
            return Array(s.watchers.values)
        }
        for w in watchers { w.close() }
    }

    /// Breaks every open watch connection mid-stream (no terminating chunk).
    func breakWatches() {
        let watchers = state.withLock { s in
            defer { s.watchers.removeAll() }
            return Array(s.watchers.values)
        }
        for w in watchers { w.abort() }
    }

    func compact() {
        state.withLock { s in
            s.history.removeAll()
            s.oldestKept = s.resourceVersion
        }
    }

    /// Sends a BOOKMARK at the current version to every watcher.
    func bookmark(kind: String, apiVersion: String) {
        let (rv, watchers) = state.withLock { s in (s.resourceVersion, Array(s.watchers.values)) }
        let line = #"{"type":"BOOKMARK","object":{"kind":"\#(kind)","apiVersion":"\#(apiVersion)","metadata":{"resourceVersion":"\#(rv)"}}}"#
        for w in watchers { w.send(line + "\n") }
    }

    /// Stores a change; returns the watchers of its collection with the line to send them.
    private static func record(_ s: inout State, _ collection: String, _ type: String, _ object: JSONValue) -> [(Watcher, String)] {
        let change = Change(collection: collection, type: type, object: object, resourceVersion: s.resourceVersion)
        s.history.append(change)
        let line = StubStore.eventLine(change)
        return s.watchers.values.filter { w in
            w.collection == collection && (w.fieldName == nil || w.fieldName == object["metadata"]?["name"]?.stringValue)
        }.map { ($0, line) }
    }

    static func eventLine(_ change: Change) -> String {
        let object = (try? JSONEncoder().encode(change.object)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return #"{"type":"\#(change.type)","object":\#(object)}"# + "\n"
    }

    /// Applies `body` to the state; `body` returns the response and whether it changed an object.
    func mutate(
        _ body: (inout State) -> (response: StubResponse, change: (collection: String, type: String, object: JSONValue)?)
    ) -> StubResponse {
        // Deliver under the lock, so that watchers see changes in resourceVersion order.
        let response = state.withLock { s -> StubResponse in
            let (response, change) = body(&s)
            guard let change else { return response }
            for (watcher, line) in StubStore.record(&s, change.collection, change.type, change.object) {
                watcher.send(line)
            }
            return response
        }
        return response
    }
}

/// One HTTP answer of the stub.
struct StubResponse: Sendable {
    var status: Int
    var body: JSONValue

    static func status(_ code: Int, _ reason: String, _ message: String, causes: [JSONValue] = []) -> StubResponse {
        var details: [String: JSONValue] = [:]
        if !causes.isEmpty { details["causes"] = .array(causes) }
        return StubResponse(
            status: code,
            body: [
                "kind": "Status", "apiVersion": "v1", "status": "Failure", "code": .number(Double(code)),
                "reason": .string(reason), "message": .string(message), "details": .object(details),
            ])
    }
}
