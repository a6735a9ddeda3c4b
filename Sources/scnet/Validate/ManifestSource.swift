import Foundation

/// A file (or standard input) holding manifests, and how to read it as text.
struct ManifestSource {
    let name: String
    let path: String?

    /// Why an input could not be read.
    struct Unreadable: Error, CustomStringConvertible {
        let description: String
    }

    static let extensions: Set<String> = ["yaml", "yml", "json"]
    /// Larger inputs are refused rather than parsed: the API server itself takes at most 3 MiB a request.
    static let maxBytes = 64 << 20

    /// The file itself, every manifest file below a folder (sorted), or standard input for `-`.
    static func expand(_ input: String) throws -> [ManifestSource] {
        if input == "-" { return [ManifestSource(name: "<stdin>", path: nil)] }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else {
            throw Unreadable(description: "\(input): no such file or folder")
        }
        guard isDirectory.boolValue else { return [ManifestSource(name: input, path: input)] }
        guard let walker = FileManager.default.enumerator(atPath: input) else {
            throw Unreadable(description: "\(input): cannot list the folder")
        }
        var files: [String] = []
        for case let relative as String in walker where extensions.contains((relative as NSString).pathExtension.lowercased()) {
            files.append((input as NSString).appendingPathComponent(relative))
        }
        return files.sorted().map { ManifestSource(name: $0, path: $0) }
    }

    /// The text, or why it is not text scnet can read (missing, too large, binary, not UTF-8).
    func text() -> Result<String, Unreadable> {
        let data: Data
        if let path {
            guard let handle = FileHandle(forReadingAtPath: path) else { return .failure(Unreadable(description: "\(name): cannot open")) }
            defer { try? handle.close() }
            do {
                data = try handle.read(upToCount: Self.maxBytes + 1) ?? Data()  // nil means an empty file
            } catch {
                return .failure(Unreadable(description: "\(name): \(error.localizedDescription)"))
            }
        } else {
            data = FileHandle.standardInput.readDataToEndOfFile()
        }
        if data.count > Self.maxBytes { return .failure(Unreadable(description: "\(name): larger than \(Self.maxBytes >> 20) MiB")) }
        if data.contains(0) { return .failure(Unreadable(description: "\(name): binary data, not a YAML or JSON text")) }
        guard let s = String(data: data, encoding: .utf8) else {
            return .failure(Unreadable(description: "\(name): not UTF-8 text"))
        }
        return .success(s)
    }
}
