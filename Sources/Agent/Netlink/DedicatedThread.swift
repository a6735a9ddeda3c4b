import Glibc

/// Runs a closure on a freshly spawned OS thread (pthread) that nothing else ever runs on.
///
/// Used to `setns` into another network namespace without moving a thread of Swift's
/// cooperative pool: the thread exits when the closure returns, so it never has to move back.
enum DedicatedThread {
    /// Runs `body` on a new thread and blocks the caller until it finishes.
    static func run<T: Sendable>(
        _ body: @escaping @Sendable () throws(NetlinkError) -> T
    ) throws(NetlinkError) -> T {
        let job = Job(body)
        var thread = pthread_t()
        let context = Unmanaged.passRetained(job).toOpaque()
        let created = pthread_create(&thread, nil, dedicatedThreadMain, context)
        guard created == 0 else {
            Unmanaged<Job<T>>.fromOpaque(context).release()
            throw .operationFailed(operation: "spawn namespace thread", errno: created)
        }
        pthread_join(thread, nil)
        guard let outcome = job.outcome else {
            throw .operationFailed(operation: "namespace thread", errno: EFAULT)
        }
        return try outcome.get()
    }

    /// Runs `body` on a new thread and suspends the caller (without blocking its thread) until it finishes.
    static func run<T: Sendable>(
        _ body: @escaping @Sendable () throws(NetlinkError) -> T
    ) async throws(NetlinkError) -> T {
        let outcome: Result<T, NetlinkError> = await withCheckedContinuation { continuation in
            let job = Job(body) { continuation.resume(returning: $0) }
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            defer { pthread_attr_destroy(&attributes) }
            pthread_attr_setdetachstate(&attributes, CInt(PTHREAD_CREATE_DETACHED))
            var thread = pthread_t()
            let context = Unmanaged.passRetained(job).toOpaque()
            let created = pthread_create(&thread, &attributes, dedicatedThreadMain, context)
            if created != 0 {
                Unmanaged<Job<T>>.fromOpaque(context).release()
                continuation.resume(
                    returning: .failure(.operationFailed(operation: "spawn namespace thread", errno: created)))
            }
        }
        return try outcome.get()
    }
}

/// Type-erased entry point so the C thread function need not be generic.
private protocol DedicatedThreadJob: AnyObject {
    func execute()
}

/// The closure to run and, once run, its outcome. Shared by exactly two threads: the outcome is
/// written by the dedicated thread and read only after `pthread_join`, or handed to `completion`.
private final class Job<T: Sendable>: DedicatedThreadJob, @unchecked Sendable {
    let body: @Sendable () throws(NetlinkError) -> T
    let completion: (@Sendable (Result<T, NetlinkError>) -> Void)?
    var outcome: Result<T, NetlinkError>?

    init(
        _ body: @escaping @Sendable () throws(NetlinkError) -> T,
        completion: (@Sendable (Result<T, NetlinkError>) -> Void)? = nil
    ) {
        self.body = body
        self.completion = completion
    }

    func execute() {
        let result: Result<T, NetlinkError>
        do throws(NetlinkError) { result = .success(try body()) } catch { result = .failure(error) }
        if let completion { completion(result) } else { outcome = result }
    }
}

private func dedicatedThreadMain(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let context else { return nil }
    let job = Unmanaged<AnyObject>.fromOpaque(context).takeRetainedValue()
    (job as? any DedicatedThreadJob)?.execute()
    return nil
}
