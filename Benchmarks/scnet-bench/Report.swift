import Foundation

/// Prints one benchmark result as a JSON line: `{"name": …, "value": …, "unit": …}`.
func report(_ name: String, _ value: Double, unit: String) {
    let rounded = (value * 1000).rounded() / 1000
    print("{\"name\": \"\(name)\", \"value\": \(rounded), \"unit\": \"\(unit)\"}")
    fflush(nil)
}

/// Writes a diagnostic line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Monotonic time in seconds, for measuring intervals.
func monotonicSeconds() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1e9
}

/// Resident set size of this process in MiB, from /proc/self/statm (Linux).
func residentMemoryMiB() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return -1 }
    let fields = text.split(separator: " ")
    guard fields.count >= 2, let pages = Double(fields[1]) else { return -1 }
    return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / (1024 * 1024)
}
