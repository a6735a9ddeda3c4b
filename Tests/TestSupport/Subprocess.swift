import Foundation
import Spawn

/// Runs a program (found on the PATH of `environment`) and waits for it, stdout and stderr
/// written to the given files; answers the exit status (128+signal if killed).
func spawnAndWait(_ argv: [String], environment: [String: String], stdout: String, stderr: String?) throws -> Int32 {
    do {
        return try ChildProcess.start(["/usr/bin/env"] + argv, environment: environment, stdout: stdout, stderr: stderr)
            .waitBlocking()
    } catch {
        throw SandboxFailure(message: "\(error)")
    }
}

/// The environment for tools: system directories first on PATH (a pyenv python or a local
/// build must not shadow Debian's neutron or OVN tools), plus `extra`.
func toolEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
    var environment = ProcessInfo.processInfo.environment
    environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin:" + (environment["PATH"] ?? "")
    environment.merge(extra) { _, new in new }
    return environment
}

/// Runs a program found on PATH and waits for it; output (stdout and stderr together) in `log`
/// or a temp file. Never throws for a non-zero exit: the status is returned.
@discardableResult
public func runTool(
    _ arguments: [String], log: URL? = nil, environment extra: [String: String] = [:]
) throws -> (status: Int32, output: String) {
    let logURL = log ?? FileManager.default.temporaryDirectory.appendingPathComponent("scnet-tool-\(UUID().uuidString).log")
    defer { if log == nil { try? FileManager.default.removeItem(at: logURL) } }
    let status = try spawnAndWait(arguments, environment: toolEnvironment(extra), stdout: logURL.path, stderr: nil)
    return (status, (try? String(contentsOf: logURL, encoding: .utf8)) ?? "")
}

/// Runs a program, returns its stdout; throws with its stderr when it exits non-zero.
@discardableResult
public func run(_ executable: String, _ arguments: [String]) throws -> String {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("scnet-run-\(UUID().uuidString)").path
    let outPath = base + ".out", errPath = base + ".err"
    defer {
        unlink(outPath)
        unlink(errPath)
    }
    let code = try spawnAndWait([executable] + arguments, environment: toolEnvironment(), stdout: outPath, stderr: errPath)
    let output = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    guard code == 0 else {
        let why = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        throw SandboxError(message: "\(executable) \(arguments.joined(separator: " ")) exited \(code): \(why)")
    }
    return output
}

/// ``runTool(_:log:environment:)`` for async callers: waits by polling, so a long program
/// (a sandbox's start, seconds) never holds one of the two cooperative threads that every
/// other suite's in-process servers need meanwhile.
@discardableResult
public func runToolAsync(
    _ arguments: [String], log: URL? = nil, environment extra: [String: String] = [:], timeout: Duration = .seconds(600)
) async throws -> (status: Int32, output: String) {
    let logURL = log ?? FileManager.default.temporaryDirectory.appendingPathComponent("scnet-tool-\(UUID().uuidString).log")
    defer { if log == nil { try? FileManager.default.removeItem(at: logURL) } }
    let child: ChildProcess
    do {
        child = try ChildProcess.start(["/usr/bin/env"] + arguments, environment: toolEnvironment(extra), stdout: logURL.path, stderr: nil)
    } catch {
        throw SandboxFailure(message: "\(error)")
    }
    let status = await child.wait(timeout: timeout) ?? 124
    return (status, (try? String(contentsOf: logURL, encoding: .utf8)) ?? "")
}
