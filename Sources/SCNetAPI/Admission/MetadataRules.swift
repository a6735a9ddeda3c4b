/// The `metadata` rules kube-apiserver applies to every object, whatever its kind: labels and
/// annotations are maps of strings with valid keys (and label values), annotations total at most
/// 256 KiB, finalizers are a list of strings. Typed kinds get the same through their decoders;
/// this catches it for every kind and names the field.
public enum MetadataRules {
    /// kube-apiserver's limit on the total size of an object's annotations.
    public static let annotationsLimit = 256 * 1024

    /// Why `name` is no valid object name (a DNS subdomain; a DNS label for namespaces), or nil.
    public static func nameViolation(_ name: String, isNamespace: Bool) -> Violation? {
        Syntax.nameProblem(name, label: isNamespace).map { Violation("metadata.name", $0) }
    }

    /// Every problem of `metadata`'s shape and keys, each naming its field.
    public static func violations(of metadata: JSONValue?) -> [Violation] {
        guard let metadata else { return [] }
        guard let fields = metadata.objectValue else { return [Violation("metadata", "must be an object")] }
        var found: [Violation] = []
        for field in ["name", "namespace", "generateName", "resourceVersion", "uid"] {
            if let value = fields[field], value != .null, value.stringValue == nil {
                found.append(Violation("metadata.\(field)", "must be a string"))
            }
        }
        found += stringMap(fields["labels"], field: "metadata.labels", checkValues: true)
        found += stringMap(fields["annotations"], field: "metadata.annotations", checkValues: false)
        if let annotations = fields["annotations"]?.objectValue {
            let size = annotations.reduce(0) { $0 + $1.key.utf8.count + ($1.value.stringValue?.utf8.count ?? 0) }
            if size > annotationsLimit {
                found.append(Violation("metadata.annotations", "Too long: must have at most \(annotationsLimit) bytes, has \(size)"))
            }
        }
        if let finalizers = fields["finalizers"], finalizers != .null {
            if finalizers.arrayValue?.allSatisfy({ $0.stringValue != nil }) != true {
                found.append(Violation("metadata.finalizers", "must be a list of strings"))
            }
        }
        return found
    }

    private static func stringMap(_ value: JSONValue?, field: String, checkValues: Bool) -> [Violation] {
        guard let value, value != .null else { return [] }
        guard let map = value.objectValue else { return [Violation(field, "must be a map of strings")] }
        var found: [Violation] = []
        for key in map.keys.sorted() {
            let path = "\(field)[\(key.prefix(80))]"
            if let problem = Syntax.labelKeyProblem(key) { found.append(Violation(path, "Invalid key: \(problem)")) }
            guard let text = map[key]?.stringValue else {
                found.append(Violation(path, "must be a string"))
                continue
            }
            if checkValues, let problem = Syntax.labelValueProblem(text) { found.append(Violation(path, "Invalid value: \(problem)")) }
        }
        return found
    }
}
