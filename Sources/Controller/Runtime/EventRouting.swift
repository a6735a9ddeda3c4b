import Kube
import SCNetAPI

/// Turns informer deltas into queue keys: each object queues itself, and the objects that
/// depend on it (a namespace's workloads, a VPC's subnets, the owner of a deleted `IP` record).
struct EventRouting: Sendable {
    let context: ControllerContext

    func run() async {
        let caches = context.caches
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await delta in caches.vpcs.deltas {
                    guard let vpc = delta.object else { continue }
                    if case .deleted = delta { await context.joinQueue.add(.vpc(vpc.metadata.name)) }
                    if case .updated(let old, let new) = delta, old.spec == new.spec {
                        if !Self.onlyStatusChanged(old.metadata, new.metadata) { await context.vpcQueue.add(vpc.metadata.name) }
                        continue
                    }
                    await context.vpcQueue.add(vpc.metadata.name)
                    for subnet in await caches.subnets.objects() where (subnet.spec.vpc ?? Defaults.vpc) == vpc.metadata.name {
                        await context.subnetQueue.add(subnet.metadata.name)
                    }
                }
            }
            group.addTask {
                for await delta in caches.subnets.deltas {
                    guard let subnet = delta.object else { continue }
                    if subnet.metadata.name == context.configuration.joinSubnet { await context.queueJoinMembers() }
                    if case .updated(let old, let new) = delta, old.spec == new.spec,
                       Self.onlyStatusChanged(old.metadata, new.metadata) { continue }
                    await context.subnetQueue.add(subnet.metadata.name)
                }
            }
            group.addTask {
                for await delta in caches.pods.deltas {
                    guard let pod = delta.object else { continue }
                    await context.workloadQueue.add(.pod(namespace: pod.metadata.namespace ?? "default", name: pod.metadata.name))
                    if case .updated(let old, _) = delta, old.metadata.annotations[Annotation.snat] != pod.metadata.annotations[Annotation.snat] {
                        await context.floatingIPQueue.add(FloatingIPReconciler.key)  // asked for, changed or given up
                    }
                }
            }
            if let vms = caches.virtualMachines {
                group.addTask {
                    for await delta in vms.deltas {
                        guard let vm = delta.object else { continue }
                        if case .updated(let old, _) = delta, old.templateAnnotations[Annotation.eip] != vm.templateAnnotations[Annotation.eip] {
                            await context.floatingIPQueue.add(FloatingIPReconciler.key)
                        }
                        await context.workloadQueue.add(.virtualMachine(namespace: vm.metadata.namespace ?? "default", name: vm.metadata.name))
                    }
                }
            }
            group.addTask {
                for await delta in caches.namespaces.deltas {
                    guard let namespace = delta.object else { continue }
                    if case .updated(let old, let new) = delta, old.metadata.labels == new.metadata.labels { continue }
                    if case .added = delta, !namespace.isManaged { continue }
                    await context.queueWorkloads { $0.namespace == namespace.metadata.name }
                }
            }
            group.addTask {
                for await delta in caches.nodes.deltas {
                    guard let node = delta.object else { continue }
                    await context.joinQueue.add(.node(node.metadata.name))
                    for vpc in await caches.vpcs.objects() where vpc.spec.gatewayNode == node.metadata.name {
                        await context.vpcQueue.add(vpc.metadata.name)
                    }
                }
            }
            group.addTask {
                for await delta in caches.ips.deltas {
                    // A record deleted or changed by someone else: its owner's reconcile restores it.
                    guard case .deleted(let record) = delta, let owner = Owner(record: record) else { continue }
                    await Convergence(context: context).queue([owner])
                }
            }
        }
    }

    /// Whether an update with an unchanged spec changed nothing but `status` (and the resource
    /// version): mostly our own status writes, which must not queue the object again. A
    /// Subnet's counts change with every pod, and re-queueing it on each of its own status
    /// writes kept it reconciling non-stop while pods were created.
    static func onlyStatusChanged(_ old: ObjectMeta, _ new: ObjectMeta) -> Bool {
        var old = old
        old.resourceVersion = new.resourceVersion
        return old == new
    }
}
