import Kube
import TestSupport
import Testing

@Suite("work queue and retry rate limiter")
struct WorkQueueTests {
    @Test("per-key backoff doubles per failure up to the cap; forget resets it")
    func perKeyBackoff() {
        var limiter = RetryRateLimiter<String>(
            perKey: Backoff(initial: .milliseconds(5), maximum: .milliseconds(30)), rate: 1000, burst: 1000)
        let delays = (0..<5).map { _ in limiter.delay(for: "a", now: .zero) }
        #expect(delays == [.milliseconds(5), .milliseconds(10), .milliseconds(20), .milliseconds(30), .milliseconds(30)])
        #expect(limiter.retries("a") == 5)
        #expect(limiter.delay(for: "b", now: .zero) == .milliseconds(5))
        limiter.forget("a")
        #expect(limiter.retries("a") == 0)
        #expect(limiter.delay(for: "a", now: .zero) == .milliseconds(5))
    }

    @Test("the overall bucket delays retries beyond the burst, and refills with time")
    func overallRate() {
        var limiter = RetryRateLimiter<Int>(perKey: Backoff(initial: .zero, maximum: .zero), rate: 10, burst: 2)
        #expect(limiter.delay(for: 1, now: .zero) == .zero)
        #expect(limiter.delay(for: 2, now: .zero) == .zero)
        #expect(limiter.delay(for: 3, now: .zero) == .milliseconds(100))
        #expect(limiter.delay(for: 4, now: .zero) == .milliseconds(200))
        // One second later the bucket is full again (burst 2).
        #expect(limiter.delay(for: 5, now: .seconds(1)) == .zero)
        #expect(limiter.delay(for: 6, now: .seconds(1)) == .zero)
        #expect(limiter.delay(for: 7, now: .seconds(1)) == .milliseconds(100))
    }

    @Test("a key is queued once, and a key added while processed is processed again after done")
    func dedupAndRequeueAfterDone() async throws {
        let queue = WorkQueue<String, ManualClock>(clock: ManualClock())
        await queue.add("a")
        await queue.add("b")
        await queue.add("a")
        #expect(await queue.count == 2)
        let first = await queue.get()
        #expect(first == "a")
        await queue.add("a")  // while "a" is being processed
        #expect(await queue.count == 1)  // only "b": "a" waits for done
        #expect(await queue.get() == "b")
        await queue.done("b")
        #expect(await queue.count == 0)
        await queue.done("a")
        #expect(await queue.count == 1)
        #expect(await queue.get() == "a")
        await queue.done("a")
        #expect(await queue.count == 0)
        #expect(await queue.processingCount == 0)
    }

    @Test("a rate-limited key comes back only when the injected clock reaches its backoff")
    func rateLimitedWaitsForClock() async throws {
        let clock = ManualClock()
        let limiter = RetryRateLimiter<String>(perKey: Backoff(initial: .seconds(1), maximum: .seconds(60)), rate: 100, burst: 100)
        let queue = WorkQueue<String, ManualClock>(clock: clock, limiter: limiter)
        await queue.addRateLimited("a")
        await queue.addRateLimited("a")  // second failure before the first retry: earliest time kept
        #expect(await queue.retries("a") == 2)
        let got = Locked<String?>(nil)
        let worker = Task {
            let key = await queue.get()
            got.withLock { $0 = key }
        }
        #expect(await eventually(timeout: .seconds(30)) { clock.sleepingUntil == [.seconds(1)] })
        clock.advance(by: .milliseconds(999))
        #expect(got.value == nil)
        #expect(await queue.waitingCount == 1)
        #expect(clock.sleepingUntil == [.seconds(1)])
        clock.advance(by: .milliseconds(1))
        #expect(await eventually { got.value == "a" })
        await worker.value
        #expect(await queue.waitingCount == 0)
    }

    @Test("a waiting worker wakes for a key added later, and shutdown drains then ends workers")
    func wakeAndShutdown() async throws {
        let queue = WorkQueue<Int, ContinuousClock>()
        let worker = Task { () -> [Int] in
            var seen: [Int] = []
            while let key = await queue.get() {
                seen.append(key)
                await queue.done(key)
            }
            return seen
        }
        await queue.add(1)
        #expect(await eventually {
            let queued = await queue.count
            let processing = await queue.processingCount
            return queued == 0 && processing == 0
        })
        await queue.add(2)
        await queue.add(3)
        await queue.shutDown()
        let seen = try await withTimeout { await worker.value }
        #expect(seen == [1, 2, 3])
        #expect(await queue.get() == nil)
    }

    @Test("a worker waiting in get stops with nil when its task is cancelled; the queue keeps working")
    func cancelledWorker() async throws {
        let clock = ManualClock()
        let queue = WorkQueue<String, ManualClock>(clock: clock)
        await queue.add("later", after: .seconds(10))
        let waiting = Task { await queue.get() }
        // Parked: asleep until the delayed key is due.
        #expect(await eventually(timeout: .seconds(30)) { clock.sleepingUntil == [.seconds(10)] })
        waiting.cancel()
        let result = try await withTimeout { await waiting.value }
        #expect(result == nil)
        #expect(clock.sleepingUntil.isEmpty)
        await queue.add("k")
        #expect(try await withTimeout { await queue.get() } == "k")
        clock.advance(by: .seconds(10))
        #expect(try await withTimeout { await queue.get() } == "later")
    }

    @Test("retries by the real clock take at least the backoff")
    func realClockBackoff() async throws {
        let queue = WorkQueue<String, ContinuousClock>(
            limiter: RetryRateLimiter(perKey: Backoff(initial: .milliseconds(50), maximum: .seconds(1))))
        let start = ContinuousClock.now
        await queue.addRateLimited("x")
        let key = try await withTimeout { await queue.get() }
        #expect(key == "x")
        #expect(ContinuousClock.now - start >= .milliseconds(50))
    }
}
