import OVN
import Testing

@Suite("Northbound names")
struct NamingTests {
    @Test("Names follow Kube-OVN: switch = subnet, <vpc>-<subnet> router port, <pod>.<ns> port")
    func kubeOVNNames() {
        #expect(NorthboundNames.subnetSwitch("net1") == "net1")
        #expect(NorthboundNames.routerPort(vpc: "v", subnet: "net1") == "v-net1")
        #expect(NorthboundNames.switchRouterPort(vpc: "v", subnet: "net1") == "net1-v")
        #expect(NorthboundNames.workloadPort(name: "web", namespace: "ns") == "web.ns")
        #expect(NorthboundNames.neutronRouter("abc") == "neutron-abc")
    }
}
