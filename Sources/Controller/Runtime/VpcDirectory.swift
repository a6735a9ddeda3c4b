/// What subnets need to know of their VPC once the VPC reconciler has checked it with Neutron:
/// the OVN router to attach to and the address pods' traffic is SNATed to.
struct VpcRoute: Sendable, Equatable {
    /// `neutron-<router uuid>`.
    var routerName: String
    /// `spec.externalGatewayIp`, else the router's gateway address on the external network.
    var snatAddress: String?
}

/// The VPCs found ready (router known to Neutron and present in NB), by name.
actor VpcDirectory {
    private var routes: [String: VpcRoute] = [:]

    func route(_ vpc: String) -> VpcRoute? { routes[vpc] }

    /// Records the VPC's route (`nil`: not ready); returns whether anything changed.
    func set(_ vpc: String, _ route: VpcRoute?) -> Bool {
        guard routes[vpc] != route else { return false }
        routes[vpc] = route
        return true
    }
}
