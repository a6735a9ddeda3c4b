import Kube
import SCNetAPI
import TestSupport
import Testing

/// Polls until `condition` holds; records an issue (and returns false) when it never does.
@discardableResult
func expectEventually(
    timeout: Duration = .seconds(20), sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: () async throws -> Bool
) async throws -> Bool {
    let held = try await eventually(timeout: timeout, interval: .milliseconds(100), condition)
    #expect(held, "condition never held within \(timeout)", sourceLocation: sourceLocation)
    return held
}

/// Polls `make` until it gives a value (nil after `timeout`).
func eventuallyValue<T: Sendable>(timeout: Duration = .seconds(20), _ make: () async throws -> T?) async throws -> T? {
    var value: T?
    _ = try await eventually(timeout: timeout, interval: .milliseconds(100)) {
        value = try await make()
        return value != nil
    }
    return value
}

/// The pod once the controller annotated it (`ovn.kubernetes.io/allocated: "true"`).
func annotated(_ h: ControllerHarness, _ namespace: String, _ name: String, timeout: Duration = .seconds(20)) async throws -> Pod {
    let pod = try await eventuallyValue(timeout: timeout) { () -> Pod? in
        let pod = try? await h.kube.get(Pod.self, name: name, namespace: namespace)
        return pod?.metadata.annotations[Annotation.allocated] == "true" ? pod : nil
    }
    return try #require(pod, "pod \(namespace)/\(name) was never annotated")
}
