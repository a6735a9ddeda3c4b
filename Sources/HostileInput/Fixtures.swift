/// The objects a hostile run starts from: the requests update, patch and collide with them, and
/// they must be exactly the same afterwards. Two projects and two subnets, so that using the
/// other project's subnet is one of the defects (tenant isolation at admission).
public enum Fixtures {
    public static let namespace = "fuzz"
    public static let project = "0a9b8c7d6e5f40312a1b2c3d4e5f6a7b"
    public static let otherProject = "8c1f0e5d2a3b4c6d9e7f10a1b2c3d4e5"
    public static let router = "c761887f-40bd-4df0-9b43-7c6bb009aab7"
    public static let externalNetwork = "c9a831a0-6298-44c6-a664-2f362e60e419"
    public static let vpc = "fuzz-vpc"
    public static let subnet = "fuzz-net"
    public static let otherSubnet = "fuzz-other"
    public static let pod = "p0"
    public static let fip = "fuzz-fip"

    static let subnetPath = "/apis/kubeovn.io/v1/subnets"
    static let vpcPath = "/apis/kubeovn.io/v1/vpcs"
    static let fipPath = "/apis/neutron.io/v1/fips"
    static let namespacePath = "/api/v1/namespaces"
    static var podPath: String { "/api/v1/namespaces/\(namespace)/pods" }

    static let namespaceBody = #"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"fuzz","labels":{"managed.es.io/resource":"namespace","managed.es.io/project-id":"\#(project)"}}}"#
    static let vpcBody = #"{"apiVersion":"kubeovn.io/v1","kind":"Vpc","metadata":{"name":"fuzz-vpc"},"spec":{"neutronRouter":"\#(router)","externalNetworkID":"\#(externalNetwork)"}}"#
    static let subnetBody = #"{"apiVersion":"kubeovn.io/v1","kind":"Subnet","metadata":{"name":"fuzz-net"},"spec":{"vpc":"fuzz-vpc","cidrBlock":"10.77.0.0/24","projectIDs":["\#(project)"]}}"#
    static let otherSubnetBody = #"{"apiVersion":"kubeovn.io/v1","kind":"Subnet","metadata":{"name":"fuzz-other"},"spec":{"cidrBlock":"10.78.0.0/24","projectIDs":["\#(otherProject)"]}}"#
    static let podBody = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p0","namespace":"fuzz","annotations":{"ovn.kubernetes.io/logical_switch":"fuzz-net","ovn.kubernetes.io/ip_address":"10.77.0.10"}},"spec":{"containers":[{"name":"c","image":"busybox"}]}}"#
    static let fipBody = #"{"apiVersion":"neutron.io/v1","kind":"Fip","metadata":{"name":"fuzz-fip"},"spec":{"address":"172.35.0.30","floatingIPID":"0d3e5f7a-9b1c-4d2e-8f3a-5b7c9d1e3f30","externalNetworkID":"\#(externalNetwork)"}}"#

    /// (collection path, body) of each fixture, in the order they must be created.
    public static let creates: [(path: String, body: String)] = [
        (namespacePath, namespaceBody), (vpcPath, vpcBody), (subnetPath, subnetBody),
        (subnetPath, otherSubnetBody), (podPath, podBody), (fipPath, fipBody),
    ]

    /// The path of each fixture object, to read it back.
    public static let objectPaths: [String] = [
        "\(namespacePath)/\(namespace)", "\(vpcPath)/\(vpc)", "\(subnetPath)/\(subnet)",
        "\(subnetPath)/\(otherSubnet)", "\(podPath)/\(pod)", "\(fipPath)/\(fip)",
    ]
}
