import Prometheus

/// The controller's Prometheus metrics (X7): reconciles and their latency per kind, addresses in
/// use per subnet, OVSDB transaction latency, Neutron call latency and errors.
public final class ControllerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private static let latencyBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
    }

    func reconciled(kind: String, succeeded: Bool, duration: Duration) {
        registry.makeCounter(
            descriptor: .scnet("reconcile", unit: "total", help: "Reconciles run, by kind and result."), labels: [("kind", kind), ("result", succeeded ? "success" : "error")]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: .scnet("reconcile_duration", unit: "seconds", help: "Time one reconcile took, by kind."), labels: [("kind", kind)], buckets: Self.latencyBuckets
        ).record(duration)
    }

    func addresses(subnet: String, inUse: UInt64, available: UInt64) {
        registry.makeGauge(
            descriptor: .scnet("subnet_addresses_in_use", unit: "", help: "Addresses allocated in a subnet."), labels: [("subnet", subnet)]
        ).set(Double(inUse))
        registry.makeGauge(
            descriptor: .scnet("subnet_addresses_available", unit: "", help: "Addresses still free in a subnet."), labels: [("subnet", subnet)]
        ).set(Double(available))
    }

    func ovsdbTransaction(duration: Duration, succeeded: Bool) {
        registry.makeDurationHistogram(
            descriptor: .scnet("ovsdb_transaction_duration", unit: "seconds", help: "OVN Northbound transaction latency."), labels: [("result", succeeded ? "success" : "error")],
            buckets: Self.latencyBuckets
        ).record(duration)
    }

    func neutronCall(_ operation: String, duration: Duration, succeeded: Bool) {
        registry.makeDurationHistogram(
            descriptor: .scnet("neutron_request_duration", unit: "seconds", help: "Neutron API call latency, by operation."), labels: [("operation", operation)],
            buckets: Self.latencyBuckets
        ).record(duration)
        if !succeeded {
            registry.makeCounter(
                descriptor: .scnet("neutron_errors", unit: "total", help: "Neutron API calls that failed."), labels: [("operation", operation)]
            ).increment()
        }
    }

    func garbageCollected(table: String, count: Int) {
        registry.makeCounter(
            descriptor: .scnet("garbage_collected_rows", unit: "total", help: "Northbound rows of ours deleted because their owner is gone."), labels: [("table", table)]
        ).increment(by: Int64(count))
    }

    /// The text exposition format, as `/metrics` serves it.
    public func exposition() -> String { registry.emitToString() }
}

extension MetricNameDescriptor {
    /// `scnet_<name>_<unit>`.
    static func scnet(_ name: String, unit: String, help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "scnet", metricName: name, unitName: unit, helpText: help)
    }
}
