import Foundation
import SCNetAPI

/// URL paths of a resource type: `/api/v1/namespaces/NS/pods/NAME/status`,
/// `/apis/kubeovn.io/v1/subnets`.
enum ResourcePath {
    /// The collection of `R` in `namespace` (all namespaces when `nil`, and always for cluster-scoped kinds).
    static func collection<R: KubeResource>(_ type: R.Type, namespace: String?) -> String {
        let root = R.group.isEmpty ? "/api/\(R.apiVersion)" : "/apis/\(R.apiVersion)"
        if R.isNamespaced, let namespace, !namespace.isEmpty {
            return "\(root)/namespaces/\(escape(namespace))/\(R.plural)"
        }
        return "\(root)/\(R.plural)"
    }

    /// One object of `R`, or one of its subresources (`status`).
    static func object<R: KubeResource>(
        _ type: R.Type, name: String, namespace: String?, subresource: String? = nil
    ) -> String {
        collection(type, namespace: namespace) + "/" + escape(name) + (subresource.map { "/\($0)" } ?? "")
    }

    /// Percent-encodes a path segment (names are DNS labels, but stay safe).
    static func escape(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: unreserved) ?? segment
    }

    /// Percent-encodes a query value.
    static func escapeQuery(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }

    private static let unreserved: CharacterSet = {
        var set = CharacterSet.alphanumerics
        set.insert(charactersIn: "-._~")
        return set
    }()
}
