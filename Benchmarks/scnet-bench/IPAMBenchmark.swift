import Foundation

/// The `ipam` suite (issue: IPAM). Replaced by the real benchmarks.
func runIPAMBenchmarks() async throws {
    printError("scnet-bench: the ipam suite is not built yet")
    exit(1)
}
