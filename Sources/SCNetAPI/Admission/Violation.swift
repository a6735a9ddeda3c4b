/// One reason an object is refused: the field (a path such as `spec.cidrBlock` or
/// `metadata.annotations[ovn.kubernetes.io/snat]`) and the reason in words.
public struct Violation: Hashable, Sendable, CustomStringConvertible {
    public var field: String
    public var reason: String

    public init(_ field: String, _ reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field): \(reason)" }
}

/// The path of an annotation, as scnet names it in messages.
func annotationPath(_ key: String, prefix: String = "metadata.annotations") -> String { "\(prefix)[\(key)]" }
