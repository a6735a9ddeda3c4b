import Foundation
import Spawn

#if canImport(Glibc)
import Glibc
#endif

/// Runs a program to completion with a deadline, the way that works on this machine:
/// posix_spawn with an empty signal mask (children of Swift concurrency threads would inherit
/// a blocked mask and ignore SIGTERM), output to temp files (never pipes), waitpid polled.
/// A program that outlives its deadline is killed and reported as status 124 (like timeout(1)).
/// Async, so waiting never holds one of the (two) cooperative threads.
struct Subprocess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var seconds: Double
        var output: String { stdout + stderr }
    }

    static func run(_ program: String, _ arguments: [String], timeout: Double = 60) async throws -> Result {
        try await run(program, arguments) { child in await child.wait(timeout: .seconds(timeout)) ?? 124 }
    }

    /// ``run(_:_:timeout:)`` for synchronous callers (set-up and tear-down of sandboxes): it
    /// blocks its thread while the program runs, with no deadline of its own.
    static func runBlocking(_ program: String, _ arguments: [String], timeout: Double = 60) throws -> Result {
        let started = Date()
        let (child, dir) = try start(program, arguments)
        defer { try? FileManager.default.removeItem(at: dir) }
        let status = child.waitBlocking()
        return result(status, dir, started)
    }

    private static func run(_ program: String, _ arguments: [String], wait: (ChildProcess) async -> Int32) async throws -> Result {
        let started = Date()
        let (child, dir) = try start(program, arguments)
        defer { try? FileManager.default.removeItem(at: dir) }
        let status = await wait(child)
        return result(status, dir, started)
    }

    private static func start(_ program: String, _ arguments: [String]) throws -> (ChildProcess, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("doctor-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        do {
            let child = try ChildProcess.start(
                [program] + arguments, stdout: dir.appendingPathComponent("out").path, stderr: dir.appendingPathComponent("err").path)
            return (child, dir)
        } catch {
            throw SubprocessError(message: "\(error)")
        }
    }

    private static func result(_ status: Int32, _ dir: URL, _ started: Date) -> Result {
        Result(
            status: status,
            stdout: (try? String(contentsOf: dir.appendingPathComponent("out"), encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: dir.appendingPathComponent("err"), encoding: .utf8)) ?? "",
            seconds: Date().timeIntervalSince(started))
    }
}

struct SubprocessError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
