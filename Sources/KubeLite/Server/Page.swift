import Foundation
import SCNetAPI

/// One page of a list (`limit` / `continue`). The continue token is the namespace/name key of the
/// last item sent, so a page never repeats or skips an object that stays in place.
struct Page {
    var items: [JSONValue]
    var continueToken: String?
    var remaining = 0

    init(_ all: [JSONValue], limit: Int?, continue token: String?) throws {
        var rest = all[...]
        if let token, !token.isEmpty {
            guard let data = Data(base64Encoded: token), let after = String(data: data, encoding: .utf8) else {
                throw KubeLiteError.badRequest("invalid continue token \"\(token)\"")
            }
            rest = all.drop(while: { Self.key($0) <= after })
        }
        guard let limit, limit > 0, rest.count > limit else {
            items = Array(rest)
            return
        }
        items = Array(rest.prefix(limit))
        remaining = rest.count - limit
        continueToken = Data(Self.key(items[limit - 1]).utf8).base64EncodedString()
    }

    static func key(_ o: JSONValue) -> String { "\(o.meta("namespace") ?? "")/\(o.meta("name") ?? "")" }
}
