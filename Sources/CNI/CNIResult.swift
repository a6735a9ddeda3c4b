/// The result of an ADD, in the shape of the specification's `Result` (1.0: `interfaces`,
/// `ips`, `routes`, `dns`; before 1.0 each address also names its family).
public struct CNIResult: Sendable, Equatable {
    /// An interface the plugin made: the host end (no sandbox) and the container end (its netns path).
    public struct Interface: Sendable, Equatable {
        public var name: String
        public var mac: String
        public var sandbox: String?
        public var mtu: Int?
        public init(name: String, mac: String, sandbox: String? = nil, mtu: Int? = nil) {
            self.name = name
            self.mac = mac
            self.sandbox = sandbox
            self.mtu = mtu
        }
    }

    /// One address: `10.16.0.5/16`, its gateway, and the index of its interface in `interfaces`.
    public struct Address: Sendable, Equatable {
        public var address: String
        public var gateway: String?
        public var interface: Int
        public var isV6: Bool { address.contains(":") }
        public init(address: String, gateway: String?, interface: Int) {
            self.address = address
            self.gateway = gateway
            self.interface = interface
        }
    }

    public struct Route: Sendable, Equatable {
        public var dst: String
        public var gw: String?
        public init(dst: String, gw: String?) {
            self.dst = dst
            self.gw = gw
        }
    }

    public var interfaces: [Interface]
    public var ips: [Address]
    public var routes: [Route]

    public init(interfaces: [Interface], ips: [Address], routes: [Route]) {
        self.interfaces = interfaces
        self.ips = ips
        self.routes = routes
    }

    /// The result as JSON for `cniVersion` (the version of the configuration it answers).
    public func json(cniVersion: String) -> String {
        var fields: [String] = ["\"cniVersion\":\(quote(cniVersion))"]
        fields.append("\"interfaces\":[" + interfaces.map { i in
            var f = ["\"name\":\(quote(i.name))", "\"mac\":\(quote(i.mac))"]
            if let mtu = i.mtu, !CNIVersion.listsAddressFamily(cniVersion) { f.append("\"mtu\":\(mtu)") }
            if let sandbox = i.sandbox { f.append("\"sandbox\":\(quote(sandbox))") }
            return "{" + f.joined(separator: ",") + "}"
        }.joined(separator: ",") + "]")
        fields.append("\"ips\":[" + ips.map { a in
            var f: [String] = []
            if CNIVersion.listsAddressFamily(cniVersion) { f.append("\"version\":\(quote(a.isV6 ? "6" : "4"))") }
            f.append("\"address\":\(quote(a.address))")
            if let gw = a.gateway { f.append("\"gateway\":\(quote(gw))") }
            f.append("\"interface\":\(a.interface)")
            return "{" + f.joined(separator: ",") + "}"
        }.joined(separator: ",") + "]")
        fields.append("\"routes\":[" + routes.map { r in
            "{\"dst\":\(quote(r.dst))" + (r.gw.map { ",\"gw\":\(quote($0))" } ?? "") + "}"
        }.joined(separator: ",") + "]")
        fields.append("\"dns\":{}")
        return "{" + fields.joined(separator: ",") + "}"
    }
}

/// A JSON string literal (escapes quotes, backslashes and control characters).
func quote(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20:
            let hex = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
