import Foundation
import SCNetAPI

/// A parsed `labelSelector`: `a=b`, `a==b`, `a!=b`, `a`, `!a`, `a in (x,y)`, `a notin (x,y)`, comma-separated (all must hold).
public struct LabelSelector: Sendable, Equatable {
    enum Requirement: Sendable, Equatable {
        case equals(String, String), notEquals(String, String), exists(String), notExists(String)
        case `in`(String, Set<String>), notIn(String, Set<String>)
    }

    var requirements: [Requirement]
    public static let everything = LabelSelector(requirements: [])

    /// Parses selector text; throws ``KubeLiteError/badRequest(_:)`` naming the bad term.
    public init(_ text: String) throws {
        requirements = try Self.terms(text).map(Self.requirement)
        for requirement in requirements { try Self.check(requirement) }
    }

    init(requirements: [Requirement]) { self.requirements = requirements }

    public func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { r in
            switch r {
            case .equals(let k, let v): labels[k] == v
            case .notEquals(let k, let v): labels[k] != v
            case .exists(let k): labels[k] != nil
            case .notExists(let k): labels[k] == nil
            case .`in`(let k, let vs): labels[k].map(vs.contains) ?? false
            case .notIn(let k, let vs): !(labels[k].map(vs.contains) ?? false)
            }
        }
    }

    /// Keys and values as kube-apiserver checks them (label key and label value syntax).
    static func check(_ requirement: Requirement) throws {
        let key: String, values: [String]
        switch requirement {
        case .equals(let k, let v), .notEquals(let k, let v): (key, values) = (k, [v])
        case .exists(let k), .notExists(let k): (key, values) = (k, [])
        case .`in`(let k, let vs), .notIn(let k, let vs): (key, values) = (k, vs.sorted())
        }
        if let problem = Syntax.labelKeyProblem(key) {
            throw KubeLiteError.badRequest("unable to parse requirement: invalid label key \(problem)")
        }
        for value in values {
            if let problem = Syntax.labelValueProblem(value) {
                throw KubeLiteError.badRequest("unable to parse requirement: invalid label value \(problem)")
            }
        }
    }

    /// Splits on commas outside parentheses; unbalanced parentheses are a 400.
    static func terms(_ text: String) throws -> [String] {
        var out: [String] = []
        var current = ""
        var depth = 0
        for c in text {
            if c == "(" { depth += 1 }
            if c == ")" { depth -= 1 }
            guard depth >= 0 else { throw KubeLiteError.badRequest("unable to parse requirement: unbalanced ')' in \"\(text.prefix(200))\"") }
            if c == ",", depth == 0 {
                out.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        guard depth == 0 else { throw KubeLiteError.badRequest("unable to parse requirement: unclosed '(' in \"\(text.prefix(200))\"") }
        out.append(current)
        return out.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func requirement(_ term: String) throws -> Requirement {
        for (op, make) in [("!=", Requirement.notEquals), ("==", Requirement.equals), ("=", Requirement.equals)] {
            if let r = term.range(of: op) {
                return make(term[..<r.lowerBound].trimmingCharacters(in: .whitespaces), term[r.upperBound...].trimmingCharacters(in: .whitespaces))
            }
        }
        for (word, notIn) in [(" notin ", true), (" in ", false)] {
            if let r = term.range(of: word) {
                let key = term[..<r.lowerBound].trimmingCharacters(in: .whitespaces)
                let list = term[r.upperBound...].trimmingCharacters(in: .whitespaces)
                guard list.hasPrefix("("), list.hasSuffix(")") else {
                    throw KubeLiteError.badRequest("unable to parse requirement: \"\(term)\": values must be in parentheses")
                }
                let values = Set(list.dropFirst().dropLast().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                return notIn ? .notIn(key, values) : .`in`(key, values)
            }
        }
        if term.hasPrefix("!") { return .notExists(term.dropFirst().trimmingCharacters(in: .whitespaces)) }
        guard !term.contains(" ") else { throw KubeLiteError.badRequest("unable to parse requirement: \"\(term)\"") }
        return .exists(term)
    }
}

/// A parsed `fieldSelector`: `path=value`, `path==value`, `path!=value`, comma-separated. Any dotted path
/// into the object works (`metadata.name`, `spec.nodeName`, `involvedObject.uid`); a missing field is `""`.
public struct FieldSelector: Sendable, Equatable {
    var terms: [(path: String, value: String, equal: Bool)]
    public static let everything = FieldSelector(terms: [])

    public init(_ text: String) throws {
        terms = try text.split(separator: ",").map { raw -> (path: String, value: String, equal: Bool) in
            let term = String(raw)
            for (op, equal) in [("!=", false), ("==", true), ("=", true)] {
                if let r = term.range(of: op) {
                    return (String(term[..<r.lowerBound]), String(term[r.upperBound...]), equal)
                }
            }
            throw KubeLiteError.badRequest("invalid field selector: \"\(term)\": expected path=value")
        }
    }

    init(terms: [(path: String, value: String, equal: Bool)]) { self.terms = terms }

    public func matches(_ object: JSONValue) -> Bool {
        terms.allSatisfy { (object.fieldText(at: $0.path) == $0.value) == $0.equal }
    }

    /// The value a `path=value` term demands, used to look one object up instead of scanning.
    func required(_ path: String) -> String? { terms.first { $0.path == path && $0.equal }?.value }

    public static func == (a: Self, b: Self) -> Bool {
        a.terms.map { "\($0.path)\($0.equal)\($0.value)" } == b.terms.map { "\($0.path)\($0.equal)\($0.value)" }
    }
}
