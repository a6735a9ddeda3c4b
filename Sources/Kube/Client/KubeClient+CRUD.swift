import Foundation
import NIOHTTP1
import SCNetAPI

extension KubeClient {
    /// Reads one object. For namespaced kinds `namespace` defaults to the config's.
    public func get<R: KubeResource>(_ type: R.Type, name: String, namespace: String? = nil) async throws -> R {
        let path = ResourcePath.object(type, name: name, namespace: self.namespace(for: type, namespace))
        return try decode(R.self, try await send(.GET, path), request: "GET \(path)")
    }

    /// Reads one page of a list. `namespace: nil` lists every namespace.
    public func list<R: KubeResource>(
        _ type: R.Type, namespace: String? = nil, options: ListOptions = ListOptions()
    ) async throws -> ObjectList<R> {
        let path = ResourcePath.collection(type, namespace: namespace)
        return try decode(ObjectList<R>.self, try await send(.GET, path, query: options.queryItems), request: "GET \(path)")
    }

    /// Reads a whole list, following `continue` tokens page by page (`options.limit` per page).
    /// The result carries the first page's resourceVersion, the one a watch must start from.
    public func listAll<R: KubeResource>(
        _ type: R.Type, namespace: String? = nil, options: ListOptions = ListOptions()
    ) async throws -> ObjectList<R> {
        var page = try await list(type, namespace: namespace, options: options)
        var all = ObjectList<R>(items: page.items, resourceVersion: page.resourceVersion)
        while let token = page.continueToken {
            var next = options
            next.continueToken = token
            next.resourceVersion = nil
            page = try await list(type, namespace: namespace, options: next)
            all.items += page.items
        }
        return all
    }

    /// Creates an object; answers the stored object (with uid, resourceVersion…).
    public func create<R: KubeResource>(_ object: R) async throws -> R {
        let path = ResourcePath.collection(R.self, namespace: namespace(for: R.self, object.metadata.namespace))
        let body = try encode(object, request: "POST \(path)")
        return try decode(R.self, try await send(.POST, path, body: body), request: "POST \(path)")
    }

    /// Replaces an object (PUT). A stale `metadata.resourceVersion` gives ``KubeError/conflict(_:)``.
    public func update<R: KubeResource>(_ object: R) async throws -> R {
        try await put(object, subresource: nil)
    }

    /// Replaces an object's `status` (PUT on the `status` subresource; the spec is ignored by the server).
    public func updateStatus<R: KubeResource>(_ object: R) async throws -> R {
        try await put(object, subresource: "status")
    }

    private func put<R: KubeResource>(_ object: R, subresource: String?) async throws -> R {
        let path = ResourcePath.object(
            R.self, name: object.metadata.name, namespace: namespace(for: R.self, object.metadata.namespace),
            subresource: subresource)
        let body = try encode(object, request: "PUT \(path)")
        return try decode(R.self, try await send(.PUT, path, body: body), request: "PUT \(path)")
    }

    /// Patches an object, or its `status` with `subresource: "status"`.
    public func patch<R: KubeResource>(
        _ type: R.Type, name: String, namespace: String? = nil, _ patch: Patch, subresource: String? = nil
    ) async throws -> R {
        let path = ResourcePath.object(
            type, name: name, namespace: self.namespace(for: type, namespace), subresource: subresource)
        let body: Data
        do {
            body = try patch.body()
        } catch {
            throw KubeError.undecodable(request: "PATCH \(path)", what: "the patch", reason: String(describing: error))
        }
        let answer = try await send(.PATCH, path, body: body, contentType: patch.contentType)
        return try decode(R.self, answer, request: "PATCH \(path)")
    }

    /// Patches an object's `status` subresource.
    public func patchStatus<R: KubeResource>(
        _ type: R.Type, name: String, namespace: String? = nil, _ patch: Patch
    ) async throws -> R {
        try await self.patch(type, name: name, namespace: namespace, patch, subresource: "status")
    }

    /// Deletes an object (propagation `Background`). With finalizers the object stays, marked
    /// with a `deletionTimestamp`, until they are removed.
    public func delete<R: KubeResource>(_ type: R.Type, name: String, namespace: String? = nil) async throws {
        let path = ResourcePath.object(type, name: name, namespace: self.namespace(for: type, namespace))
        let body = Data(#"{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Background"}"#.utf8)
        _ = try await send(.DELETE, path, body: body)
    }
}
