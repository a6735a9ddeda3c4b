import IPAM
import Kube
import OVN
import OVSDB
import SCNetAPI

/// Gives pods and KubeVirt VMs of managed namespaces their network (SPEC S12, S15, S16, X1, X3):
/// address and MAC from IPAM, the `IP` record written **before** the logical switch port
/// `<name>.<namespace>` exists, then the annotations Kube-OVN writes. A VM's address is keyed by
/// the VM, so it survives restarts of its launcher pod. Everything is released when the
/// workload goes: port first, then record, then the address.
struct WorkloadReconciler: Reconciler {
    let context: ControllerContext
    var kind: String { "workload" }

    func reconcile(_ key: WorkloadKey) async throws -> ReconcileOutcome {
        switch key {
        case .pod(let namespace, let name):
            let pod = await context.caches.pods.object(ObjectKey(namespace: namespace, name: name))
            guard let pod, pod.metadata.deletionTimestamp == nil, !pod.hostNetwork,
                  pod.phase != "Succeeded", pod.phase != "Failed"
            else {
                try await release(key)
                return .done
            }
            if let vm = Label.launchedVM(pod.metadata.labels) {
                return try await annotateLauncher(pod, vm: .virtualMachine(namespace: namespace, name: vm))
            }
            guard let ns = await context.caches.namespace(namespace), ns.isManaged else {
                try await release(key)
                return .done
            }
            return try await ensure(key, annotations: pod.metadata.annotations, namespace: ns, nodeName: pod.nodeName) { record, layout in
                try await annotate(pod, record: record, layout: layout)
            } refuse: { reason, message in
                await context.event(reason, message, warning: true, on: pod)
            }
        case .virtualMachine(let namespace, let name):
            let vm = await context.caches.virtualMachines?.object(ObjectKey(namespace: namespace, name: name))
            guard let vm, vm.metadata.deletionTimestamp == nil,
                  let ns = await context.caches.namespace(namespace), ns.isManaged
            else {
                try await release(key)
                return .done
            }
            let outcome = try await ensure(key, annotations: vm.templateAnnotations, namespace: ns, nodeName: nil) { _, _ in
            } refuse: { reason, message in
                await context.event(reason, message, warning: true, on: vm)
            }
            for pod in await context.caches.pods.objects()
            where pod.metadata.namespace == namespace && Label.launchedVM(pod.metadata.labels) == name {
                await context.workloadQueue.add(.pod(namespace: namespace, name: pod.metadata.name))
            }
            return outcome
        }
    }

    // MARK: - Ensure

    private func ensure(
        _ key: WorkloadKey, annotations: [String: String], namespace: Namespace, nodeName: String?,
        announce: (IP, SubnetLayout) async throws -> Void,
        refuse: (String, String) async -> Void
    ) async throws -> ReconcileOutcome {
        let request = WorkloadRequest(annotations: annotations)
        var subnetName = Defaults.subnet
        if let named = request.subnet { subnetName = named } else { subnetName = await defaultSubnet(for: namespace.metadata.name) }
        guard let subnet = await context.caches.subnet(subnetName), subnet.metadata.deletionTimestamp == nil,
              await context.ledger.hasSubnet(subnetName)
        else {
            let exists = await context.caches.subnet(subnetName) != nil
            await refuse(exists ? "SubnetNotReady" : "SubnetNotFound",
                         exists ? "subnet \(subnetName) is not ready yet (or is being deleted)" : "subnet \(subnetName) does not exist")
            return .requeue(after: .seconds(30))
        }
        if !subnet.spec.projectIDs.isEmpty, !subnet.spec.projectIDs.contains(namespace.projectID ?? "") {
            await refuse("ProjectNotAllowed",
                         "namespace \(namespace.metadata.name) (project \(namespace.projectID ?? "none")) may not use subnet \(subnetName): spec.projectIDs is \(subnet.spec.projectIDs.joined(separator: ", "))")
            try await release(key)
            return .done
        }
        let layout = try context.layouts.layout(of: subnet)
        let owner = key.portName
        if let previous = await context.ledger.subnet(of: owner), previous != subnetName {
            try await release(key)
        }

        // 1. The address, and its record before anything else sees it.
        let record: IP
        if let allocation = await context.ledger.allocation(subnet: subnetName, owner: owner) {
            record = try await ensureRecord(key, allocation: allocation, subnet: subnetName, nodeName: nodeName)
        } else {
            let allocation: Allocation
            do {
                allocation = try await context.ledger.allocate(subnet: subnetName, owner: owner, request.allocationRequest)
            } catch {
                await refuse("AddressAllocationFailed", "subnet \(subnetName): \(error)")
                return .requeue(after: .seconds(30))
            }
            do {
                record = try await ensureRecord(key, allocation: allocation, subnet: subnetName, nodeName: nodeName)
            } catch {
                await context.ledger.release(subnet: subnetName, owner: owner)
                throw error
            }
            await context.subnetQueue.add(subnetName, after: .seconds(1))  // status counts
        }

        // 2. The logical switch port.
        try await ensurePort(key, record: record, subnet: subnetName)

        // 3. The annotations.
        try await announce(record, layout)
        if annotations[Annotation.snat] != nil || annotations[Annotation.eip] != nil {
            await context.floatingIPQueue.add(FloatingIPReconciler.key)
        }
        return .done
    }

    /// The namespace's subnet when a workload names none: a VPC or Subnet claiming the namespace
    /// (`spec.namespaces`), else `ovn-default` (SPEC S15).
    private func defaultSubnet(for namespace: String) async -> String {
        for vpc in await context.caches.vpcs.objects() where vpc.spec.namespaces.contains(namespace) {
            if let subnet = vpc.spec.defaultSubnet { return subnet }
        }
        for subnet in await context.caches.subnets.objects() where subnet.spec.namespaces.contains(namespace) {
            return subnet.metadata.name
        }
        return Defaults.subnet
    }

    private func ensureRecord(_ key: WorkloadKey, allocation: Allocation, subnet: String, nodeName: String?) async throws -> IP {
        var spec = IPSpec(
            podName: key.name, namespace: key.namespace, subnet: subnet, v4IpAddress: allocation.v4?.description,
            v6IpAddress: allocation.v6?.description, macAddress: allocation.mac?.description)
        spec.nodeName = nodeName
        if case .virtualMachine = key { spec.podType = "VirtualMachine" }
        let cached = await context.caches.ip(key.portName)
        if let cached, Self.sameAddresses(cached.spec, spec) { return cached }
        var record = IP(metadata: ObjectMeta(name: key.portName, labels: ["ovn.kubernetes.io/subnet": subnet]), spec: spec)
        if let cached {
            record.metadata = cached.metadata
            record.metadata.labels["ovn.kubernetes.io/subnet"] = subnet
            return try await context.kube.update(record)
        }
        do {
            return try await context.kube.create(record)
        } catch let error as KubeError where error.isAlreadyExists {
            let current = try await context.kube.get(IP.self, name: key.portName)
            if Self.sameAddresses(current.spec, spec) { return current }
            record.metadata = current.metadata
            return try await context.kube.update(record)
        }
    }

    static func sameAddresses(_ a: IPSpec, _ b: IPSpec) -> Bool {
        a.subnet == b.subnet && a.v4IpAddress == b.v4IpAddress && a.v6IpAddress == b.v6IpAddress
            && a.macAddress == b.macAddress && a.podName == b.podName && a.namespace == b.namespace
    }

    private func ensurePort(_ key: WorkloadKey, record: IP, subnet: String) async throws {
        let name = key.portName
        let addresses = [([record.spec.macAddress] + [record.spec.v4IpAddress, record.spec.v6IpAddress])
            .compactMap { $0 }.joined(separator: " ")]
        let ids = Ownership.markers(
            kind: key.isVirtualMachine ? NorthboundNames.Kind.virtualMachine : NorthboundNames.Kind.pod, name: name,
            extra: [NorthboundNames.Key.workload: "\(key.namespace)/\(key.name)", NorthboundNames.Key.subnet: subnet])
        if let existing = context.northbound.read({ $0.named(LogicalSwitchPort.self, name) }) {
            guard Ownership.isOwned(existing.externalIDs) else {
                throw ControllerError.invalidSpec(kind: "Pod", name: name, reason: "OVN already has a port \(name) that scnet does not own")
            }
            if existing.externalIDs[NorthboundNames.Key.subnet] != subnet {
                try await removePort(existing)
            } else {
                if existing.addresses != addresses || existing.portSecurity != addresses || existing.externalIDs != ids {
                    try await context.northbound.transact([.update(
                        LogicalSwitchPort.table, where: [.equal("_uuid", .uuid(existing.uuid))],
                        row: ["addresses": .strings(addresses), "port_security": .strings(addresses), "external_ids": .stringMap(ids)])])
                }
                return
            }
        }
        try await context.northbound.create(NorthboundOperations.addSwitchPort(
            NorthboundNames.subnetSwitch(subnet), name: name, addresses: addresses, portSecurity: addresses,
            kind: ids[Ownership.kindKey]!, externalIDs: ids))
    }

    private func removePort(_ port: LogicalSwitchPort) async throws {
        let subnet = port.externalIDs[NorthboundNames.Key.subnet] ?? ""
        var operations = NorthboundOperations.removeSwitchPort(NorthboundNames.subnetSwitch(subnet), portUUID: port.uuid)
        // A port whose switch we do not know: take it out of whichever switch holds it.
        if context.northbound.read({ $0.named(LogicalSwitch.self, NorthboundNames.subnetSwitch(subnet)) }) == nil {
            operations = [.mutate(LogicalSwitch.table, where: [OVSDB.Condition("ports", .includes, .uuids([port.uuid]))],
                                  mutations: [Mutation("ports", .delete, .uuids([port.uuid]))])]
        }
        try await context.northbound.transact(operations)
    }

    // MARK: - Annotations

    private func annotate(_ pod: Pod, record: IP, layout: SubnetLayout) async throws {
        let subnet = record.spec.subnet ?? ""
        let vpc = await context.caches.subnet(subnet)?.spec.vpc ?? Defaults.vpc
        let wanted: [String: String] = [
            Annotation.allocated: "true",
            Annotation.ipAddress: [record.spec.v4IpAddress, record.spec.v6IpAddress].compactMap { $0 }.joined(separator: ","),
            Annotation.macAddress: record.spec.macAddress ?? "",
            Annotation.cidr: layout.cidrText,
            Annotation.gateway: layout.gatewayText,
            Annotation.logicalSwitch: subnet,
            Annotation.logicalRouter: vpc,
        ]
        guard wanted.contains(where: { pod.metadata.annotations[$0.key] != $0.value }) else { return }
        let patch: JSONValue = ["metadata": ["annotations": .object(wanted.mapValues(JSONValue.string))]]
        do {
            _ = try await context.kube.patch(Pod.self, name: pod.metadata.name, namespace: pod.metadata.namespace, .merge(patch))
        } catch let error as KubeError where error.isNotFound {
            return  // deleted meanwhile: its deletion queues the release
        }
    }

    /// A VM's launcher pod carries the VM's addresses (keyed by the VM, not the pod).
    private func annotateLauncher(_ pod: Pod, vm: WorkloadKey) async throws -> ReconcileOutcome {
        guard let record = await context.caches.ip(vm.portName), let subnetName = record.spec.subnet,
              let subnet = await context.caches.subnet(subnetName)
        else {
            await context.workloadQueue.add(vm)
            return .requeue(after: .seconds(2))
        }
        try await annotate(pod, record: record, layout: try context.layouts.layout(of: subnet))
        return .done
    }

    // MARK: - Release

    /// Port, then record, then address: an address is free again only when nothing carries it.
    func release(_ key: WorkloadKey) async throws {
        let owner = key.portName
        if let port = context.northbound.read({ $0.named(LogicalSwitchPort.self, owner) }), Ownership.isOwned(port.externalIDs),
           port.externalIDs[NorthboundNames.Key.workload] == "\(key.namespace)/\(key.name)"
        {
            try await removePort(port)
        }
        let record = await context.caches.ip(owner)
        if let record, record.spec.podType == (key.isVirtualMachine ? "VirtualMachine" : nil) || record.spec.podType == "pod" {
            do {
                try await context.kube.delete(IP.self, name: owner)
            } catch let error as KubeError where error.isNotFound {}
        }
        let subnet = await context.ledger.subnet(of: owner) ?? record?.spec.subnet
        if let subnet, await context.ledger.release(subnet: subnet, owner: owner) != nil {
            await context.subnetQueue.add(subnet, after: .seconds(1))
            await context.floatingIPQueue.add(FloatingIPReconciler.key)  // a floating IP it held goes back
        }
    }
}

extension WorkloadKey {
    var isVirtualMachine: Bool {
        if case .virtualMachine = self { return true }
        return false
    }
}
