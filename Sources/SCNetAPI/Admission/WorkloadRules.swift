import NetAddress

/// Admission rules for the network annotations of pods and KubeVirt VM templates
/// (SPEC S11–S13, S15, S16; X2).
enum WorkloadRules {
    /// What the rules need to know about a pod or VM.
    struct Workload {
        var user: FipUser
        var namespace: String
        var annotations: [String: String]
        /// Where the annotations live, for field paths.
        var annotationsPath: String
        /// For a KubeVirt launcher pod: the VM it runs, which may use the VM's own EIP.
        var ownerVM: String?
    }

    /// The annotation keys whose values an update leaves as they were. Their cross-object checks
    /// (address or floating IP held by someone else) passed when they were set and are not run
    /// again: the controller's own annotation writes must not cost a scan of every pod, nor be
    /// refused for a clash that arose later.
    static func unchanged(_ new: [String: String], _ old: [String: String]) -> Set<String> {
        Set([Annotation.ipAddress, Annotation.logicalSwitch, Annotation.snat, Annotation.eip].filter { new[$0] == old[$0] })
    }

    static func review(_ pod: Pod, in cluster: some ClusterView, unchanged: Set<String> = []) -> [Violation] {
        var v: [Violation] = []
        if let p = Syntax.nameProblem(pod.metadata.name) { v.append(Violation("metadata.name", p)) }
        let ns = pod.metadata.namespace ?? "default"
        let w = Workload(
            user: FipUser(kind: Pod.kind, namespace: ns, name: pod.metadata.name), namespace: ns,
            annotations: pod.metadata.annotations, annotationsPath: "metadata.annotations",
            ownerVM: Label.launchedVM(pod.metadata.labels))
        return v + review(w, in: cluster, unchanged: unchanged)
    }

    static func review(_ vm: VirtualMachine, in cluster: some ClusterView, unchanged: Set<String> = []) -> [Violation] {
        var v: [Violation] = []
        if let p = Syntax.nameProblem(vm.metadata.name) { v.append(Violation("metadata.name", p)) }
        let ns = vm.metadata.namespace ?? "default"
        let w = Workload(
            user: FipUser(kind: VirtualMachine.kind, namespace: ns, name: vm.metadata.name), namespace: ns,
            annotations: vm.templateAnnotations, annotationsPath: "spec.template.metadata.annotations", ownerVM: nil)
        return v + review(w, in: cluster, unchanged: unchanged)
    }

    static func review(_ w: Workload, in cluster: some ClusterView, unchanged: Set<String> = []) -> [Violation] {
        let namespace = cluster.namespace(named: w.namespace)
        // Workloads of namespaces that did not opt in are not this network's business (S16).
        if let namespace, !namespace.isManaged { return [] }
        var v: [Violation] = []
        let path = { (key: String) in annotationPath(key, prefix: w.annotationsPath) }
        let subnetName = chosenSubnet(w, in: cluster)
        let subnet = subnetName.flatMap { cluster.subnet(named: $0) }
        if let ls = w.annotations[Annotation.logicalSwitch], let p = Syntax.nameProblem(ls) {
            v.append(Violation(path(Annotation.logicalSwitch), p))
        }
        if let subnet, let namespace, !subnet.spec.projectIDs.isEmpty {
            let field = w.annotations[Annotation.logicalSwitch] != nil ? path(Annotation.logicalSwitch) : "metadata.namespace"
            if let project = namespace.projectID {
                if !subnet.spec.projectIDs.contains(project) {
                    v.append(Violation(field, "namespace \"\(w.namespace)\" belongs to project \(project), which is not in Subnet \"\(subnet.metadata.name)\"'s spec.projectIDs"))
                }
            } else {
                v.append(Violation(field, "Subnet \"\(subnet.metadata.name)\" is reserved to projects \(subnet.spec.projectIDs.joined(separator: ", ")) and namespace \"\(w.namespace)\" has no \(Label.projectID) label"))
            }
        }
        let addressSettled = unchanged.contains(Annotation.ipAddress) && unchanged.contains(Annotation.logicalSwitch)
        if let text = w.annotations[Annotation.ipAddress], !addressSettled {
            v += staticAddressProblems(text, field: path(Annotation.ipAddress), subnet: subnet, owner: w, in: cluster)
        }
        if let text = w.annotations[Annotation.macAddress] {
            if let mac = MACAddress(text) {
                if mac.isMulticast || mac.isZero {
                    v.append(Violation(path(Annotation.macAddress), "\(text) is not a unicast MAC address"))
                }
            } else {
                v.append(Violation(path(Annotation.macAddress), "\"\(text)\" is not a MAC address (expected aa:bb:cc:dd:ee:ff)"))
            }
        }
        for key in [Annotation.snat, Annotation.eip] where !unchanged.contains(key) {
            if let text = w.annotations[key] { v += floatingIPProblems(text, key: key, field: path(key), owner: w, in: cluster) }
        }
        return v
    }

    /// The subnet a workload lands in: its `logical_switch`, else its namespace's VPC's default subnet,
    /// else `ovn-default` (S15).
    static func chosenSubnet(_ w: Workload, in cluster: some ClusterView) -> String? {
        if let ls = w.annotations[Annotation.logicalSwitch] { return ls }
        if let vpc = cluster.vpcs.first(where: { $0.spec.namespaces.contains(w.namespace) }) {
            if let d = vpc.spec.defaultSubnet { return d }
            return cluster.subnets.first { $0.spec.vpc == vpc.metadata.name && $0.spec.default == true }?.metadata.name
        }
        return Defaults.subnet
    }

    static func staticAddressProblems(
        _ text: String, field: String, subnet: Subnet?, owner w: Workload, in cluster: some ClusterView
    ) -> [Violation] {
        let addresses: [IPAddress]
        switch parseAddressList(text, field: field) {
        case .failure(let e): return e.list
        case .success(let a): addresses = a
        }
        guard let subnet, case .success(let blocks) = SubnetBlocks.parse(subnet.spec.cidrBlock) else { return [] }
        var v: [Violation] = []
        let gateways = (subnet.spec.gateway ?? Defaulting.gateway(subnet.spec.cidrBlock) ?? "")
            .split(separator: ",").compactMap { IPAddress($0) }
        for a in addresses {
            guard let block = blocks.block(for: a.family) else {
                v.append(Violation(field, "\(a) is \(a.family.rawValue) but Subnet \"\(subnet.metadata.name)\" has no \(a.family.rawValue) block"))
                continue
            }
            if !block.contains(a) {
                v.append(Violation(field, "\(a) is outside Subnet \"\(subnet.metadata.name)\" (\(block))"))
            } else if gateways.contains(a) {
                v.append(Violation(field, "\(a) is the gateway of Subnet \"\(subnet.metadata.name)\""))
            } else if !block.usableRange.contains(a) {
                v.append(Violation(field, "\(a) is the network or broadcast address of \(block)"))
            } else if let holder = addressHolder(a, subnet: subnet.metadata.name, except: w, in: cluster) {
                v.append(Violation(field, "\(a) is already used by \(holder)"))
            }
        }
        return v
    }

    /// Who else holds `address` in `subnet`: an `IP` record or another workload's static annotation.
    static func addressHolder(_ address: IPAddress, subnet: String, except w: Workload, in cluster: some ClusterView) -> String? {
        let users = cluster.addressUsers(address, subnet: subnet)
        // A launcher pod carries its VM's address: the VM's record and its other launcher pods
        // (a restart, a migration) hold it for the same workload.
        let sameVM = { (name: String?) in w.ownerVM != nil && name == w.ownerVM }
        for record in users.records.sorted(by: { $0.metadata.name < $1.metadata.name })
        where !(record.spec.namespace == w.namespace && (record.spec.podName == w.user.name || sameVM(record.spec.podName))) {
            return "IP \"\(record.metadata.name)\" (pod \(record.spec.namespace ?? "")/\(record.spec.podName ?? ""))"
        }
        for pod in users.pods.sorted(by: { $0.reference < $1.reference })
        where !((pod.metadata.namespace ?? "default") == w.namespace
                && (pod.metadata.name == w.user.name || sameVM(Label.launchedVM(pod.metadata.labels)))) {
            return "\(pod.reference)"
        }
        return nil
    }

    static func floatingIPProblems(_ text: String, key: String, field: String, owner w: Workload, in cluster: some ClusterView) -> [Violation] {
        guard let address = IPAddress(text) else {
            return [Violation(field, "\"\(text)\" is not a valid IP address")]
        }
        guard let fip = cluster.fips.first(where: { $0.spec.address.flatMap(IPAddress.init) == address }) else {
            return [Violation(field, "\(address) is not a floating IP of the container pool (kubectl get fips lists them)")]
        }
        let mayShare = { (user: FipUser) in
            user == w.user || (w.ownerVM != nil && user == FipUser(kind: VirtualMachine.kind, namespace: w.namespace, name: w.ownerVM!))
        }
        if fip.status?.phase == FipStatus.inUse, let user = fip.status?.usedBy, !mayShare(user) {
            return [Violation(field, "\(address) (Fip \"\(fip.metadata.name)\") is already used by \(user)")]
        }
        for user in annotatedUsers(of: address, in: cluster) where !mayShare(user) {
            return [Violation(field, "\(address) (Fip \"\(fip.metadata.name)\") is already claimed by \(user)")]
        }
        return []
    }

    /// Workloads whose `snat` or `eip` annotation names `address`.
    static func annotatedUsers(of address: IPAddress, in cluster: some ClusterView) -> [FipUser] {
        var users: [FipUser] = []
        let names = { (a: [String: String]) in [a[Annotation.snat], a[Annotation.eip]].contains { $0.flatMap(IPAddress.init) == address } }
        for pod in cluster.pods where names(pod.metadata.annotations) {
            // A launcher pod shares its VM's EIP; the VM is the user.
            if Label.launchedVM(pod.metadata.labels) != nil { continue }
            users.append(FipUser(kind: Pod.kind, namespace: pod.metadata.namespace ?? "default", name: pod.metadata.name))
        }
        for vm in cluster.virtualMachines where names(vm.templateAnnotations) {
            users.append(FipUser(kind: VirtualMachine.kind, namespace: vm.metadata.namespace ?? "default", name: vm.metadata.name))
        }
        return users
    }
}
