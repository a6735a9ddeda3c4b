import Foundation
import Hummingbird
import Logging
import NIOCore
import SCNetAPI

/// Answers every request of the embedded API: `/version`, discovery, OpenAPI v3 and the resource
/// paths (CRUD, list, watch, patch, status). Errors become Kubernetes `Status` bodies.
struct APIResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let store: ObjectStore
    let serverAddress: String
    /// The bearer token every request but the health checks must carry (`nil`: none needed).
    let token: String?
    let logger: Logger
    static let maxBody = 16 << 20
    /// Paths kube-apiserver answers without credentials (its `system:public-info-viewer` role).
    static let publicPaths: Set<String> = ["/healthz", "/livez", "/readyz", "/version"]

    func respond(to request: Request, context: Context) async throws -> Response {
        do {
            if let token, !Self.publicPaths.contains(request.uri.path),
               !Self.authorized(request.headers[.authorization], token: token) {
                throw KubeLiteError.unauthorized
            }
            return try await route(request)
        } catch let e as KubeLiteError {
            logger.debug("\(request.method) \(request.uri): \(e.code) \(e)")
            return Self.json(e.status, status: e.code)
        } catch {
            return Self.json(KubeLiteError.badRequest("\(error)").status, status: 400)
        }
    }

    /// Whether `header` is `Bearer <token>`, compared in constant time.
    static func authorized(_ header: String?, token: String) -> Bool {
        guard let header, header.hasPrefix("Bearer ") else { return false }
        let given = Array(header.utf8.dropFirst(7)), wanted = Array(token.utf8)
        guard given.count == wanted.count else { return false }
        return zip(given, wanted).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private func route(_ request: Request) async throws -> Response {
        let path = request.uri.path
        let query = QueryParameters(request.uri.query)
        if let target = RequestPath(path) { return try await resource(request, target, query) }
        guard request.method == .get else { throw KubeLiteError.methodNotAllowed("\(request.method) \(path)") }
        let parts = path.split(separator: "/").map(String.init)
        if let found = Self.discovery(parts, serverAddress: serverAddress) { return Self.json(found) }
        if ["healthz", "readyz", "livez"].contains(parts.first ?? "") {
            return Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "ok")))
        }
        throw KubeLiteError.pathNotFound(path)
    }

    /// `/version`, discovery and OpenAPI documents by path segments.
    static func discovery(_ parts: [String], serverAddress: String) -> JSONValue? {
        switch (parts.count, parts.first) {
        case (1, "version"): return Discovery.version
        case (1, "api"): return Discovery.apiVersions(serverAddress: serverAddress)
        case (1, "apis"): return Discovery.apiGroupList
        case (2, "api"): return Discovery.resourceList(group: "", version: parts[1])
        case (3, "apis"): return Discovery.resourceList(group: parts[1], version: parts[2])
        case (_, "openapi") where parts.count >= 2 && parts[1] == "v3":
            let rest = Array(parts.dropFirst(2))
            if rest.isEmpty { return OpenAPI.index }
            if rest.count == 2, rest[0] == "api" { return OpenAPI.document(group: "", version: rest[1]) }
            if rest.count == 3, rest[0] == "apis" { return OpenAPI.document(group: rest[1], version: rest[2]) }
            return nil
        default: return nil
        }
    }

    private func resource(_ request: Request, _ target: RequestPath, _ query: QueryParameters) async throws -> Response {
        let r = target.resource
        if r.namespaced, let ns = target.namespace, request.method != .get, request.method != .delete,
            await store.get(.namespaces, namespace: nil, name: ns) == nil
        {
            throw KubeLiteError.namespaceNotFound(ns)
        }
        if let value = query["dryRun"], !value.isEmpty, value != "All" {
            throw KubeLiteError.badRequest("dryRun: Unsupported value: \"\(value.prefix(80))\": supported values: \"All\"")
        }
        let dryRun = query["dryRun"] == "All"
        let accept = request.headers[.accept] ?? ""
        let wantsTable = accept.contains("as=Table")
        let includeObject = query["includeObject"] ?? "Metadata"
        guard let name = target.name else {
            switch request.method {
            case .get:
                let filter = try ObjectFilter(query, namespace: target.namespace)
                if query.flag("watch") {
                    return try await watch(request, r, filter, query, table: wantsTable, includeObject: includeObject)
                }
                return try await list(r, filter, query, table: wantsTable, includeObject: includeObject)
            case .post:
                var req = request
                let body = try await Self.body(&req)
                let created = try await durable(try await store.create(r, namespace: target.namespace, body: body, dryRun: dryRun))
                return await warned(Self.json(created, status: 201), r, created, committed: !dryRun)
            default: throw KubeLiteError.methodNotAllowed("\(request.method) on a collection of \(r.qualifiedName)")
            }
        }
        switch request.method {
        case .get:
            guard let o = await store.get(r, namespace: target.namespace, name: name) else { throw KubeLiteError.notFound(r, name: name) }
            if wantsTable {
                return Self.json(TableResponse.table(r, [o], metadata: .object(["resourceVersion": o["metadata"]?["resourceVersion"] ?? .null]), includeObject: includeObject))
            }
            return Self.json(o)
        case .put:
            var req = request
            let body = try await Self.body(&req)
            let updated = try await durable(
                try await store.update(r, namespace: target.namespace, name: name, body: body, subresource: target.subresource, dryRun: dryRun))
            return await warned(Self.json(updated), r, updated, committed: !dryRun)
        case .patch:
            var req = request
            let contentType = request.headers[.contentType] ?? ""
            let body = try await Self.body(&req)
            let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            let apply: @Sendable (JSONValue?) throws -> JSONValue
            switch mediaType {
            case "application/merge-patch+json", "application/apply-patch+yaml": apply = { Patch.merge(body, into: $0) }
            case "application/json-patch+json": apply = { try Patch.json(body, into: $0 ?? .object([:])) }
            case "application/strategic-merge-patch+json":
                guard r.isBuiltIn else { throw KubeLiteError.unsupportedMediaType(r, contentType: mediaType) }
                apply = { try StrategicMergePatch.apply(body, to: $0 ?? .object([:])) }
            default: throw KubeLiteError.unsupportedMediaType(r, contentType: mediaType)
            }
            let (patched, created) = try await store.patch(
                r, namespace: target.namespace, name: name, subresource: target.subresource, dryRun: dryRun,
                createIfMissing: mediaType == "application/apply-patch+yaml", apply)
            let o = try await durable(patched)
            return await warned(Self.json(o, status: created ? 201 : 200), r, o, committed: !dryRun)
        case .delete:
            return Self.json(try await durable(try await store.delete(r, namespace: target.namespace, name: name, dryRun: dryRun)))
        default:
            throw KubeLiteError.methodNotAllowed("\(request.method) on \(r.qualifiedName) \"\(name)\"")
        }
    }

    /// `object` once its write is on disk: the answer to a write is sent only then.
    private func durable(_ object: JSONValue) async throws -> JSONValue {
        if let version = object["metadata"]?["resourceVersion"]?.stringValue, let revision = Int64(version) {
            try await store.waitUntilDurable(revision)
        }
        return object
    }

    private func list(_ r: ServedResource, _ filter: ObjectFilter, _ query: QueryParameters, table: Bool, includeObject: String) async throws -> Response {
        let (all, revision) = await store.list(r, filter: filter)
        let page = try Page(all, limit: try query.integer("limit"), continue: query["continue"])
        var metadata: [String: JSONValue] = ["resourceVersion": .string(String(revision))]
        if let token = page.continueToken {
            metadata["continue"] = .string(token)
            metadata["remainingItemCount"] = .number(Double(page.remaining))
        }
        if table { return Self.json(TableResponse.table(r, page.items, metadata: .object(metadata), includeObject: includeObject)) }
        return Self.json(.object(["kind": .string("\(r.kind)List"), "apiVersion": .string(r.apiVersion),
                                  "metadata": .object(metadata), "items": .array(page.items)]))
    }

    /// Adds a `Warning` header (kubectl prints it as `Warning: …`) per reference to an object that
    /// does not exist yet, e.g. `spec.vpc: VPC "test-vpc-2" not found (did you mean "test-vpc2"?)`.
    private func warned(_ response: Response, _ r: ServedResource, _ object: JSONValue, committed: Bool) async -> Response {
        let warnings = await store.unresolvedReferences(r, object, committed: committed).map { v in
            let text = "\(v.field): \(v.reason)".replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "299 - \"\(text)\""
        }
        guard !warnings.isEmpty else { return response }
        var response = response
        response.headers[values: .init("Warning")!] = warnings
        return response
    }

    // MARK: Encoding

    static func json(_ value: JSONValue, status: Int = 200) -> Response {
        var buffer = ByteBuffer(bytes: value.jsonData)
        buffer.writeString("\n")
        return Response(status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"], body: .init(byteBuffer: buffer))
    }

    static func body(_ request: inout Request) async throws -> JSONValue {
        let buffer = try await request.collectBody(upTo: maxBody)
        let bytes = Array(buffer.readableBytesView)
        if request.headers[.contentType]?.hasPrefix("application/vnd.kubernetes.protobuf") == true {
            return try ProtobufEnvelope.decode(bytes)
        }
        guard !bytes.isEmpty else { throw KubeLiteError.badRequest("the request has no body") }
        do {
            return try JSONValue.parse(bytes)
        } catch {
            throw KubeLiteError.badRequest("the body is not valid JSON: \(error)")
        }
    }
}

extension ObjectFilter {
    init(_ query: QueryParameters, namespace: String?) throws {
        self.init(namespace: namespace,
                  labels: try query["labelSelector"].map(LabelSelector.init) ?? .everything,
                  fields: try query["fieldSelector"].map(FieldSelector.init) ?? .everything)
    }
}
