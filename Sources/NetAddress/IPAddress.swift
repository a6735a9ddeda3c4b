/// The address family of an ``IPAddress`` or ``CIDR``.
public enum IPFamily: String, Sendable, Hashable, Codable, CaseIterable {
    case v4 = "IPv4"
    case v6 = "IPv6"

    /// Number of bits in an address of this family.
    public var bitWidth: Int { self == .v4 ? 32 : 128 }
}

/// An IPv4 or IPv6 address as a 128-bit value, compact and cheap to compare and hash.
///
/// IPv4 addresses occupy the low 32 bits. Parsing is strict (no leading zeros in IPv4 octets,
/// no zone identifiers), and ``description`` is canonical (RFC 5952 for IPv6).
///
/// ```swift
/// let a = IPAddress("10.0.0.1")!       // a.family == .v4
/// let b = IPAddress("fd00::1")!        // b.description == "fd00::1"
/// ```
public struct IPAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let family: IPFamily
    public let value: UInt128

    /// Builds an address from its numeric value; the value is masked to the family's width.
    public init(family: IPFamily, value: UInt128) {
        self.family = family
        self.value = family == .v4 ? value & 0xFFFF_FFFF : value
    }

    /// Parses a textual IPv4 or IPv6 address; `nil` when the text is not exactly one address.
    public init?(_ text: some StringProtocol) {
        if text.contains(":") {
            guard let v = Self.parseV6(Substring(text)) else { return nil }
            self.init(family: .v6, value: v)
        } else {
            guard let v = Self.parseV4(Substring(text)) else { return nil }
            self.init(family: .v4, value: UInt128(v))
        }
    }

    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        if lhs.family != rhs.family { return lhs.family == .v4 }
        return lhs.value < rhs.value
    }

    /// The address `n` places further on, or `nil` when that leaves the family's range.
    public func advanced(by n: UInt128) -> IPAddress? {
        let (sum, overflow) = value.addingReportingOverflow(n)
        if overflow || (family == .v4 && sum > 0xFFFF_FFFF) { return nil }
        return IPAddress(family: family, value: sum)
    }

    /// The address `n` places back, or `nil` below zero.
    public func retreated(by n: UInt128) -> IPAddress? {
        let (diff, overflow) = value.subtractingReportingOverflow(n)
        return overflow ? nil : IPAddress(family: family, value: diff)
    }

    public var description: String {
        family == .v4 ? Self.formatV4(UInt32(truncatingIfNeeded: value)) : Self.formatV6(value)
    }

    // MARK: - Parsing

    static func parseV4(_ text: Substring) -> UInt32? {
        var result: UInt32 = 0
        var octets = 0
        var current: UInt32 = 0
        var digits = 0
        var leadingZero = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, octets < 3 else { return nil }
                result = result << 8 | current
                octets += 1
                current = 0
                digits = 0
                leadingZero = false
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                if leadingZero { return nil }  // "01" is ambiguous (octal in some parsers): refuse.
                if digits == 0 && byte == UInt8(ascii: "0") { leadingZero = true }
                current = current * 10 + UInt32(byte - UInt8(ascii: "0"))
                digits += 1
                guard current <= 255, digits <= 3 else { return nil }
            } else {
                return nil
            }
        }
        guard octets == 3, digits > 0 else { return nil }
        return result << 8 | current
    }

    static func parseV6(_ text: Substring) -> UInt128? {
        guard !text.isEmpty, text.utf8.count <= 45 else { return nil }
        // Split around "::" (at most one).
        let parts = text.split(separator: "::", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return nil }
        func groups(_ s: Substring, allowV4Tail: Bool) -> [UInt16]? {
            if s.isEmpty { return [] }
            var out: [UInt16] = []
            let fields = s.split(separator: ":", omittingEmptySubsequences: false)
            for (i, field) in fields.enumerated() {
                if i == fields.count - 1, allowV4Tail, field.contains(".") {
                    guard let v4 = parseV4(field) else { return nil }
                    out.append(UInt16(v4 >> 16))
                    out.append(UInt16(v4 & 0xFFFF))
                    continue
                }
                guard (1...4).contains(field.utf8.count), let v = UInt16(field, radix: 16),
                    field.utf8.allSatisfy({ isHexDigit($0) })
                else { return nil }
                out.append(v)
            }
            return out
        }
        let head: [UInt16]
        let tail: [UInt16]
        if parts.count == 2 {
            guard let h = groups(parts[0], allowV4Tail: false), let t = groups(parts[1], allowV4Tail: true)
            else { return nil }
            guard h.count + t.count <= 7 else { return nil }
            head = h
            tail = t
        } else {
            guard let all = groups(parts[0], allowV4Tail: true), all.count == 8 else { return nil }
            head = all
            tail = []
        }
        var words = head
        words.append(contentsOf: repeatElement(0, count: 8 - head.count - tail.count))
        words.append(contentsOf: tail)
        var value: UInt128 = 0
        for w in words { value = value << 16 | UInt128(w) }
        return value
    }

    private static func isHexDigit(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 70) || (b >= 97 && b <= 102)
    }

    // MARK: - Formatting

    static func formatV4(_ v: UInt32) -> String {
        "\(v >> 24).\((v >> 16) & 0xFF).\((v >> 8) & 0xFF).\(v & 0xFF)"
    }

    static func formatV6(_ v: UInt128) -> String {
        let words = (0..<8).map { UInt16(truncatingIfNeeded: v >> (16 * (7 - $0))) }
        // RFC 5952: compress the longest run (length >= 2) of zero words, the first one on ties.
        var bestStart = -1, bestLen = 0, runStart = -1
        for i in 0...8 {
            if i < 8 && words[i] == 0 {
                if runStart < 0 { runStart = i }
            } else if runStart >= 0 {
                if i - runStart > bestLen { bestStart = runStart; bestLen = i - runStart }
                runStart = -1
            }
        }
        if bestLen < 2 { bestStart = -1 }
        var out = ""
        var i = 0
        while i < 8 {
            if i == bestStart {
                out += "::"
                i += bestLen
                continue
            }
            if !out.isEmpty && !out.hasSuffix(":") { out += ":" }
            out += String(words[i], radix: 16)
            i += 1
        }
        return out
    }
}

extension IPAddress: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let a = IPAddress(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\"\(text)\" is not an IP address"))
        }
        self = a
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
