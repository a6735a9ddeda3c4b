import Testing
@testable import KubeLite

/// Query parameters read as kube-apiserver reads them.
@Suite("query parameters")
struct QueryParametersTests {
    @Test("a boolean is true unless it is 0 or false in any case; absent is false", arguments: [
        ("watch=true", true), ("watch=True", true), ("watch=1", true), ("watch", true), ("watch=yes", true),
        ("watch=false", false), ("watch=FALSE", false), ("watch=0", false), ("limit=5", false), ("", false),
    ])
    func booleans(query: String, expected: Bool) {
        #expect(QueryParameters(query).flag("watch") == expected)
    }

    @Test("a key given twice keeps its first value; values are percent-decoded")
    func repeatedAndDecoded() {
        let query = QueryParameters("labelSelector=app%3Dweb&labelSelector=app%3Ddb&fieldSelector=a+b")
        #expect(query["labelSelector"] == "app=web")
        #expect(query["fieldSelector"] == "a b")
    }
}
