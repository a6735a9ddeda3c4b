import Foundation
import Kube
import SCNetAPI
import TestSupport
import Testing

@Suite("throughput (prints measured numbers)", .timeLimit(.minutes(1)))
struct ThroughputTests {
    @Test("the watch parser decodes a long stream in arbitrary chunks, every event in order")
    func parserThroughput() throws {
        let count = 20_000
        var text = ""
        for i in 0..<count {
            text += #"{"type":"MODIFIED","object":{"apiVersion":"kubeovn.io/v1","kind":"Subnet","metadata":{"name":"s\#(i)","resourceVersion":"\#(i)","labels":{"a":"b"}},"spec":{"cidrBlock":"10.0.0.0/24","vpc":"v","excludeIps":["10.0.0.1"]}}}"#
            text += "\n"
        }
        let bytes = Array(text.utf8)
        let start = ContinuousClock.now
        var splitter = WatchLineSplitter()
        var decoded = 0
        var lastVersion = -1
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + 4093)  // chunk size unrelated to event size
            for line in try splitter.append(bytes[offset..<end]) {
                let event = try WatchEventDecoder.decode(Subnet.self, line: line)
                let version = Int(event.resourceVersion ?? "") ?? -2
                #expect(version == lastVersion + 1)
                lastVersion = version
                decoded += 1
            }
            offset = end
        }
        let seconds = Double((ContinuousClock.now - start).nanosecondsApprox) / 1e9
        #expect(decoded == count)
        print("kube.watch_parse events_per_second=\(Int(Double(count) / seconds)) bytes=\(bytes.count)")
    }

    @Test("an informer receives a burst of creates over HTTP, all once and in order")
    func informerThroughput() async throws {
        let server = try await StubAPIServer()
        let client = try KubeClient(config: server.config)
        let run = InformerRun(client: client)
        try await withTimeout { await run.informer.waitUntilSynced() }
        let count = 500
        let start = ContinuousClock.now
        for i in 0..<count {
            var s = subnet(String(format: "t%04d", i), rv: "")
            s.metadata.resourceVersion = nil
            _ = try await client.create(s)
        }
        let writes = ContinuousClock.now - start
        let deltas = await run.deltas(count: count + 1)
        let all = ContinuousClock.now - start
        #expect(Array(deltas.dropFirst()) == (0..<count).map { String(format: "add t%04d", $0) })
        print(
            "kube.create_then_informer count=\(count) create_ms=\(writes.nanosecondsApprox / 1_000_000) all_delivered_ms=\(all.nanosecondsApprox / 1_000_000)"
        )
        await run.stop()
        try await client.shutdown()
        try await server.stop()
    }
}

extension Duration {
    var nanosecondsApprox: Int64 {
        let (s, a) = components
        return s * 1_000_000_000 + a / 1_000_000_000
    }
}
