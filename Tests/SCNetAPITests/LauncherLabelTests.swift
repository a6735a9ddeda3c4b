import SCNetAPI
import Testing

/// Every part of scnet tells a KubeVirt launcher pod from its labels the same way.
@Suite("KubeVirt launcher labels")
struct LauncherLabelTests {
    @Test("the VM's name comes from vm.kubevirt.io/name, else kubevirt.io/domain, else kubevirt.io/vm; other pods have none")
    func launchedVM() {
        #expect(Label.launchedVM(["vm.kubevirt.io/name": "vm-1", "kubevirt.io/domain": "other"]) == "vm-1")
        #expect(Label.launchedVM(["kubevirt.io": "virt-launcher", "kubevirt.io/domain": "vm-2"]) == "vm-2")
        #expect(Label.launchedVM(["kubevirt.io/vm": "vm-3"]) == "vm-3")
        #expect(Label.launchedVM(["vm.kubevirt.io/name": "", "kubevirt.io/domain": "vm-4"]) == "vm-4")
        #expect(Label.launchedVM(["app": "web"]) == nil)
    }
}
