/// The `external_ids` markers scnet puts on every row it creates, so garbage collection never
/// touches rows Neutron or an operator own.
///
///     let ids = Ownership.markers(kind: "subnet", name: "net1")
///     // ["scnet/owner": "scnet", "scnet/kind": "subnet", "scnet/name": "net1"]
public enum Ownership {
    public static let ownerKey = "scnet/owner"
    public static let kindKey = "scnet/kind"
    public static let nameKey = "scnet/name"
    public static let owner = "scnet"

    /// The markers for an object of `kind` named `name`, merged with `extra` keys.
    public static func markers(kind: String, name: String, extra: [String: String] = [:]) -> [String: String] {
        extra.merging([ownerKey: owner, kindKey: kind, nameKey: name]) { _, ours in ours }
    }

    /// True when `externalIDs` carry scnet's owner marker.
    public static func isOwned(_ externalIDs: [String: String]) -> Bool { externalIDs[ownerKey] == owner }
}
