import Foundation

/// Runs `ovn-trace --db=<SB> <datapath> <microflow>` as a child process, killed at the deadline.
enum OVNTraceRunner {
    static let candidates = ["/usr/bin/ovn-trace", "/usr/local/bin/ovn-trace"]

    /// The ovn-trace binary, `nil` when not installed.
    static var executable: String? { candidates.first { FileManager.default.isExecutableFile(atPath: $0) } }

    /// The outcome of `request` against `southbound`.
    static func run(_ request: TraceRequest, southbound: String, deadline: Double) async -> TraceOutcome {
        guard let executable else { return .failed("ovn-trace is not installed") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scnet-trace-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let out = dir.appendingPathComponent("out"), err = dir.appendingPathComponent("err")
            _ = FileManager.default.createFile(atPath: out.path, contents: nil)
            _ = FileManager.default.createFile(atPath: err.path, contents: nil)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["--db=\(southbound)"] + request.arguments
            // Files, not pipes: a long trace cannot fill a pipe and block the child.
            process.standardOutput = try FileHandle(forWritingTo: out)
            process.standardError = try FileHandle(forWritingTo: err)
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let clock = ContinuousClock()
            let end = clock.now.advanced(by: .milliseconds(Int64(deadline * 1000)))
            while process.isRunning {
                if clock.now >= end {
                    process.terminate()
                    process.waitUntilExit()
                    return .failed("ovn-trace did not finish within \(formatSeconds(deadline))")
                }
                try? await Task.sleep(for: .milliseconds(20))
            }
            let output = String(decoding: try Data(contentsOf: out), as: UTF8.self)
            guard process.terminationStatus == 0 else {
                let message = String(decoding: try Data(contentsOf: err), as: UTF8.self)
                    .split(separator: "\n").map(String.init).last { !$0.isEmpty } ?? "exit status \(process.terminationStatus)"
                return .failed(message + (output.isEmpty ? "" : " (\(output.split(separator: "\n").last ?? ""))"))
            }
            return request.outcome(output: output)
        } catch {
            return .failed("cannot run \(executable): \(error)")
        }
    }
}
