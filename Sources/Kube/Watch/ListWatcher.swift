import Logging
import SCNetAPI

/// What a ``ListWatcher`` delivers: a full list (initially and after every re-list), or one
/// watch event in between.
public enum ListWatchUpdate<R: KubeResource>: Sendable {
    case listed(items: [R], resourceVersion: String)
    case event(WatchEvent<R>)
}

/// Runs the list-then-watch loop of ``ListWatchStateMachine`` against a server: lists (page by
/// page), watches with bookmarks from the list's version, resumes a closed watch from the last
/// version seen, re-lists on 410, and backs off on failures. Runs until its task is cancelled.
public struct ListWatcher<R: KubeResource>: Sendable {
    public let client: KubeClient
    /// `nil`: every namespace (and always for cluster-scoped kinds).
    public let namespace: String?
    /// Selectors and page size (`limit`) for the list; the same selectors for the watch.
    public let options: ListOptions
    public let backoff: Backoff
    /// Passed as the watch's `timeoutSeconds`; `nil` lets ``KubeClient/watch(_:namespace:options:allowBookmarks:)`` pick.
    public let watchTimeoutSeconds: Int?

    public init(
        client: KubeClient, namespace: String? = nil, options: ListOptions = ListOptions(limit: 500),
        backoff: Backoff = Backoff(), watchTimeoutSeconds: Int? = nil
    ) {
        self.client = client
        self.namespace = namespace
        self.options = options
        self.backoff = backoff
        self.watchTimeoutSeconds = watchTimeoutSeconds
    }

    /// Lists and watches until cancelled, handing every update to `deliver` in order.
    public func run(_ deliver: @Sendable (ListWatchUpdate<R>) async -> Void) async {
        let logger = client.logger
        var machine = ListWatchStateMachine(backoff: backoff)
        var action = machine.start()
        while !Task.isCancelled {
            switch action {
            case .list:
                do {
                    var listOptions = options
                    listOptions.resourceVersion = nil
                    listOptions.continueToken = nil
                    listOptions.timeoutSeconds = nil
                    let list = try await client.listAll(R.self, namespace: namespace, options: listOptions)
                    await deliver(.listed(items: list.items, resourceVersion: list.resourceVersion))
                    action = machine.listed(resourceVersion: list.resourceVersion)
                } catch is CancellationError {
                    return
                } catch {
                    logger.warning("list \(R.plural) failed: \(error)")
                    action = machine.listFailed()
                }
            case .watch(let resourceVersion):
                action = await watchOnce(from: resourceVersion, machine: &machine, deliver: deliver, logger: logger)
            case .backoff(let delay):
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    return
                }
                action = machine.backoffElapsed()
            case .none:
                // Not reached: every branch above yields a concrete next step.
                action = machine.watchEnded(.connectionFailed)
            case .stop:
                return
            }
        }
    }

    private func watchOnce(
        from resourceVersion: String, machine: inout ListWatchStateMachine,
        deliver: @Sendable (ListWatchUpdate<R>) async -> Void, logger: Logger
    ) async -> ListWatchStateMachine.Action {
        let opened = ContinuousClock.now
        var watchOptions = options
        watchOptions.limit = nil
        watchOptions.continueToken = nil
        watchOptions.resourceVersion = resourceVersion
        watchOptions.timeoutSeconds = watchTimeoutSeconds
        do {
            let stream = try await client.watch(R.self, namespace: namespace, options: watchOptions)
            for try await event in stream {
                if case .error(let status) = event {
                    logger.info("watch \(R.plural) from \(resourceVersion): \(status.code ?? 0) \(status.message ?? "")")
                    return machine.watchError(code: status.code ?? 0)
                }
                await deliver(.event(event))
                _ = machine.received(resourceVersion: event.resourceVersion)
            }
            return machine.watchEnded(.closed(after: ContinuousClock.now - opened))
        } catch is CancellationError {
            return machine.stop()
        } catch let error as KubeError {
            if Task.isCancelled { return machine.stop() }
            switch error {
            case .gone: return machine.watchEnded(.gone)
            case .transport: return machine.watchEnded(.connectionFailed)
            default:
                logger.warning("watch \(R.plural) failed: \(error)")
                return machine.watchEnded(.refused(code: error.status?.code ?? 0))
            }
        } catch {
            if Task.isCancelled { return machine.stop() }
            return machine.watchEnded(.connectionFailed)
        }
    }
}
