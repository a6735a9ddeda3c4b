import Foundation
import Hummingbird
import NIOCore
import SCNetAPI

extension APIResponder {
    /// A chunked stream of `{"type":…,"object":…}` lines, one per change, until the client goes away
    /// (noticed through the closed inbound side, so no watcher outlives its connection), the
    /// `timeoutSeconds` pass or the server stops. A too-old resourceVersion gets an in-stream
    /// `ERROR` event with a 410 `Expired` Status, as kube-apiserver sends it.
    func watch(_ request: Request, _ r: ServedResource, _ filter: ObjectFilter, _ query: QueryParameters, table: Bool, includeObject: String) async throws -> Response {
        let from = try query.integer("resourceVersion").map(Int64.init)
        let bookmarks = query.flag("allowWatchBookmarks")
        let timeout = try query.integer("timeoutSeconds")
        let stream: AsyncStream<WatchEvent>
        var expired: KubeLiteError?
        do {
            stream = try await store.watch(r, filter: filter, from: from, bookmark: bookmarks, timeout: timeout.map { .seconds($0) })
        } catch let e as KubeLiteError {
            stream = AsyncStream { $0.finish() }
            expired = e
        }
        let logger = self.logger
        let expiredError = expired
        logger.debug("watch open \(r.qualifiedName) from \(from.map(String.init) ?? "now")")
        let headers: HTTPFields = [.contentType: "application/json"]
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            if let expiredError {
                try await writer.write(Self.line(.object(["type": .string("ERROR"), "object": expiredError.status])))
                try await writer.finish(nil)
                return
            }
            do {
                try await request.body.consumeWithCancellationOnInboundClose { _ in
                    var first = true
                    for await event in stream {
                        try await writer.write(Self.line(Self.frame(event, r, table: table, includeObject: includeObject, withColumns: first)))
                        first = false
                    }
                }
            } catch is CancellationError {
                logger.debug("watch closed by client \(r.qualifiedName)")
                return
            }
            logger.debug("watch ended \(r.qualifiedName)")
            try await writer.finish(nil)
        })
    }

    static func frame(_ e: WatchEvent, _ r: ServedResource, table: Bool, includeObject: String, withColumns: Bool) -> JSONValue {
        var object = e.object
        if table, e.type != .bookmark {
            let row = TableResponse.row(r, e.object, includeObject: includeObject)
            object = .object(["kind": .string("Table"), "apiVersion": .string("meta.k8s.io/v1"),
                              "metadata": .object(["resourceVersion": .string(String(e.revision))]),
                              "columnDefinitions": withColumns ? TableResponse.columnDefinitions(r) : .array([]),
                              "rows": .array([row])])
        }
        return .object(["type": .string(e.type.rawValue), "object": object])
    }

    static func line(_ v: JSONValue) -> ByteBuffer {
        var b = ByteBuffer(bytes: v.jsonData)
        b.writeString("\n")
        return b
    }
}
