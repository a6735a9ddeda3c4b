import Kube
import Logging
import Neutron
import SCNetAPI

/// The Kubernetes and Neutron writes of ``FloatingIPBinder``: claiming one floating IP for the
/// winner among its askers, and releasing what nobody asks for any more.
struct FloatingIPClaimer: Sendable {
    let kube: KubeClient
    let neutron: NeutronClient
    let logger: Logger

    /// The outcome of the claim of one floating IP.
    struct Claim: Sendable {
        var outcomes: [(FloatingIPUse, FloatingIPBinding.Outcome)] = []
        /// The NAT row the winner gets (nil: none, any existing one is removed).
        var natRow: FloatingIPNATRow?
        /// The Fip and Neutron's disagreement, for an Event on the Fip.
        var conflict: (Fip, FloatingIPRefusal)?
    }

    func claim(address: String, uses: [FloatingIPUse], fip listed: Fip?, floatingIP: FloatingIP?, routers: Set<String>) async -> Claim {
        var result = Claim()
        var decision = FloatingIPClaimDecision.decide(address: address, fip: listed, neutron: floatingIP, uses: uses)
        var held: Fip?
        if var fip = listed {
            do {
                for attempt in 1...6 {
                    decision = FloatingIPClaimDecision.decide(address: address, fip: fip, neutron: floatingIP, uses: uses)
                    guard let winner = decision.winner, let status = Self.claimedStatus(fip, winner: winner, conflict: decision.conflict) else {
                        held = nil
                        break
                    }
                    if status == fip.status {
                        held = fip
                        break
                    }
                    var next = fip
                    next.status = status
                    do {
                        held = try await kube.updateStatus(next)
                        logger.info("Fip \(fip.metadata.name): claimed by \(winner)")
                        break
                    } catch let error as KubeError where error.isConflict && attempt < 6 {
                        fip = try await kube.get(Fip.self, name: fip.metadata.name)
                    }
                }
            } catch let error as KubeError where error.isNotFound {
                decision = FloatingIPClaimDecision.decide(address: address, fip: nil, neutron: nil, uses: uses)
            } catch {
                let message = "claiming Fip \"\(fip.metadata.name)\" failed: \(error)"
                return Claim(outcomes: uses.map { ($0, .failed(message)) })
            }
        }
        result.outcomes = decision.refused.map { ($0.0, .refused($0.1)) }
        guard let winner = decision.winner else { return result }
        guard let fip = held else {
            // Deleted in Neutron and not held by the winner: nobody gets a dead floating IP.
            let refusal = decision.conflict ?? FloatingIPRefusal(.notInPool, "\(address) is not a floating IP of the container pool")
            result.outcomes.append((winner, .refused(refusal)))
            return result
        }
        if let conflict = decision.conflict {
            result.outcomes.append((winner, .refused(conflict)))
            result.conflict = (fip, conflict)
            if let floatingIP { await mark(floatingIP, for: nil) }
            return result
        }
        if let floatingIP, let failure = await mark(floatingIP, for: winner.user) {
            result.outcomes.append((winner, .failed(failure)))
        } else if routers.contains(winner.router) {
            result.outcomes.append((winner, .bound(fip: fip.metadata.name)))
        } else {
            result.outcomes.append((winner, .waitingForRouter(fip: fip.metadata.name)))
            return result
        }
        result.natRow = FloatingIPNATRow(use: winner)
        return result
    }

    /// The status that records `winner`'s claim, or nil when the winner may not claim it (the
    /// floating IP is gone from Neutron and the winner did not already hold it).
    static func claimedStatus(_ fip: Fip, winner: FloatingIPUse, conflict: FloatingIPRefusal?) -> FipStatus? {
        let current = fip.status ?? FipStatus()
        if conflict?.reason == .deletedInNeutron && current.usedBy != winner.user { return nil }
        let held = current.held(by: winner.user, usage: winner.kind.rawValue)
        switch conflict?.reason {
        case .deletedInNeutron?:
            return held.settingReady(false, reason: FipReady.deletedInNeutron, message: conflict!.message)
        case .associatedInNeutron?:
            return held.settingReady(false, reason: FipReady.associatedInNeutron, message: conflict!.message)
        default:
            return held.settingReady(true, reason: FipReady.inPool, message: "used by \(winner.user) (\(winner.kind.rawValue))")
        }
    }

    /// Makes `floatingIP`'s user tags say `user` (none when nil). Answers a failure message, or nil.
    @discardableResult
    func mark(_ floatingIP: FloatingIP, for user: FipUser?) async -> String? {
        let wanted = user.map(FloatingIPNames.userTag)
        let tags = floatingIP.tags ?? []
        do {
            for tag in tags where tag.hasPrefix(FloatingIPNames.userTagPrefix) && tag != wanted {
                do {
                    try await neutron.removeTag(FloatingIP.self, id: floatingIP.id, tag: tag)
                } catch let error as NeutronClientError {
                    if case .notFound = error { continue }
                    throw error
                }
            }
            if let wanted, !tags.contains(wanted) {
                try await neutron.addTag(FloatingIP.self, id: floatingIP.id, tag: wanted)
            }
            return nil
        } catch {
            logger.warning("floating IP \(floatingIP.floatingIPAddress): marking in Neutron failed: \(error)")
            return "marking floating IP \(floatingIP.floatingIPAddress) in Neutron failed: \(error)"
        }
    }

    /// Returns Fips held by workloads that no longer ask to `Available`, and removes user tags
    /// from pool floating IPs nobody asks for.
    func release(fips: [Fip], pool: [FloatingIP]) async {
        let stale = fips.filter { FloatingIPNames.isWorkload($0.status?.usedBy) }
        let kube = kube, logger = logger
        _ = await concurrentMap(stale) { fip in
            do {
                if try await OptimisticWrite.apply(kube, .status, start: fip, change: { current in
                    guard FloatingIPNames.isWorkload(current.status?.usedBy), let status = current.status else { return nil }
                    var next = current
                    next.status = status.released()
                    if status.ready?.reason == FipReady.associatedInNeutron {
                        next.status = next.status?.settingReady(true, reason: FipReady.inPool, message: "released")
                    }
                    return next
                }) != nil {
                    logger.info("Fip \(fip.metadata.name): released by \(fip.status?.usedBy.map { "\($0)" } ?? "?")")
                }
            } catch let error as KubeError where error.isNotFound {
            } catch {
                logger.warning("Fip \(fip.metadata.name): release failed: \(error)")
            }
        }
        let marked = pool.filter { ($0.tags ?? []).contains { $0.hasPrefix(FloatingIPNames.userTagPrefix) } }
        _ = await concurrentMap(marked) { floatingIP in await self.mark(floatingIP, for: nil) }
    }
}

/// An Event the binder records: on the workload (pod or VM) for its outcome, or on a Fip for a
/// conflict with Neutron.
enum FloatingIPEvent: Sendable {
    case refused(FloatingIPUse, FloatingIPRefusal)
    case bound(FloatingIPUse, fip: String)
    case conflict(Fip, FloatingIPRefusal)

    func record(kube: KubeClient, logger: Logger) async {
        do {
            switch self {
            case .refused(let use, let refusal):
                try await Self.onWorkload(use, reason: refusal.reason.rawValue, message: refusal.message, type: .warning, kube: kube)
            case .bound(let use, let fip):
                let what = use.kind == .snat ? "egress SNAT" : "elastic IP"
                try await Self.onWorkload(
                    use, reason: "FipBound", message: "\(use.address) (Fip \"\(fip)\") is this workload's \(what)", type: .normal, kube: kube)
            case .conflict(let fip, let refusal):
                try await kube.record(reason: refusal.reason.rawValue, message: refusal.message, type: .warning, on: fip)
            }
        } catch let error as KubeError where error.isNotFound {
            // The object is gone: nobody to tell.
        } catch {
            logger.warning("floating IP event not recorded: \(error)")
        }
    }

    static func onWorkload(_ use: FloatingIPUse, reason: String, message: String, type: EventType, kube: KubeClient) async throws {
        switch use.kind {
        case .snat:
            let pod = try await kube.get(Pod.self, name: use.name, namespace: use.namespace)
            try await kube.record(reason: reason, message: message, type: type, on: pod)
        case .eip:
            let vm = try await kube.get(VirtualMachine.self, name: use.name, namespace: use.namespace)
            try await kube.record(reason: reason, message: message, type: type, on: vm)
        }
    }
}
