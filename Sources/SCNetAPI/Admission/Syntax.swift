import NetAddress

/// Checks of the shape of names and identifiers, with Kubernetes' and OpenStack's rules.
public enum Syntax {
    /// A DNS-1123 label: lower-case alphanumerics and `-`, 1–63 characters, alphanumeric at both ends
    /// (namespace names).
    public static func isDNSLabel(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard !b.isEmpty, b.count <= 63, isAlnum(b.first!), isAlnum(b.last!) else { return false }
        return b.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "-") }
    }

    /// A DNS-1123 subdomain: dot-separated labels, at most 253 characters (most object names, node names).
    public static func isDNSSubdomain(_ s: String) -> Bool {
        guard !s.isEmpty, s.utf8.count <= 253 else { return false }
        return s.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { isDNSLabel(String($0)) }
    }

    /// A UUID in its 8-4-4-4-12 hexadecimal form (Neutron's IDs).
    public static func isUUID(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count == 36 else { return false }
        for (i, c) in b.enumerated() {
            if [8, 13, 18, 23].contains(i) {
                guard c == UInt8(ascii: "-") else { return false }
            } else {
                guard isHex(c) else { return false }
            }
        }
        return true
    }

    /// An OpenStack project ID: Keystone writes 32 hex digits; other shapes of 1–64 letters, digits,
    /// `-` and `_` are accepted too.
    public static func isProjectID(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.count <= 64
            && s.utf8.allSatisfy { isAlnum($0) || (65...90).contains($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
    }

    /// Why `key` is not a label or annotation key (`[prefix/]name`: the prefix a DNS subdomain,
    /// the name 1–63 characters of letters, digits, `-`, `_`, `.`, alphanumeric at both ends), or `nil`.
    public static func labelKeyProblem(_ key: String) -> String? {
        let parts = key.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        if parts.count == 2, !isDNSSubdomain(parts[0]) {
            return "\"\(key)\": the prefix before '/' must be a DNS subdomain (lower-case letters, digits, '-' and '.')"
        }
        let name = parts.last ?? ""
        guard !name.isEmpty else { return "\"\(key)\": the name part must not be empty" }
        return labelValueProblem(name).map { _ in
            "\"\(key)\": the name part must be at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit"
        }
    }

    /// Why `value` is not a label value (empty, or at most 63 letters, digits, `-`, `_`, `.`,
    /// alphanumeric at both ends), or `nil`.
    public static func labelValueProblem(_ value: String) -> String? {
        let b = Array(value.utf8)
        if b.isEmpty { return nil }
        let letterOrDigit = { (c: UInt8) in isAlnum(c) || (65...90).contains(c) }
        guard b.count <= 63, letterOrDigit(b.first!), letterOrDigit(b.last!),
              b.allSatisfy({ letterOrDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") })
        else {
            return "\"\(value.prefix(80))\" must be at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit"
        }
        return nil
    }

    private static func isAlnum(_ c: UInt8) -> Bool { (48...57).contains(c) || (97...122).contains(c) }
    private static func isHex(_ c: UInt8) -> Bool { (48...57).contains(c) || (97...102).contains(c) || (65...70).contains(c) }

    /// Why `name` is not a valid object name, or `nil`.
    static func nameProblem(_ name: String, label: Bool = false) -> String? {
        if name.isEmpty { return "required" }
        if label ? isDNSLabel(name) : isDNSSubdomain(name) { return nil }
        return "\"\(name)\" is not a valid name (lower-case letters, digits and '-'\(label ? "" : " or '.'"), "
            + "starting and ending with a letter or digit, at most \(label ? 63 : 253) characters)"
    }

    /// The closest of `candidates` to `name` when it is close enough to be a likely typo.
    public static func didYouMean(_ name: String, among candidates: [String]) -> String? {
        let squash = { (s: String) in s.lowercased().filter { $0 != "-" && $0 != "_" && $0 != "." } }
        var best: (String, Int)?
        for c in candidates where c != name {
            let d = squash(c) == squash(name) ? 0 : editDistance(name, c)
            if d <= max(1, min(2, name.count / 4)), best == nil || d < best!.1 { best = (c, d) }
        }
        return best?.0
    }

    /// Levenshtein distance.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev = Array(0...y.count)
        var cur = prev
        for i in 1...x.count {
            cur[0] = i
            for j in 1...y.count {
                cur[j] = Swift.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[y.count]
    }
}

extension String {
    /// ` (did you mean "x"?)` when a near name exists, else empty.
    func didYouMeanSuffix(_ candidates: [String]) -> String {
        Syntax.didYouMean(self, among: candidates).map { " (did you mean \"\($0)\"?)" } ?? ""
    }
}
