import Foundation

/// The `ovsdb` suite (issue: OVSDB). Replaced by the real benchmarks.
func runOVSDBBenchmarks() async throws {
    printError("scnet-bench: the ovsdb suite is not built yet")
    exit(1)
}
