import IPAM
import NetAddress
import SCNetAPI

/// What a pod or VM asks of the network through its annotations (SPEC S15, X1): a subnet, and
/// optionally static addresses and MAC.
struct WorkloadRequest: Sendable, Equatable {
    var subnet: String?
    var staticAddresses: [IPAddress]
    var staticMAC: MACAddress?

    init(annotations: [String: String]) {
        subnet = annotations[Annotation.logicalSwitch].flatMap { $0.isEmpty ? nil : $0 }
        staticAddresses = (annotations[Annotation.ipAddress] ?? "").split(separator: ",")
            .compactMap { IPAddress($0.trimmingCharacters(in: .whitespaces)) }
        staticMAC = annotations[Annotation.macAddress].flatMap { MACAddress($0) }
    }

    var allocationRequest: AllocationRequest {
        AllocationRequest(staticAddresses: staticAddresses, mac: staticMAC.map { .fixed($0) } ?? .generate)
    }
}
