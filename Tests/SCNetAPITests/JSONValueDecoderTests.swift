import Foundation
import SCNetAPI
import Testing

@Suite("JSONValueDecoder: typed objects straight from a parsed JSONValue")
struct JSONValueDecoderTests {
    let documents = [
        #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"demo","labels":{"app":"x"},"annotations":{"ovn.kubernetes.io/logical_switch":"s1"},"resourceVersion":"42","finalizers":["f"],"managedFields":[{"manager":"kubectl"}]},"spec":{"nodeName":"node-1","containers":[{"name":"c","image":"busybox","command":["sleep","10"],"ports":[{"containerPort":80}]}]},"status":{"phase":"Running","podIPs":[{"ip":"10.0.0.5"}]}}"#,
        #"{"apiVersion":"kubeovn.io/v1","kind":"Subnet","metadata":{"name":"s"},"spec":{"cidrBlock":"10.0.0.0/24","excludeIps":["10.0.0.1..10.0.0.9"],"natOutgoing":true,"projectIDs":["a","b"],"enableLb":true},"status":{"v4availableIPs":253,"v4usingIPs":1.5,"conditions":[{"type":"Ready","status":"True","reason":"SubnetReady","futureField":7}]},"extraTopLevel":{"x":[1,2,null]}}"#,
        #"{"apiVersion":"kubeovn.io/v1","kind":"IP","metadata":{"name":"p.demo","labels":{"ovn.kubernetes.io/subnet":"s"}},"spec":{"podName":"p","namespace":"demo","subnet":"s","v4IpAddress":"10.0.0.5","macAddress":"0a:58:0a:00:00:05","attachSubnets":[]}}"#,
        #"{"apiVersion":"kubeovn.io/v1","kind":"Vpc","metadata":{"name":"v"},"spec":{"neutronRouter":"r","namespaces":["demo"],"defaultSubnet":"s"},"status":{"default":false,"subnets":["s"]}}"#,
    ]

    @Test("decodes each kind to exactly what JSONDecoder gives, unknown fields included")
    func sameAsJSONDecoder() throws {
        for text in documents {
            let value = try JSONValue(parsing: Array(text.utf8))
            let kind = try #require(value["kind"]?.stringValue)
            let type = try #require(AnyResource.kinds.first { $0.kind == kind })
            try expectSame(type, text, value)
        }
    }

    private func expectSame<T: KubeResource>(_ type: T.Type, _ text: String, _ value: JSONValue) throws {
        let expected = try JSONDecoder().decode(T.self, from: Data(text.utf8))
        #expect(try JSONValueDecoder().decode(T.self, from: value) == expected, "\(T.kind)")
        #expect(try JSONValueDecoder().decode(T.self, from: Array(text.utf8)) == expected, "\(T.kind) from bytes")
    }

    @Test("a value of the wrong type is a typeMismatch naming the field's path")
    func typeMismatchPath() throws {
        let text = #"{"apiVersion":"kubeovn.io/v1","kind":"Subnet","metadata":{"name":"s"},"spec":{"cidrBlock":17}}"#
        do {
            _ = try JSONValueDecoder().decode(Subnet.self, from: Array(text.utf8))
            Issue.record("decoded a number as a string")
        } catch DecodingError.typeMismatch(let type, let context) {
            #expect(ObjectIdentifier(type) == ObjectIdentifier(String.self))
            #expect(context.codingPath.map(\.stringValue) == ["spec", "cidrBlock"])
        }
    }

    @Test("a required key that is missing is keyNotFound")
    func missingKey() throws {
        struct Needs: Decodable, Equatable { var name: String; var count: Int }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Needs.self, from: .object(["name": .string("x")])) }
        #expect(try JSONValueDecoder().decode(Needs.self, from: .object(["name": .string("x"), "count": .number(3)])) == Needs(name: "x", count: 3))
    }

    @Test("integers must be whole and fit their type; arrays, optionals and nested arrays decode")
    func numbersAndContainers() throws {
        struct Shape: Decodable, Equatable { var small: UInt8?; var list: [[Int]]; var flag: Bool?; var ratio: Double }
        let ok = try JSONValueDecoder().decode(Shape.self, from: Array(#"{"small":255,"list":[[1,2],[],[3]],"flag":null,"ratio":0.5}"#.utf8))
        #expect(ok == Shape(small: 255, list: [[1, 2], [], [3]], flag: nil, ratio: 0.5))
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Shape.self, from: Array(#"{"small":256,"list":[],"ratio":1}"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Shape.self, from: Array(#"{"list":[[1.5]],"ratio":1}"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Shape.self, from: Array(#"{"list":{},"ratio":1}"#.utf8)) }
    }

    @Test("bytes that are not JSON are refused")
    func notJSON() {
        #expect(throws: (any Error).self) { try JSONValueDecoder().decode(Pod.self, from: Array("{\"kind\":".utf8)) }
    }
}
