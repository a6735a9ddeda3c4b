import Foundation
import Spawn

/// Runs the project's own scripts (`scripts/ovn-sandbox`, `scripts/neutron-sandbox`) that
/// install and start the local OVN and Neutron.
///
/// Output goes to a log file; see ``ChildProcess`` for why programs are started that way.
struct ScriptRunner: Sendable {
    let directory: URL

    /// Finds `scripts/` next to the executable's checkout (`.build/<config>/scnet`), in the
    /// working directory, or in `SCNET_SCRIPTS`.
    static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> ScriptRunner? {
        var candidates: [URL] = []
        if let explicit = environment["SCNET_SCRIPTS"] { candidates.append(URL(fileURLWithPath: explicit)) }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(dir.appendingPathComponent("scripts"))
            dir.deleteLastPathComponent()
        }
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("scripts"))
        for candidate in candidates
        where FileManager.default.isExecutableFile(atPath: candidate.appendingPathComponent("ovn-sandbox").path) {
            return ScriptRunner(directory: candidate)
        }
        return nil
    }

    /// Runs `script args…` with `environment` added; throws with the log's tail on failure.
    func run(_ script: String, _ arguments: [String], environment extra: [String: String] = [:], log: URL) throws {
        let path = directory.appendingPathComponent(script).path
        var environment = ProcessInfo.processInfo.environment
        environment.merge(extra) { _, new in new }
        let status: Int32
        do {
            status = try ChildProcess.start([path] + arguments, environment: environment, stdout: log.path, stderr: nil, append: true)
                .waitBlocking()
        } catch {
            throw UpError.script(script, "\(error)")
        }
        guard status == 0 else {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            let tail = text.split(separator: "\n").suffix(15).joined(separator: "\n")
            throw UpError.script(script, "\(script) \(arguments.joined(separator: " ")) failed (status \(status)); see \(log.path):\n\(tail)")
        }
    }
}

/// Why `scnet up` could not bring the local network up.
enum UpError: Error, CustomStringConvertible {
    case script(String, String)
    case missing(String)

    var description: String {
        switch self {
        case .script(_, let message): message
        case .missing(let what): what
        }
    }
}
