import NetAddress

/// The blocks of a Subnet's `cidrBlock` (`a` or `v4,v6`), parsed.
public struct SubnetBlocks: Hashable, Sendable {
    public var v4: CIDR?
    public var v6: CIDR?

    public var all: [CIDR] { [v4, v6].compactMap { $0 } }

    public func block(for family: IPFamily) -> CIDR? { family == .v4 ? v4 : v6 }

    /// `IPv4`, `IPv6` or `Dual`.
    public var protocolName: String { v4 != nil && v6 != nil ? "Dual" : (v4 != nil ? "IPv4" : "IPv6") }

    /// Parses `cidrBlock`; returns the violations instead when it is not a valid one.
    public static func parse(_ text: String?, field: String = "spec.cidrBlock") -> Result<SubnetBlocks, Violations> {
        guard let text, !text.isEmpty else { return .failure([Violation(field, "required (e.g. 10.16.0.0/16)")]) }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count <= 2 else {
            return .failure([Violation(field, "\"\(text)\" has \(parts.count) blocks; at most two (one IPv4, one IPv6)")])
        }
        var blocks = SubnetBlocks()
        var problems: [Violation] = []
        for part in parts {
            let cidr: CIDR
            do { cidr = try CIDR(parsing: part) } catch {
                problems.append(Violation(field, error.description))
                continue
            }
            if let reason = reservedRangeProblem(cidr) {
                problems.append(Violation(field, "\(cidr) \(reason)"))
                continue
            }
            if cidr.hostBits == 0 {
                problems.append(Violation(field, "\(cidr) leaves no address for workloads (a /\(cidr.prefixLength) is one address)"))
                continue
            }
            if blocks.block(for: cidr.family) != nil {
                problems.append(Violation(field, "\"\(text)\": a dual-stack cidrBlock needs one IPv4 and one IPv6 block, not two \(cidr.family.rawValue)"))
                continue
            }
            if cidr.family == .v4 { blocks.v4 = cidr } else { blocks.v6 = cidr }
        }
        return problems.isEmpty ? .success(blocks) : .failure(Violations(problems))
    }

    /// Why a block cannot be a subnet (Kube-OVN's checks), or `nil`.
    static func reservedRangeProblem(_ c: CIDR) -> String? {
        let special: [(String, String)] =
            c.family == .v4
            ? [("224.0.0.0/4", "is a multicast range"), ("127.0.0.0/8", "is the loopback range"),
               ("0.0.0.0/8", "is in 0.0.0.0/8 (\"this network\")"), ("169.254.0.0/16", "is the link-local range"),
               ("255.255.255.255/32", "is the broadcast address")]
            : [("ff00::/8", "is a multicast range"), ("::1/128", "is the loopback address"),
               ("fe80::/10", "is the link-local range"), ("::/128", "is the unspecified address")]
        for (range, reason) in special where CIDR(range)!.contains(c.network) { return reason }
        return nil
    }
}

/// A list of violations usable as a `Result` failure.
public struct Violations: Error, Hashable, Sendable {
    public var list: [Violation]
    public init(_ list: [Violation]) { self.list = list }
}

extension Violations: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: Violation...) { list = elements }
}

/// Parses one address or a dual-stack pair `v4,v6` (the `ip_address` annotation's syntax).
func parseAddressList(_ text: String, field: String) -> Result<[IPAddress], Violations> {
    let parts = text.split(separator: ",", omittingEmptySubsequences: false)
    guard parts.count <= 2 else { return .failure([Violation(field, "\"\(text)\": at most one IPv4 and one IPv6 address")]) }
    var out: [IPAddress] = []
    for p in parts {
        guard let a = IPAddress(p) else { return .failure([Violation(field, "\"\(p)\" is not a valid IP address")]) }
        if out.contains(where: { $0.family == a.family }) {
            return .failure([Violation(field, "\"\(text)\": at most one IPv4 and one IPv6 address")])
        }
        out.append(a)
    }
    return .success(out)
}
