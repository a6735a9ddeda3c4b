#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Finds containerd shims among the running processes.
public protocol ShimLocator: Sendable {
    /// The shim serving task `id` in `namespace` for the containerd listening on `address`.
    func shim(namespace: String, id: String, address: String) -> ShimProcess?
    /// The ttrpc sockets the shim listens on (`/run/containerd/s/<sha256>`). A killed shim
    /// leaves them behind, so the doctor removes them after the kill.
    func shimSockets(pid: Int32) -> [String]
}

/// The live process table under /proc. A shim is matched on namespace, id and containerd
/// address, so the shims of another containerd on the same machine are never picked.
public struct ProcessTable: ShimLocator {
    public var procRoot: String

    public init(procRoot: String = "/proc") { self.procRoot = procRoot }

    public func shim(namespace: String, id: String, address: String) -> ShimProcess? {
        let wanted = Self.canonicalPath(address)
        for pid in processIDs() {
            guard let commandLine = readFile("\(procRoot)/\(pid)/cmdline"),
                let identity = ShimProcess.identity(commandLine: commandLine),
                identity.namespace == namespace, identity.id == id,
                Self.canonicalPath(identity.address) == wanted,
                let stat = readFile("\(procRoot)/\(pid)/stat"),
                let state = ShimProcess.state(statLine: String(decoding: stat, as: UTF8.self))
            else { continue }
            return ShimProcess(pid: pid, namespace: namespace, id: id, address: identity.address, state: state)
        }
        return nil
    }

    public func shimSockets(pid: Int32) -> [String] {
        var inodes: Set<String> = []
        let fdDirectory = "\(procRoot)/\(pid)/fd"
        for name in entries(fdDirectory) {
            var target = [CChar](repeating: 0, count: 256)
            let length = readlink("\(fdDirectory)/\(name)", &target, target.count - 1)
            guard length > 0 else { continue }
            let link = String(decoding: target[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if link.hasPrefix("socket:["), link.hasSuffix("]") { inodes.insert(String(link.dropFirst(8).dropLast())) }
        }
        guard !inodes.isEmpty, let table = readFile("\(procRoot)/net/unix") else { return [] }
        // Accepted connections show the listener's path too: report each path once.
        let paths = Self.boundSockets(unixTable: String(decoding: table, as: UTF8.self), inodes: inodes)
            .filter(Self.isShimSocketPath)
        return Array(Set(paths)).sorted()
    }

    /// Paths of the sockets with the given inodes in a /proc/net/unix table
    /// (`Num RefCount Protocol Flags Type St Inode Path`).
    static func boundSockets(unixTable: String, inodes: Set<String>) -> [String] {
        unixTable.split(separator: "\n").dropFirst().compactMap { line in
            let columns = line.split(separator: " ", omittingEmptySubsequences: true)
            guard columns.count >= 8, inodes.contains(String(columns[6])) else { return nil }
            return String(columns[7])
        }
    }

    /// A shim socket: `…/s/` followed by a sha256 in hex (containerd's naming), nothing else.
    static func isShimSocketPath(_ path: String) -> Bool {
        let parts = path.split(separator: "/")
        guard parts.count >= 2, parts[parts.count - 2] == "s", let name = parts.last, name.count == 64 else { return false }
        return name.allSatisfy { $0.isHexDigit }
    }

    private func processIDs() -> [Int32] {
        entries(procRoot).compactMap { Int32($0) }
    }

    private func entries(_ path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }

    /// A whole small file (/proc files report size 0, so read until EOF).
    private func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }

    /// `unix://` prefix dropped and symlinks resolved, so that equal sockets compare equal.
    static func canonicalPath(_ address: String) -> String {
        let path = address.hasPrefix("unix://") ? String(address.dropFirst(7)) : address
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
