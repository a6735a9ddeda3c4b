import Foundation

/// The `KEY=VALUE` files the project's scripts write for the programs they start (`DIR/env`
/// of `ovn-sandbox`, `neutron-sandbox`, `containerd-sandbox`, `scnet up`), as a shell would
/// source them.
public enum EnvironmentFile {
    /// `KEY=VALUE` lines; blank lines, `#` comments and an `export ` prefix are allowed, and
    /// single or double quotes around the value are removed.
    public static func parse(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for raw in text.split(whereSeparator: \.isNewline) {
            var line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
            guard let eq = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<eq]).trimmingCharacters(in: .whitespaces)
            var value = String(line[line.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            values[key] = value
        }
        return values
    }

    /// Reads and parses the file at `url`.
    public static func read(_ url: URL) throws -> [String: String] {
        parse(try String(contentsOf: url, encoding: .utf8))
    }
}
