import ArgumentParser
import Doctor
import Foundation

extension DoctorCommand {
    /// `scnet doctor pod NS/NAME`: why a pod failed (S18) and its network end to end (X6).
    struct PodDoctor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pod",
            abstract: "Explain why a pod failed and check its network end to end.",
            discussion: """
                Shows the pod's phase, each container's state and last state (exit code, reason, \
                message) and its last Events, then one line per hop of its network — namespace, \
                subnet, IP record, logical switch port, chassis binding, ovn-installed (only with \
                --ovs on the pod's node), NAT of its floating IP, and an ovn-trace to its gateway — \
                each ok, FAIL (with what to try) or skip (with why). Every call has a deadline. \
                Exit status: 0 nothing failed, 1 something failed, 2 the API or OVN cannot be reached.
                """)

        @Argument(help: "The pod, as NAMESPACE/NAME.")
        var pod: String

        @Option(help: "This node's Open vSwitch database, e.g. unix:/var/run/openvswitch/db.sock (for ovn-installed).")
        var ovs: String?

        @OptionGroup var options: DoctorNetworkOptions

        func validate() throws {
            let parts = pod.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ValidationError("the pod must be given as NAMESPACE/NAME, not \"\(pod)\"")
            }
        }

        func run() async throws {
            let parts = pod.split(separator: "/").map(String.init)
            let configuration = try options.configuration(ovs: ovs)
            let facts: PodFacts
            do {
                facts = try await PodFactsGatherer(configuration: configuration).gather(namespace: parts[0], name: parts[1])
            } catch {
                printError("\(error)")
                throw ExitCode(2)
            }
            let report = PodChecks.report(facts)
            switch options.output {
            case .text: print(report.text)
            case .json: try options.printJSON(report)
            }
            if !report.passed { throw ExitCode(1) }
        }
    }

    /// `scnet doctor cluster`: each component's health and what scnet left behind.
    struct ClusterDoctor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cluster",
            abstract: "Check each component and look for leaked OVN rows and disagreeing address records.",
            discussion: """
                Asks the Kubernetes API, OVN NB and SB (the leader, for a RAFT cluster) and Neutron \
                (networks, then agents when it serves them) whether they answer; then lists the NB \
                rows scnet owns whose pod, VM or Subnet is gone, IP records without a port or whose \
                pod is gone, and ports without an IP record. Every call has a deadline. \
                Exit status: 0 nothing failed, 1 something failed, 2 a component cannot be reached.
                """)

        @OptionGroup var options: DoctorNetworkOptions

        /// The JSON form of the answer.
        struct Report: Encodable {
            var checks: [CheckResult]
            var unreachable: Bool
        }

        func run() async throws {
            let configuration = try options.configuration()
            let facts = await ClusterFactsGatherer(configuration: configuration).gather()
            let checks = ClusterChecks.run(facts)
            let unreachable = ClusterChecks.cannotTell(facts)
            switch options.output {
            case .text: print(checks.map(\.line).joined(separator: "\n"))
            case .json: try options.printJSON(Report(checks: checks, unreachable: unreachable))
            }
            if unreachable { throw ExitCode(2) }
            if !checks.allPassed { throw ExitCode(1) }
        }
    }
}
