import Kube
import Logging
import Neutron
import SCNetAPI

/// Keeps exactly one `Fip` object (neutron.io/v1) per Neutron floating IP of the container pool
/// (SPEC S10): the floating IPs tagged with the pool tag on the external networks scnet serves.
///
///     let pool = FloatingIPPool(kube: kube, neutron: neutron, poolTag: config.floatingIPPoolTag, logger: logger)
///     let report = try await pool.sync(externalNetworks: ["c9a831a0-…"])
///
/// New floating IPs become `Available` Fips; spec drift is corrected; a Fip whose floating IP left
/// the pool is deleted — unless a workload still uses it: then it stays, with `Ready=False`
/// reason `DeletedInNeutron` and a Warning Event, never silently. A floating IP Neutron
/// associated to one of its own ports is `InUse` by that port. Workload claims are
/// ``FloatingIPBinder``'s and are left alone.
public actor FloatingIPPool {
    /// What one sync changed.
    public struct Report: Sendable, Equatable, CustomStringConvertible {
        /// Pool floating IPs Neutron listed on the served networks.
        public var inNeutron = 0
        public var created: [String] = []
        public var specUpdated: [String] = []
        public var statusUpdated: [String] = []
        public var deleted: [String] = []
        /// Kept although gone from Neutron, because a workload uses them.
        public var keptInUse: [String] = []
        /// `Fip name: error` for writes that failed (the next sync tries again).
        public var failures: [String] = []

        public var description: String {
            "\(inNeutron) in Neutron; created \(created.count), spec updated \(specUpdated.count), status updated \(statusUpdated.count), deleted \(deleted.count), kept in use \(keptInUse.count), failed \(failures.count)"
        }
    }

    let kube: KubeClient
    let neutron: NeutronClient
    let poolTag: String
    let logger: Logger

    public init(kube: KubeClient, neutron: NeutronClient, poolTag: String = "scnet-pool", logger: Logger) {
        self.kube = kube
        self.neutron = neutron
        self.poolTag = poolTag
        self.logger = logger
    }

    /// Lists the pool from Neutron and brings the Fip objects in line. An empty
    /// `externalNetworks` means the caller does not know its networks yet: nothing is changed.
    public func sync(externalNetworks: Set<String>) async throws -> Report {
        var report = Report()
        guard !externalNetworks.isEmpty else { return report }
        let floatingIPs = try await neutron.floatingIPs(FloatingIPFilter(tags: [poolTag]))
            .filter { externalNetworks.contains($0.floatingNetworkID) }
        report.inNeutron = floatingIPs.count
        let fips = try await kube.listAll(Fip.self).items
        var byID: [String: Fip] = [:]
        var byName: [String: Fip] = [:]
        for fip in fips {
            if let id = fip.spec.floatingIPID { byID[id] = fip }
            byName[fip.metadata.name] = fip
        }
        let present = Set(floatingIPs.map(\.id))
        let kube = kube, logger = logger
        // Fips whose floating IP left the pool first, so a recreated address can be recorded again.
        let gone = fips.filter { $0.spec.floatingIPID.map { !present.contains($0) } ?? true }
        let goneResults = await concurrentMap(gone) { fip in await Self.retire(fip, kube: kube, logger: logger) }
        var retired: Set<String> = []
        for (name, outcome) in goneResults {
            switch outcome {
            case .deleted: report.deleted.append(name); retired.insert(name)
            case .kept: report.keptInUse.append(name)
            case .unchanged: break
            case .failed(let why): report.failures.append("\(name): \(why)")
            }
        }
        let work = floatingIPs.map { floatingIP in
            let existing = byID[floatingIP.id] ?? byName[FloatingIPNames.fip(address: floatingIP.floatingIPAddress)]
            return (floatingIP, existing.flatMap { retired.contains($0.metadata.name) ? nil : $0 })
        }
        let results = await concurrentMap(work) { floatingIP, existing in
            await Self.record(floatingIP, existing: existing, kube: kube)
        }
        for result in results {
            report.created += result.created
            report.specUpdated += result.specUpdated
            report.statusUpdated += result.statusUpdated
            report.failures += result.failures
        }
        if !report.failures.isEmpty {
            logger.warning("floating IP pool sync: \(report)", metadata: ["failures": "\(report.failures)"])
        } else {
            logger.debug("floating IP pool sync: \(report)")
        }
        return report
    }

    enum Retirement { case deleted, kept, unchanged, failed(String) }

    /// A Fip whose floating IP is gone from the pool: deleted, or kept and flagged while in use.
    static func retire(_ fip: Fip, kube: KubeClient, logger: Logger) async -> (String, Retirement) {
        let name = fip.metadata.name
        do {
            var flagged: String?
            let written = try await OptimisticWrite.apply(kube, .status, start: fip) { current in
                guard case .keep(let status, let message) = FloatingIPPoolPlan.gone(current) else { return nil }
                flagged = message
                var next = current
                next.status = status
                return next
            }
            if let written, let flagged {
                try await kube.record(reason: FipReady.deletedInNeutron, message: flagged, type: .warning, on: written)
                logger.warning("Fip \(name): \(flagged)")
                return (name, .kept)
            }
            let now = try await kube.get(Fip.self, name: name)
            switch FloatingIPPoolPlan.gone(now) {
            case .delete:
                try await kube.delete(Fip.self, name: name)
                return (name, .deleted)
            case .keep, .alreadyFlagged:
                return (name, .unchanged)
            }
        } catch let error as KubeError where error.isNotFound {
            return (name, .deleted)
        } catch {
            return (name, .failed("\(error)"))
        }
    }

    struct Recorded: Sendable {
        var created: [String] = []
        var specUpdated: [String] = []
        var statusUpdated: [String] = []
        var failures: [String] = []
    }

    /// Creates or corrects the Fip of one pool floating IP.
    static func record(_ floatingIP: FloatingIP, existing: Fip?, kube: KubeClient) async -> Recorded {
        var result = Recorded()
        let wanted = FloatingIPPoolPlan.spec(for: floatingIP)
        let name = existing?.metadata.name ?? FloatingIPNames.fip(address: floatingIP.floatingIPAddress)
        do {
            var fip: Fip
            if let existing {
                fip = existing
            } else {
                switch try await create(name, spec: wanted, floatingIP: floatingIP, kube: kube) {
                case .created(let statusFailure):
                    result.created.append(name)
                    if let statusFailure {
                        result.failures.append("\(name): created, but writing its status failed (the next sync retries): \(statusFailure)")
                    }
                    return result
                case .alreadyExists:
                    fip = try await kube.get(Fip.self, name: name)  // created meanwhile by another sync
                }
            }
            if fip.spec.floatingIPID != nil && fip.spec.floatingIPID != wanted.floatingIPID {
                // Another floating IP with this address is still recorded (and in use): wait until it is released.
                result.failures.append("\(name): address \(wanted.address ?? "") is still recorded for Neutron floating IP \(fip.spec.floatingIPID ?? "") (in use)")
                return result
            }
            if let updated = try await OptimisticWrite.apply(kube, .object, start: fip, change: { current in
                let spec = FloatingIPPoolPlan.merged(current.spec, with: wanted)
                guard spec != current.spec else { return nil }
                var next = current
                next.spec = spec
                return next
            }) {
                fip = updated
                result.specUpdated.append(name)
            }
            if try await writeStatus(of: fip, floatingIP: floatingIP, kube: kube) {
                result.statusUpdated.append(name)
            }
        } catch {
            result.failures.append("\(name): \(error)")
        }
        return result
    }

    enum Creation { case created(statusFailure: String?), alreadyExists }

    /// Creates the Fip and writes its status at once, before anything else: the API ignores
    /// status on create (Fip has a status subresource, as a CRD on kube-apiserver), so the Fip's
    /// phase is empty only for the round trip between the two writes.
    static func create(_ name: String, spec: FipSpec, floatingIP: FloatingIP, kube: KubeClient) async throws -> Creation {
        let created: Fip
        do {
            created = try await kube.create(Fip(metadata: ObjectMeta(name: name), spec: spec))
        } catch let error as KubeError where error.isAlreadyExists {
            return .alreadyExists
        }
        do {
            _ = try await writeStatus(of: created, floatingIP: floatingIP, kube: kube)
            return .created(statusFailure: nil)
        } catch {
            return .created(statusFailure: "\(error)")
        }
    }

    /// Writes the status Neutron's view gives `fip` when it differs; answers whether it wrote.
    static func writeStatus(of fip: Fip, floatingIP: FloatingIP, kube: KubeClient) async throws -> Bool {
        try await OptimisticWrite.apply(kube, .status, start: fip) { current in
            guard let status = FloatingIPPoolPlan.status(current: current.status, floatingIP: floatingIP) else { return nil }
            var next = current
            next.status = status
            return next
        } != nil
    }
}
