import Foundation

// scnet-bench: benchmark programs that print one JSON object per line,
// {"name": …, "value": …, "unit": …}. Run a release build: `swift run -c release scnet-bench ipam`.

let suites: [(name: String, run: () async throws -> Void)] = [
    ("ipam", runIPAMBenchmarks),
    ("ovsdb", runOVSDBBenchmarks),
    ("controller", runControllerBenchmarks),
    ("cni", runCNIBenchmarks),
]

let arguments = Array(CommandLine.arguments.dropFirst())
let wanted = arguments.isEmpty ? suites.map(\.name) : arguments
for name in wanted {
    guard let suite = suites.first(where: { $0.name == name }) else {
        let known = suites.map(\.name).joined(separator: ", ")
        printError("scnet-bench: unknown suite \"\(name)\" (known: \(known))")
        exit(2)
    }
    do {
        try await suite.run()
    } catch {
        printError("scnet-bench: suite \(name) failed: \(error)")
        exit(1)
    }
}
