import ArgumentParser
import Doctor
import Foundation

/// `scnet doctor …`: the seed's troubleshooting chapters as tools that do not hang.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Diagnose and repair what the troubleshooting chapters describe.",
        subcommands: [Tasks.self, PodDoctor.self, ClusterDoctor.self])
}

extension DoctorCommand {
    /// `scnet doctor tasks`: the "unknown error" container (S17), found and fixed over containerd's API.
    struct Tasks: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find containerd tasks in state UNKNOWN, say why, and with --fix clean them up.",
            discussion: """
                A task is UNKNOWN when its shim does not answer; `ctr t rm` then hangs too. With --fix \
                each hung shim is killed (SIGKILL), containerd drops the task, the orphaned container \
                record and its snapshot are removed, and the tasks are listed again to confirm. \
                Healthy tasks are never touched. Every call to containerd has a deadline; listing \
                waits about 2 s per hung shim inside containerd. \
                Exit status: 0 no UNKNOWN task remains, 1 some were found or could not be cleaned, \
                2 containerd cannot be reached.
                """)

        @Option(help: "containerd namespace.")
        var namespace = "k8s.io"

        @Flag(help: "Clean the UNKNOWN tasks up.")
        var fix = false

        @Option(help: "containerd's gRPC socket.")
        var address = "/run/containerd/containerd.sock"

        @Option(help: "Seconds each call to containerd may take.")
        var timeout: Double = 30

        func validate() throws {
            guard timeout > 0, timeout <= 3600 else { throw ValidationError("--timeout must be between 0 and 3600 seconds") }
        }

        func run() async throws {
            let client: ContainerdClient
            do {
                client = try await ContainerdClient.connect(
                    address: address, namespace: namespace, callTimeout: .milliseconds(Int64(timeout * 1000)))
            } catch {
                printError("\(error)")
                throw ExitCode(2)
            }
            let doctor = TaskDoctor(api: client, say: { line in print(line) })
            let report: TaskDoctorReport
            do {
                report = try await doctor.run(fix: fix)
            } catch {
                await client.close()
                printError("\(error)")
                // Not even the task list came back: containerd is not usable at this socket.
                throw ExitCode(2)
            }
            await client.close()
            if !report.isHealthy { throw ExitCode(1) }
        }
    }
}

/// Writes a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data("scnet: \(line)\n".utf8))
}
