import Foundation
import Testing

/// `scnet validate` on the corpus we keep in Tests/Corpus: every bad manifest refused with the
/// expected field path, every good one accepted, and no crash or hang on garbage.
@Suite("scnet validate")
struct ValidateCommandTests {
    struct Finding: Decodable {
        var status: String
        var object: String
        var field: String?
        var reason: String?
        var line: Int?
        var document: Int
    }

    struct Report: Decodable {
        var findings: [Finding]
        var unreadable: [String]
        var errors: Int
    }

    static let corpus = CommandRunner.repositoryRoot.appendingPathComponent("Tests/Corpus")

    static func files(_ folder: String) -> [String] {
        let dir = corpus.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.sorted().map { dir.appendingPathComponent($0).path }
    }

    static var badFiles: [String] { files("bad") }
    static var goodFiles: [String] { files("good") }

    func report(_ args: [String], stdin: Data? = nil) throws -> (Int32, Report) {
        let out = try CommandRunner.run(["validate", "--output", "json"] + args, stdin: stdin)
        let report = try JSONDecoder().decode(Report.self, from: Data(out.stdout.utf8))
        return (out.status, report)
    }

    @Test("the corpus is there")
    func corpusPresent() {
        #expect(Self.badFiles.count >= 80)
        #expect(Self.goodFiles.count >= 10)
    }

    @Test("every bad manifest is refused with the expected field path", arguments: badFiles)
    func bad(_ path: String) throws {
        let header = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").first ?? ""
        let expected = header.replacingOccurrences(of: "# expect: ", with: "")
        let (status, r) = try report(["-f", path])
        #expect(status == 1)
        let errors = r.findings.filter { $0.status == "error" }
        #expect(errors.count == 1, "\(path): \(errors.map { "\($0.field ?? "-"): \($0.reason ?? "")" })")
        #expect((errors.first?.field ?? "-") == expected, "\(path): \(errors.first?.reason ?? "")")
        #expect(errors.first?.line != nil)
        #expect((errors.first?.reason ?? "").isEmpty == false)
    }

    @Test("every good manifest is accepted", arguments: goodFiles)
    func good(_ path: String) throws {
        let (status, r) = try report(["-f", path])
        #expect(status == 0, "\(path): \(r.findings.filter { $0.status == "error" }.map { "\($0.field ?? ""): \($0.reason ?? "")" })")
        #expect(r.findings.contains { $0.status == "ok" })
    }

    @Test("examples/ is valid and the seed's slip is a warning with a did-you-mean")
    func examples() throws {
        let out = try CommandRunner.run(["validate", "-f", "examples/"])
        #expect(out.status == 0, "\(out.stdout)")
        #expect(out.stdout.contains("ok       Subnet/net192"))
        #expect(out.stdout.contains(#"spec.vpc: VPC "test-vpc-2" not found (did you mean "test-vpc2"?)"#))
        #expect(out.stdout.contains("ok       VirtualMachine/demo/vm-1"))
        #expect(!out.stdout.contains("\nerror "))
        #expect(out.stdout.contains(", 0 error(s)"))
    }

    @Test("the text output names file, document, object, field and reason")
    func textLine() throws {
        let out = try CommandRunner.run(["validate", "-f", "Tests/Corpus/bad/subnet-gateway-outside.yaml"])
        #expect(out.status == 1)
        #expect(out.stdout.contains("error    Tests/Corpus/bad/subnet-gateway-outside.yaml:doc#1  Subnet/s  spec.gateway: 10.1.0.1 is outside spec.cidrBlock 10.0.0.0/24 (line"))
    }

    @Test("standard input is read with -")
    func standardInput() throws {
        let yaml = "apiVersion: kubeovn.io/v1\nkind: Subnet\nmetadata: {name: s}\nspec: {cidrBlock: 10.0.0.0/24}\n"
        let (status, r) = try report(["-f", "-"], stdin: Data(yaml.utf8))
        #expect(status == 0)
        #expect(r.findings.map(\.object) == ["Subnet/s"])
    }

    @Test("a missing file exits 2 and names it")
    func missing() throws {
        let out = try CommandRunner.run(["validate", "-f", "/nonexistent/x.yaml"])
        #expect(out.status == 2)
        #expect(out.stderr.contains("/nonexistent/x.yaml"))
    }

    @Test("garbage is refused without a crash: binary, empty, 10 MB, deeply nested, alias bomb")
    func garbage() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scnet-validate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func write(_ name: String, _ data: Data) -> String {
            let url = dir.appendingPathComponent(name)
            _ = FileManager.default.createFile(atPath: url.path, contents: data)
            return url.path
        }
        var rng = SystemRandomNumberGenerator()
        let binary = write("binary.yaml", Data((0..<65_536).map { _ in UInt8.random(in: 0...255, using: &rng) } + [0]))
        let out1 = try CommandRunner.run(["validate", "-f", binary])
        #expect(out1.status == 2)
        #expect(out1.stderr.contains("binary"))

        let empty = write("empty.yaml", Data())
        #expect(try CommandRunner.run(["validate", "-f", empty]).status == 0)

        let big = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: big\n  annotations:\n    blob: " + String(repeating: "x", count: 10 << 20) + "\n"
        let bigOut = try CommandRunner.run(["validate", "-f", write("big.yaml", Data(big.utf8))])
        #expect(bigOut.status == 0)
        #expect(bigOut.stdout.contains("ok       Namespace/big"))

        let manyDocs = (0..<5_000).map { "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ns-\($0)}\n" }.joined()
        let manyOut = try CommandRunner.run(["validate", "-f", write("many.yaml", Data(manyDocs.utf8))])
        #expect(manyOut.stdout.contains("5000 ok, 0 error(s)"))

        let deepFlow = String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)
        let deepBlock = (0..<5_000).map { String(repeating: " ", count: $0) + "a:" }.joined(separator: "\n")
        for (name, text) in [("deep-flow.yaml", deepFlow), ("deep-block.yaml", deepBlock)] {
            let out = try CommandRunner.run(["validate", "-f", write(name, Data(text.utf8))])
            #expect(out.status == 1, "\(name)")
            #expect(out.stdout.contains("nested too deeply"), "\(name): \(out.stdout.prefix(300))")
        }

        var bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1..<9 { bomb += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        let bombOut = try CommandRunner.run(["validate", "-f", write("bomb.yaml", Data(bomb.utf8))])
        #expect(bombOut.status == 1)
        #expect(bombOut.stdout.contains("expands to more than"))
    }
}
