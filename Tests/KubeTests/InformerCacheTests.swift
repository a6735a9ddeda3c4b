import Kube
import SCNetAPI
import Testing

func subnet(_ name: String, rv: String, uid: String? = nil, cidr: String = "10.0.0.0/24") -> Subnet {
    var meta = ObjectMeta(name: name)
    meta.resourceVersion = rv
    meta.uid = uid ?? "uid-\(name)"
    return Subnet(metadata: meta, spec: SubnetSpec(cidrBlock: cidr))
}

func describe(_ delta: InformerDelta<Subnet>) -> String {
    switch delta {
    case .added(let s): "add \(s.metadata.name)@\(s.metadata.resourceVersion ?? "")"
    case .updated(let old, let new): "update \(new.metadata.name)@\(old.metadata.resourceVersion ?? "")->\(new.metadata.resourceVersion ?? "")"
    case .deleted(let s): "delete \(s.metadata.name)@\(s.metadata.resourceVersion ?? "")"
    case .synced: "synced"
    }
}

@Suite("informer cache")
struct InformerCacheTests {
    @Test("a re-list yields adds, updates of changed objects and deletes of vanished ones")
    func relistDiff() {
        var cache = InformerCache<Subnet>()
        #expect(cache.replace(with: [subnet("a", rv: "1"), subnet("b", rv: "2"), subnet("c", rv: "3")]).map(describe)
            == ["add a@1", "add b@2", "add c@3"])
        let deltas = cache.replace(with: [subnet("a", rv: "1"), subnet("c", rv: "9"), subnet("d", rv: "10")])
        #expect(deltas.map(describe) == ["update c@3->9", "add d@10", "delete b@2"])
        #expect(cache.objects.keys.sorted().map(\.name) == ["a", "c", "d"])
    }

    @Test("an object re-created under the same name while disconnected is a delete then an add")
    func recreatedWhileAway() {
        var cache = InformerCache<Subnet>()
        _ = cache.replace(with: [subnet("a", rv: "1", uid: "u1")])
        #expect(cache.replace(with: [subnet("a", rv: "5", uid: "u2")]).map(describe) == ["delete a@1", "add a@5"])
    }

    @Test("repeated events (same resourceVersion) and deletes of unknown objects change nothing")
    func duplicatesAbsorbed() {
        var cache = InformerCache<Subnet>()
        #expect(cache.apply(.added(subnet("a", rv: "1"))).map(describe) == "add a@1")
        #expect(cache.apply(.added(subnet("a", rv: "1"))) == nil)
        #expect(cache.apply(.modified(subnet("a", rv: "1"))) == nil)
        #expect(cache.apply(.modified(subnet("a", rv: "2"))).map(describe) == "update a@1->2")
        #expect(cache.apply(.bookmark(resourceVersion: "7")) == nil)
        #expect(cache.apply(.deleted(subnet("a", rv: "3"))).map(describe) == "delete a@3")
        #expect(cache.apply(.deleted(subnet("a", rv: "3"))) == nil)
        #expect(cache.apply(.modified(subnet("z", rv: "4"))).map(describe) == "add z@4")
    }
}
