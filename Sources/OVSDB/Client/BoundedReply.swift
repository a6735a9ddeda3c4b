import NIOCore
import Synchronization

/// Waits for a reply future, but no longer than a deadline and not past task cancellation:
/// whichever of the three comes first decides, and the others are ignored. The request itself
/// is not withdrawn (JSON-RPC cannot), so a late reply is simply dropped.
enum BoundedReply {
    static func wait<Value: Sendable>(
        for reply: EventLoopFuture<Value>, on loop: any EventLoop, timeout: Duration?,
        timedOut: @escaping @Sendable () -> any Error
    ) async throws -> Value {
        let answer = loop.makePromise(of: Value.self)
        let first = FirstOutcome()
        let timer = timeout.map { limit in
            loop.scheduleTask(in: TimeAmount(limit)) {
                if first.claim() { answer.fail(timedOut()) }
            }
        }
        reply.whenComplete { result in
            timer?.cancel()
            if first.claim() { answer.completeWith(result) }
        }
        return try await withTaskCancellationHandler {
            try await answer.futureResult.get()
        } onCancel: {
            if first.claim() { answer.fail(CancellationError()) }
        }
    }
}

/// True for exactly one caller of ``claim()``.
private final class FirstOutcome: Sendable {
    private let taken = Atomic<Bool>(false)
    func claim() -> Bool { !taken.exchange(true, ordering: .acquiringAndReleasing) }
}
