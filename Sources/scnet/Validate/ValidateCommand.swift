import ArgumentParser
import Foundation
import SCNetAPI

/// `scnet validate -f PATH...`: checks manifests against scnet's admission rules without a cluster.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check manifests against scnet's admission rules, offline.",
        discussion: """
            Applies the documents, in order, to an empty in-memory cluster and prints one line per object:
              ok       Kind/name
              error    FILE:doc#N  Kind/name  field: reason (line L)
            and a warning for each reference that is still unresolved at the end (with a did-you-mean).
            Exit status: 0 when nothing is an error, 1 otherwise, 2 when an input cannot be read.
            """)

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(name: .shortAndLong, parsing: .upToNextOption, help: "Files or folders of YAML/JSON manifests; - for standard input.")
    var filename: [String] = []

    @Argument(help: "More files or folders.")
    var paths: [String] = []

    @Option(name: .shortAndLong, help: "text or json.")
    var output: OutputFormat = .text

    func run() throws {
        let inputs = filename + paths
        guard !inputs.isEmpty else { throw ValidationError("give at least one file or folder with -f (or - for standard input)") }
        var validator = ManifestValidator()
        var findings: [ValidationFinding] = []
        var unreadable: [String] = []
        for input in inputs {
            let sources: [ManifestSource]
            do { sources = try ManifestSource.expand(input) } catch {
                unreadable.append("\(error)")
                continue
            }
            for source in sources {
                switch source.text() {
                case .failure(let e): unreadable.append(e.description)
                case .success(let text):
                    findings += validator.add(ManifestDecoder.decode(text), file: source.name)
                }
            }
        }
        findings += validator.unresolvedReferences()
        let errors = findings.filter { $0.status == .error }.count
        let warnings = findings.filter { $0.status == .warning }.count
        switch output {
        case .text:
            for f in findings { print(f.text) }
            for u in unreadable { printToStandardError("scnet validate: \(u)") }
            print("\(findings.filter { $0.status == .ok }.count) ok, \(errors) error(s), \(warnings) warning(s)")
        case .json:
            let report = ValidationReport(findings: findings, unreadable: unreadable, errors: errors, warnings: warnings)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        }
        if !unreadable.isEmpty { throw ExitCode(2) }
        if errors > 0 { throw ExitCode(1) }
    }
}

/// The `--output json` document.
struct ValidationReport: Encodable {
    var findings: [ValidationFinding]
    var unreadable: [String]
    var errors: Int
    var warnings: Int
}

func printToStandardError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
