import Foundation
import TestSupport
import Testing

private let pythonClientPresent = FileManager.default.fileExists(atPath: "/usr/lib/python3/dist-packages/kubernetes/__init__.py")

/// The official Kubernetes Python client (Debian's `python3-kubernetes`, installed by
/// `scripts/install-deps test`) against the embedded API: a second real client next to kubectl,
/// which sends what kubectl never does (`watch=True`, strategic merge patches from a dict).
@Suite("the Python Kubernetes client against KubeLite", .serialized, .timeLimit(.minutes(1)),
       .enabled(if: pythonClientPresent, "python3-kubernetes is not installed (scripts/install-deps test installs it)"))
struct PythonClientTests {
    static let script = TestServer.repoRoot.appendingPathComponent("Tests/Clients/python_client_conformance.py").path
    /// Every check the script makes; each must report ok, so a script that stops early fails too.
    static let checks = [
        "list with a label selector", "list carries a resourceVersion", "watch delivers a new pod as ADDED",
        "strategic merge patch adds a label and keeps the others", "JSON patch adds an annotation",
        "status subresource writes status", "a write to the main resource leaves status alone",
        "a stale update gets 409 Conflict", "an update from a fresh read succeeds", "a missing pod is 404 NotFound",
        "custom resources list (kubeovn.io/v1 subnets)", "delete removes the pod",
    ]

    @Test("list, watch, patch, status and conflicts work from the Python client")
    func conformance() async throws {
        try await TestServer.with { server, _ in
            let run = try await runToolAsync(["python3", Self.script, server.kubeconfigPath.path], timeout: .seconds(45))
            #expect(run.status == 0, "\(run.output)")
            let results = run.output.split(separator: "\n").compactMap { line -> (String, Bool)? in
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      let name = object["check"] as? String, let ok = object["ok"] as? Bool else { return nil }
                return (name, ok)
            }
            let passed = Set(results.filter(\.1).map(\.0))
            for check in Self.checks {
                #expect(passed.contains(check), "check \"\(check)\" did not pass:\n\(run.output)")
            }
        }
    }
}
