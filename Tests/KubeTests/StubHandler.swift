import Foundation
import Kube
import NIOCore
import NIOHTTP1
import SCNetAPI

/// Answers one connection's requests from a ``StubStore``.
final class StubHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let store: StubStore
    var head: HTTPRequestHead?
    var body = Data()
    var watcherID: Int?

    init(store: StubStore) {
        self.store = store
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let id = watcherID { store.state.withLock { _ = $0.watchers.removeValue(forKey: id) } }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
            body = Data()
        case .body(var buffer):
            body.append(contentsOf: buffer.readBytes(length: buffer.readableBytes) ?? [])
        case .end:
            guard let head else { return }
            handle(head, context: context)
        }
    }

    struct Target {
        var collection: String
        var namespace: String?
        var name: String?
        var subresource: String?
        var query: [String: String]
    }

    static func parse(_ uri: String) -> Target? {
        let parts = uri.split(separator: "?", maxSplits: 1)
        var query: [String: String] = [:]
        if parts.count > 1 {
            for item in parts[1].split(separator: "&") {
                let kv = item.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
                query[kv[0]] = kv.count > 1 ? kv[1] : ""
            }
        }
        let segments = parts[0].split(separator: "/").map(String.init)
        let rootCount = segments.first == "api" ? 2 : 3
        guard segments.count > rootCount else { return nil }
        var rest = Array(segments[rootCount...])
        var collection = "/" + segments[..<rootCount].joined(separator: "/")
        var namespace: String?
        if rest[0] == "namespaces", rest.count >= 3 {
            namespace = rest[1]
            collection += "/namespaces/\(rest[1])"
            rest = Array(rest[2...])
        }
        collection += "/\(rest[0])"
        return Target(
            collection: collection, namespace: namespace, name: rest.count > 1 ? rest[1] : nil,
            subresource: rest.count > 2 ? rest[2] : nil, query: query)
    }

    private func handle(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        let authorization = head.headers.first(name: "Authorization") ?? ""
        store.state.withLock {
            $0.requests.append("\(head.method.rawValue) \(head.uri)")
            $0.authorizations.append(authorization)
        }
        guard let target = Self.parse(head.uri) else {
            return respond(StubResponse.status(404, "NotFound", "no such path \(head.uri)"), head, context)
        }
        if head.method == .GET, target.name == nil, target.query["watch"] == "true" {
            if store.state.value.refuseWatches {
                return respond(StubResponse.status(503, "ServiceUnavailable", "watches are refused for this test"), head, context)
            }
            return startWatch(target, head, context)
        }
        let input = try? JSONDecoder().decode(JSONValue.self, from: body)
        let contentType = head.headers.first(name: "Content-Type") ?? ""
        let response: StubResponse
        switch (head.method, target.name) {
        case (.GET, nil): response = list(target)
        case (.GET, let name?):
            response = store.state.withLock { s in
                s.collections[target.collection]?[name].map { StubResponse(status: 200, body: $0) }
                    ?? StubResponse.status(404, "NotFound", "\(target.collection) \"\(name)\" not found")
            }
        case (.POST, nil): response = create(target, input)
        case (.PUT, let name?): response = replace(target, name: name, input)
        case (.PATCH, let name?): response = patch(target, name: name, input, contentType: contentType)
        case (.DELETE, let name?): response = delete(target, name: name)
        default: response = StubResponse.status(405, "MethodNotAllowed", "\(head.method) \(head.uri)")
        }
        respond(response, head, context)
    }

    private func list(_ target: Target) -> StubResponse {
        store.state.withLock { s in
            var items = (s.collections[target.collection] ?? [:]).sorted { $0.key < $1.key }.map(\.value)
            if let selector = target.query["labelSelector"], !selector.isEmpty {
                let terms = selector.split(separator: ",").map { $0.split(separator: "=").map(String.init) }
                items = items.filter { o in terms.allSatisfy { o["metadata"]?["labels"]?[$0[0]]?.stringValue == $0.last } }
            }
            if let selector = target.query["fieldSelector"], selector.hasPrefix("metadata.name=") {
                let name = String(selector.dropFirst("metadata.name=".count))
                items = items.filter { $0["metadata"]?["name"]?.stringValue == name }
            }
            if let after = target.query["continue"] {
                items = items.filter { ($0["metadata"]?["name"]?.stringValue ?? "") > after }
            }
            var meta: [String: JSONValue] = ["resourceVersion": .string(String(s.resourceVersion))]
            if let limit = target.query["limit"].flatMap(Int.init), items.count > limit {
                items = Array(items.prefix(limit))
                meta["continue"] = items.last?["metadata"]?["name"] ?? ""
            }
            return StubResponse(status: 200, body: ["kind": "List", "apiVersion": "v1", "metadata": .object(meta), "items": .array(items)])
        }
    }

    private func create(_ target: Target, _ input: JSONValue?) -> StubResponse {
        guard var object = input?.objectValue, var meta = object["metadata"]?.objectValue,
            let name = meta["name"]?.stringValue, !name.isEmpty
        else { return StubResponse.status(400, "BadRequest", "object has no metadata.name") }
        if name.hasPrefix("invalid") {
            return StubResponse.status(
                422, "Invalid", "Subnet.kubeovn.io \"\(name)\" is invalid: spec.cidrBlock: Required value",
                causes: [["reason": "FieldValueRequired", "field": "spec.cidrBlock", "message": "Required value"]])
        }
        return store.mutate { s in
            if s.collections[target.collection]?[name] != nil {
                return (StubResponse.status(409, "AlreadyExists", "\(target.collection) \"\(name)\" already exists"), nil)
            }
            s.resourceVersion += 1
            meta["uid"] = .string(UUID().uuidString.lowercased())
            meta["resourceVersion"] = .string(String(s.resourceVersion))
            meta["creationTimestamp"] = "2025-01-01T00:00:00Z"
            if let ns = target.namespace { meta["namespace"] = .string(ns) }
            object["metadata"] = .object(meta)
            s.collections[target.collection, default: [:]][name] = .object(object)
            return (StubResponse(status: 201, body: .object(object)), (target.collection, "ADDED", .object(object)))
        }
    }

    /// Stores `update(old)` as the new version of `name`, refusing a stale `resourceVersion`.
    private func write(_ target: Target, name: String, _ update: @escaping (JSONValue) -> JSONValue?) -> StubResponse {
        store.mutate { s in
            guard let old = s.collections[target.collection]?[name] else {
                return (StubResponse.status(404, "NotFound", "\(target.collection) \"\(name)\" not found"), nil)
            }
            guard let new = update(old), var object = new.objectValue, var meta = object["metadata"]?.objectValue else {
                return (StubResponse.status(400, "BadRequest", "the patch did not apply"), nil)
            }
            if let rv = meta["resourceVersion"]?.stringValue, !rv.isEmpty, rv != old["metadata"]?["resourceVersion"]?.stringValue {
                return (
                    StubResponse.status(
                        409, "Conflict",
                        "Operation cannot be fulfilled on \(target.collection) \"\(name)\": the object has been modified; please apply your changes to the latest version and try again"),
                    nil
                )
            }
            if target.subresource == "status" {
                var kept = old.objectValue ?? [:]
                kept["status"] = object["status"]
                object = kept
                meta = object["metadata"]?.objectValue ?? [:]
            } else {
                object["status"] = old["status"]
            }
            for key in ["uid", "creationTimestamp", "name", "namespace"] { meta[key] = old["metadata"]?[key] }
            s.resourceVersion += 1
            meta["resourceVersion"] = .string(String(s.resourceVersion))
            object["metadata"] = .object(meta)
            s.collections[target.collection]?[name] = .object(object)
            return (StubResponse(status: 200, body: .object(object)), (target.collection, "MODIFIED", .object(object)))
        }
    }

    private func replace(_ target: Target, name: String, _ input: JSONValue?) -> StubResponse {
        guard let input else { return StubResponse.status(400, "BadRequest", "no body") }
        return write(target, name: name) { _ in input }
    }

    private func patch(_ target: Target, name: String, _ input: JSONValue?, contentType: String) -> StubResponse {
        guard let input else { return StubResponse.status(400, "BadRequest", "no body") }
        switch contentType {
        case "application/merge-patch+json":
            return write(target, name: name) { old in
                var merged = JSONPatching.merge(old, input)
                // A merge patch without resourceVersion is unconditional.
                if input["metadata"]?["resourceVersion"] == nil, case .object(var o) = merged, case .object(var m)? = o["metadata"] {
                    m["resourceVersion"] = nil
                    o["metadata"] = .object(m)
                    merged = .object(o)
                }
                return merged
            }
        case "application/json-patch+json":
            return write(target, name: name) { old in
                guard var result = JSONPatching.apply(input, to: old) else { return nil }
                if case .object(var o) = result, case .object(var m)? = o["metadata"],
                    m["resourceVersion"] == old["metadata"]?["resourceVersion"]
                {
                    m["resourceVersion"] = nil
                    o["metadata"] = .object(m)
                    result = .object(o)
                }
                return result
            }
        default:
            return StubResponse.status(415, "UnsupportedMediaType", "\(contentType) is not supported")
        }
    }

    private func delete(_ target: Target, name: String) -> StubResponse {
        store.mutate { s in
            guard var object = s.collections[target.collection]?.removeValue(forKey: name)?.objectValue else {
                return (StubResponse.status(404, "NotFound", "\(target.collection) \"\(name)\" not found"), nil)
            }
            s.resourceVersion += 1
            if case .object(var meta)? = object["metadata"] {
                meta["resourceVersion"] = .string(String(s.resourceVersion))
                object["metadata"] = .object(meta)
            }
            let status: JSONValue = ["kind": "Status", "apiVersion": "v1", "status": "Success", "details": ["name": .string(name)]]
            return (StubResponse(status: 200, body: status), (target.collection, "DELETED", .object(object)))
        }
    }

    private func respond(_ response: StubResponse, _ head: HTTPRequestHead, _ context: ChannelHandlerContext) {
        let data = (try? JSONEncoder().encode(response.body)) ?? Data()
        var headers = HTTPHeaders([("Content-Type", "application/json")])
        headers.add(name: "Content-Length", value: String(data.count))
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .init(statusCode: response.status), headers: headers))),
            promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: data)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    private func startWatch(_ target: Target, _ head: HTTPRequestHead, _ context: ChannelHandlerContext) {
        let state = store.state.value
        if state.goneAsHTTPStatus, let version = Int(target.query["resourceVersion"] ?? ""), version != 0,
            version < state.oldestKept
        {
            return respond(
                StubResponse.status(410, "Expired", "too old resource version: \(version) (\(state.oldestKept))"), head, context)
        }
        // `Connection: close`: the stub closes a watch's connection when it ends it, so the client must not reuse it.
        let headers = HTTPHeaders([
            ("Content-Type", "application/json"), ("Transfer-Encoding", "chunked"), ("Connection", "close"),
        ])
        context.writeAndFlush(
            wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers))), promise: nil)
        let channel = context.channel
        let send: @Sendable (String) -> Void = { line in
            channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(string: line))), promise: nil)
        }
        let close: @Sendable () -> Void = {
            channel.writeAndFlush(HTTPServerResponsePart.end(nil)).whenComplete { _ in channel.close(promise: nil) }
        }
        let abort: @Sendable () -> Void = { channel.close(promise: nil) }
        let from = target.query["resourceVersion"] ?? ""
        var fieldName: String?
        if let selector = target.query["fieldSelector"], selector.hasPrefix("metadata.name=") {
            fieldName = String(selector.dropFirst("metadata.name=".count))
        }
        let collection = target.collection
        let registered: Int? = store.state.withLock { s in
            if from.isEmpty || from == "0" {
                for object in (s.collections[collection] ?? [:]).sorted(by: { $0.key < $1.key }).map(\.value)
                where fieldName == nil || object["metadata"]?["name"]?.stringValue == fieldName {
                    send(StubStore.eventLine(.init(collection: collection, type: "ADDED", object: object, resourceVersion: 0)))
                }
            } else {
                let version = Int(from) ?? 0
                if version < s.oldestKept {
                    send(
                        #"{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: \#(version) (\#(s.oldestKept))","reason":"Expired","code":410}}"#
                            + "\n")
                    close()
                    return nil
                }
                for change in s.history where change.collection == collection && change.resourceVersion > version
                    && (fieldName == nil || change.object["metadata"]?["name"]?.stringValue == fieldName)
                {
                    send(StubStore.eventLine(change))
                }
            }
            s.nextWatcher += 1
            s.watchers[s.nextWatcher] = .init(collection: collection, fieldName: fieldName, send: send, close: close, abort: abort)
            return s.nextWatcher
        }
        watcherID = registered
    }
}
