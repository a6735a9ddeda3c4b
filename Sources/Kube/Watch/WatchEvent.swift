import Foundation
import SCNetAPI

/// One event of a watch stream (`{"type":"ADDED","object":{…}}`).
public enum WatchEvent<R: KubeResource>: Sendable {
    case added(R)
    case modified(R)
    case deleted(R)
    /// The server has sent everything up to this resourceVersion (`allowWatchBookmarks`).
    case bookmark(resourceVersion: String)
    /// An in-stream failure; code 410 means the watch's resourceVersion is too old.
    case error(APIStatus)

    /// The resourceVersion this event moves the watch to, if any.
    public var resourceVersion: String? {
        switch self {
        case .added(let o), .modified(let o), .deleted(let o): o.metadata.resourceVersion
        case .bookmark(let rv): rv
        case .error: nil
        }
    }
}

extension WatchEvent: Decodable {
    private enum CodingKeys: String, CodingKey { case type, object }

    private struct BookmarkObject: Decodable {
        struct Meta: Decodable { var resourceVersion: String? }
        var metadata: Meta?
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "ADDED": self = .added(try c.decode(R.self, forKey: .object))
        case "MODIFIED": self = .modified(try c.decode(R.self, forKey: .object))
        case "DELETED": self = .deleted(try c.decode(R.self, forKey: .object))
        case "BOOKMARK":
            let object = try c.decode(BookmarkObject.self, forKey: .object)
            self = .bookmark(resourceVersion: object.metadata?.resourceVersion ?? "")
        case "ERROR": self = .error(try c.decode(APIStatus.self, forKey: .object))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c, debugDescription: "unknown watch event type \"\(type)\"")
        }
    }
}
