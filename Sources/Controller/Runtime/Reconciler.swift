import Kube
import Logging

/// What a reconcile asks of its queue once it succeeded.
public enum ReconcileOutcome: Sendable, Equatable {
    /// The object is where it should be.
    case done
    /// Look again after `delay` (e.g. waiting for an object that does not exist yet).
    case requeue(after: Duration)
}

/// One kind's reconciler: brings the world to the state its object declares, level-triggered
/// (it reads the current state each time, never the event that queued the key) and idempotent.
protocol Reconciler: Sendable {
    associatedtype Key: Hashable & Sendable & CustomStringConvertible
    /// The kind, for logs and metrics (`vpc`, `subnet`, `workload`).
    var kind: String { get }
    func reconcile(_ key: Key) async throws -> ReconcileOutcome
}

/// Runs a reconciler over a work queue with `workers` concurrent workers: failures are retried
/// with the queue's backoff, every run is timed into the metrics.
struct ReconcileLoop<R: Reconciler>: Sendable {
    let reconciler: R
    let queue: WorkQueue<R.Key, ContinuousClock>
    let workers: Int
    let metrics: ControllerMetrics
    let logger: Logger

    func run() async {
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<max(1, workers) { group.addTask { await work() } }
        }
    }

    private func work() async {
        let clock = ContinuousClock()
        while let key = await queue.get() {
            let started = clock.now
            do {
                let outcome = try await reconciler.reconcile(key)
                await queue.forget(key)
                if case .requeue(let delay) = outcome { await queue.add(key, after: delay) }
                metrics.reconciled(kind: reconciler.kind, succeeded: true, duration: clock.now - started)
            } catch is CancellationError {
                await queue.done(key)
                return
            } catch {
                let retries = await queue.retries(key)
                let level: Logger.Level = retries < 3 ? .info : .warning
                logger.log(level: level, "reconcile failed; retrying", metadata: [
                    "kind": "\(reconciler.kind)", "key": "\(key)", "retries": "\(retries)", "error": "\(error)",
                ])
                await queue.addRateLimited(key)
                metrics.reconciled(kind: reconciler.kind, succeeded: false, duration: clock.now - started)
            }
            await queue.done(key)
        }
    }
}
