import Foundation
import Kube
import Testing

@Suite("Status answers become KubeError")
struct KubeErrorTests {
    func decode(_ json: String) throws -> KubeError {
        var status = try JSONDecoder().decode(APIStatus.self, from: Data(json.utf8))
        status.request = "POST /apis/kubeovn.io/v1/subnets"
        return KubeError.from(status: status)
    }

    @Test("each Status reason maps to its case")
    func reasons() throws {
        let cases: [(String, (KubeError) -> Bool)] = [
            (#"{"code":404,"reason":"NotFound"}"#, { if case .notFound = $0 { true } else { false } }),
            (#"{"code":409,"reason":"Conflict"}"#, { if case .conflict = $0 { true } else { false } }),
            (#"{"code":409,"reason":"AlreadyExists"}"#, { if case .alreadyExists = $0 { true } else { false } }),
            (#"{"code":422,"reason":"Invalid"}"#, { if case .invalid = $0 { true } else { false } }),
            (#"{"code":410,"reason":"Expired"}"#, { if case .gone = $0 { true } else { false } }),
            (#"{"code":403,"reason":"Forbidden"}"#, { if case .forbidden = $0 { true } else { false } }),
            (#"{"code":401,"reason":"Unauthorized"}"#, { if case .unauthorized = $0 { true } else { false } }),
            (#"{"code":500,"reason":"InternalError"}"#, { if case .other = $0 { true } else { false } }),
        ]
        for (json, matches) in cases {
            #expect(matches(try decode(json)), "\(json)")
        }
    }

    @Test("an Invalid refusal names the request, the field and the reason")
    func invalidMessage() throws {
        let error = try decode(
            #"{"kind":"Status","status":"Failure","code":422,"reason":"Invalid","message":"Subnet.kubeovn.io \"bad\" is invalid","details":{"name":"bad","kind":"Subnet","causes":[{"reason":"FieldValueInvalid","field":"spec.cidrBlock","message":"Invalid value: \"10.1.0.0/33\""}]}}"#
        )
        #expect(error.status?.causes.first?.field == "spec.cidrBlock")
        let text = error.description
        #expect(text.contains("POST /apis/kubeovn.io/v1/subnets"))
        #expect(text.contains("422 invalid"))
        #expect(text.contains("spec.cidrBlock: Invalid value: \"10.1.0.0/33\""))
    }
}
