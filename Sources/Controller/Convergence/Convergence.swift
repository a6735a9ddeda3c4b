import Kube
import Logging
import OVSDB
import SCNetAPI

/// Keeps Northbound converging on the declared state (X4): queues the owners of rows that
/// changed under us (someone deleted our router port; Neutron's `repair` sync), everything
/// after `ovsdb-server` comes back, and — every resync period — every object and every owner of
/// a row or `IP` record of ours, so rows whose owner is gone are collected.
struct Convergence: Sendable {
    let context: ControllerContext

    func queue(_ owners: some Sequence<Owner>) async {
        for owner in owners {
            switch owner {
            case .vpc(let name): await context.vpcQueue.add(name)
            case .subnet(let name): await context.subnetQueue.add(name)
            case .workload(let key): await context.workloadQueue.add(key)
            case .join(let member): await context.joinQueue.add(member)
            }
        }
    }

    /// Queues every object and every owner of our rows and records.
    func queueEverything() async {
        for vpc in await context.caches.vpcs.objects() { await context.vpcQueue.add(vpc.metadata.name) }
        for subnet in await context.caches.subnets.objects() { await context.subnetQueue.add(subnet.metadata.name) }
        await context.queueWorkloads()
        await context.queueJoinMembers()
        await queue(context.northbound.read { Owner.all(in: $0) })
        await queue(await context.caches.ips.objects().compactMap { Owner(record: $0) })
    }

    /// Reacts to Northbound changes and reconnects until cancelled.
    func watchNorthbound() async {
        for await event in context.northbound.client.events {
            switch event {
            case .ready(_, let reconnected):
                if reconnected {
                    context.logger.info("Northbound connection back: reconciling everything")
                    await queueEverything()
                }
            case .disconnected(let reason):
                context.logger.warning("Northbound connection lost", metadata: ["reason": "\(reason)"])
            case .changes(let changes):
                await queue(Owner.of(changes))
            }
        }
    }

    /// Every `interval`, queues everything (resync and garbage collection).
    func resync(every interval: Duration) async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            await queueEverything()
        }
    }
}
