import Foundation
import Spawn

/// Runs the built `scnet` executable, as a user would, and captures what it prints.
struct CommandRunner {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The repository root, found from this file's path.
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `scnet` binary next to the test bundle (SwiftPM builds both into one folder).
    static var scnetBinary: URL {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("scnet")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return repositoryRoot.appendingPathComponent(".build/debug/scnet")
    }

    static func run(_ arguments: [String], stdin: Data? = nil) throws -> Output {
        // Output goes to files, not pipes: a large output cannot fill a pipe and block the child.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scnet-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let outURL = dir.appendingPathComponent("out"), errURL = dir.appendingPathComponent("err"), inURL = dir.appendingPathComponent("in")
        _ = FileManager.default.createFile(atPath: inURL.path, contents: stdin ?? Data())
        let status = try ChildProcess.start(
            [scnetBinary.path] + arguments, stdin: inURL.path, stdout: outURL.path, stderr: errURL.path,
            workingDirectory: repositoryRoot.path
        ).waitBlocking()
        return Output(
            status: status, stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

}
