#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// JSON for the plugin ↔ agent messages, through FoundationEssentials (no ICU), so the plugin
/// starts quickly.
extension CNIRequest {
    public var json: String { encodeJSON(self) }
    public init?(json: String) {
        guard let value = try? JSONDecoder().decode(CNIRequest.self, from: Data(json.utf8)) else { return nil }
        self = value
    }
}

extension CNIResponse {
    public var json: String { encodeJSON(self) }
    public init?(json: String) {
        guard let value = try? JSONDecoder().decode(CNIResponse.self, from: Data(json.utf8)) else { return nil }
        self = value
    }
}

extension CNIError {
    public var json: String { encodeJSON(self) }
}

func encodeJSON<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(value) else { return "{}" }
    return String(decoding: data, as: UTF8.self)
}

/// The fields of a CNI network configuration scnet reads. Everything else (`name`, `type`,
/// `prevResult`, `runtimeConfig`, chained plugins' keys) passes through untouched.
public struct PluginConfig: Decodable, Sendable, Equatable {
    public var cniVersion: String?
    public var name: String?
    public var type: String?
    /// The agent's socket (default `/run/scnet/cni.sock`).
    public var agentSocket: String?
    /// GC (spec 1.1): the attachments the runtime still knows; every other one is collected.
    public var validAttachments: [Attachment]?

    /// A container attachment named by a GC call.
    public struct Attachment: Decodable, Sendable, Equatable {
        public var containerID: String
        public var ifname: String
    }

    enum CodingKeys: String, CodingKey {
        case cniVersion, name, type, agentSocket
        case validAttachments = "cni.dev/valid-attachments"
    }

    /// Parses `text`; a configuration that is not a JSON object yields empty fields (the agent
    /// reports the decoding error with its code).
    public init(parsing text: String) {
        self = (try? JSONDecoder().decode(PluginConfig.self, from: Data(text.utf8))) ?? PluginConfig()
    }

    public init() {}

    /// Whether `text` decodes as a configuration at all.
    public static func isValid(_ text: String) -> Bool {
        (try? JSONDecoder().decode(PluginConfig.self, from: Data(text.utf8))) != nil
    }
}
