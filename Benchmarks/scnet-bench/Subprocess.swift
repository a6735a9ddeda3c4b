import Foundation
import Spawn

/// Runs a program to completion (see `ChildProcess`), stdout/stderr into temp files. Returns
/// (exit code, stdout, stderr).
@discardableResult
func spawnAndWait(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> (code: Int32, out: String, err: String) {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("scnet-bench-\(UUID().uuidString)").path
    let outPath = base + ".out", errPath = base + ".err"
    defer { unlink(outPath); unlink(errPath) }
    let code = try ChildProcess.start(
        [executable] + arguments, environment: environment ?? ProcessInfo.processInfo.environment,
        stdout: outPath, stderr: errPath
    ).waitBlocking()
    let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
    return (code, out, err)
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
