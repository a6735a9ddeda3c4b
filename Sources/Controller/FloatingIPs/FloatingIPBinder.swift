import Kube
import Logging
import NetAddress
import Neutron
import OVN
import OVSDB
import SCNetAPI

/// Gives workloads the floating IPs their annotations ask for (SPEC S11 pod SNAT, S12 VM EIP),
/// level-triggered: every call gets the COMPLETE desired set and converges to it.
///
///     let binder = FloatingIPBinder(kube: kube, neutron: neutron, northbound: nb,
///                                   poolTag: config.floatingIPPoolTag, logger: logger)
///     let results = await binder.reconcile(uses: usesBuiltFromPodsAndVMs)
///
/// For each floating IP asked for, one workload wins (the holder, else the oldest; see
/// ``FloatingIPClaimDecision``) and claims the Fip with optimistic concurrency, so two binders
/// (two controllers) never hand one floating IP to two workloads. The winner's floating IP is
/// tagged in Neutron (`scnet-user.<ns>.<name>`) so the SDN side sees it taken, and its NAT row
/// (`snat` for a pod, `dnat_and_snat` for a VM) is put on the router, marked as ours. Whatever
/// is no longer asked for is released: NAT rows removed, Fips `Available`, tags removed.
/// Losers, and workloads whose floating IP Neutron deleted or associated to one of its ports,
/// get a Warning Event (once per change) and a refusal in the result — nothing is shared silently.
public actor FloatingIPBinder {
    let kube: KubeClient
    let neutron: NeutronClient
    let northbound: OVSDBClient
    let poolTag: String
    let logger: Logger
    /// The last refusal reported per use (Events are recorded on changes only).
    private var reported: [String: String] = [:]
    /// The last conflict reported per Fip.
    private var reportedConflicts: [String: FloatingIPRefusal] = [:]

    public init(kube: KubeClient, neutron: NeutronClient, northbound: OVSDBClient, poolTag: String = "scnet-pool", logger: Logger) {
        self.kube = kube
        self.neutron = neutron
        self.northbound = northbound
        self.poolTag = poolTag
        self.logger = logger
    }

    /// Converges claims, Neutron marks and NAT rows to `uses`; one result per use, in order.
    public func reconcile(uses: [FloatingIPUse]) async -> [FloatingIPBinding] {
        let fips: [Fip]
        let pool: [FloatingIP]
        do {
            async let listedFips = kube.listAll(Fip.self).items
            async let listedPool = neutron.floatingIPs(FloatingIPFilter(tags: [poolTag]))
            (fips, pool) = try await (listedFips, listedPool)
        } catch {
            logger.warning("floating IP binding: cannot read the pool: \(error)")
            return uses.map { FloatingIPBinding(use: $0, outcome: .failed("cannot read the floating IP pool: \(error)")) }
        }
        let poolByID = Dictionary(pool.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let fipByAddress = Dictionary(
            fips.compactMap { fip in fip.spec.address.map { (Self.canonical($0), fip) } }, uniquingKeysWith: { a, _ in a })
        var groups: [String: [FloatingIPUse]] = [:]
        for use in uses { groups[Self.canonical(use.address), default: []].append(use) }

        // 1. Claims, one floating IP at a time per task.
        let replica = northbound.replica
        let routers = Set(replica.all(LogicalRouter.self).map(\.name))
        let claimer = FloatingIPClaimer(kube: kube, neutron: neutron, logger: logger)
        let claims = await concurrentMap(groups.sorted { $0.key < $1.key }) { address, group in
            let fip = fipByAddress[address]
            let floatingIP = fip?.spec.floatingIPID.flatMap { poolByID[$0] }
            return await claimer.claim(address: address, uses: group, fip: fip, floatingIP: floatingIP, routers: routers)
        }
        var outcomes: [FloatingIPUse: FloatingIPBinding.Outcome] = [:]
        var natRows: [FloatingIPNATRow] = []
        var conflicts: [(Fip, FloatingIPRefusal)] = []
        for claim in claims {
            for (use, outcome) in claim.outcomes { outcomes[use] = outcome }
            if let row = claim.natRow { natRows.append(row) }
            if let conflict = claim.conflict { conflicts.append(conflict) }
        }

        // 2. NAT rows: add the winners', remove everything else of ours.
        let failedRows = await applyNAT(desired: natRows, replica: replica)
        for use in uses where failedRows[NorthboundNames.floatingIPNAT(port: use.logicalPort)] != nil {
            if case .bound = outcomes[use] {
                outcomes[use] = .failed(failedRows[NorthboundNames.floatingIPNAT(port: use.logicalPort)]!)
            }
        }

        // 3. Release Fips and Neutron marks nobody asks for any more (after their NAT is gone).
        let asked = Set(groups.keys)
        await claimer.release(
            fips: fips.filter { !asked.contains(Self.canonical($0.spec.address ?? "")) },
            pool: pool.filter { !asked.contains(Self.canonical($0.floatingIPAddress)) })

        let results = uses.map { FloatingIPBinding(use: $0, outcome: outcomes[$0] ?? .failed("not decided")) }
        await report(results, conflicts: conflicts)
        return results
    }

    /// Applies the NAT plan as one transaction; if that fails, change by change. Answers the
    /// NAT rows (by name) that could not be added, with the reason.
    func applyNAT(desired: [FloatingIPNATRow], replica: Replica) async -> [String: String] {
        let plan = FloatingIPNATPlan(desired: desired, replica: replica)
        guard !plan.changes.isEmpty else { return [:] }
        do {
            _ = try await northbound.transact(plan.combinedOperations)
            for change in plan.changes { logger.info("floating IP: \(change.summary)") }
            return [:]
        } catch {
            logger.debug("floating IP NAT: one transaction failed (\(error)); applying change by change")
        }
        var failed: [String: String] = [:]
        for change in plan.changes {
            do {
                _ = try await northbound.transact(change.operations)
                logger.info("floating IP: \(change.summary)")
            } catch let error as OVSDBError where change.isInsert && Self.isGuardFailure(error) {
                // Someone (another controller, or our lost-reply retry) already added it; the next pass checks its content.
                logger.debug("floating IP: \(change.summary): already present")
            } catch {
                logger.warning("floating IP: \(change.summary) failed: \(error)")
                if let row = change.insertedName { failed[row] = "NAT row \(row) not written: \(error)" }
            }
        }
        return failed
    }

    static func isGuardFailure(_ error: OVSDBError) -> Bool {
        switch error {
        case .alreadyCommitted: return true
        case .operationFailed(_, let op, _, let error, _): return op == "wait" || error == "timed out"
        default: return false
        }
    }

    /// Records Events for outcomes and conflicts that changed since the last pass.
    func report(_ results: [FloatingIPBinding], conflicts: [(Fip, FloatingIPRefusal)]) async {
        var events: [FloatingIPEvent] = []
        var seen: Set<String> = []
        for result in results {
            let key = "\(result.use.user)|\(result.use.kind.rawValue)"
            seen.insert(key)
            let state: String
            switch result.outcome {
            case .refused(let refusal):
                state = refusal.description
                if reported[key] != state { events.append(.refused(result.use, refusal)) }
            case .bound(let fip):
                state = "bound \(fip)"
                if reported[key] != state { events.append(.bound(result.use, fip: fip)) }
            case .waitingForRouter, .failed:
                continue
            }
            reported[key] = state
        }
        reported = reported.filter { seen.contains($0.key) }
        var conflicted: Set<String> = []
        for (fip, refusal) in conflicts {
            conflicted.insert(fip.metadata.name)
            if reportedConflicts[fip.metadata.name] != refusal { events.append(.conflict(fip, refusal)) }
            reportedConflicts[fip.metadata.name] = refusal
        }
        reportedConflicts = reportedConflicts.filter { conflicted.contains($0.key) }
        let kube = kube, logger = logger
        _ = await concurrentMap(events) { event in await event.record(kube: kube, logger: logger) }
    }

    /// One spelling per address (`2001:DB8::1` and `2001:db8::1` are one floating IP).
    static func canonical(_ address: String) -> String { IPAddress(address).map { "\($0)" } ?? address }
}
