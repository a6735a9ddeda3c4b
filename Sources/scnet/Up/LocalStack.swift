import Foundation
import Spawn
import Logging

/// The local OVN and Neutron of `scnet up`, started by the project's scripts with their state
/// under the data directory, and stopped again (by their own pid files) on the way out.
struct LocalStack {
    let directory: URL
    let scripts: ScriptRunner
    let logger: Logger
    /// The local node (OVS + ovn-controller); `nil`: no dataplane.
    var node: NodeSettings?

    /// How the local node is started by `scripts/ovs-node`.
    struct NodeSettings {
        var name: String
        /// A network namespace to hold the node (`nil`: this host's own).
        var netns: String?
        /// The external network's gateway address the host holds on `br-ex`.
        var externalGateway: String
    }

    /// Addresses of what runs; written to `DIR/env` for shells.
    struct Environment {
        var northbound: String
        var southbound: String
        var northboundTCP: String?
        var southboundTCP: String?
        var neutronURL: String
        /// The local node's Open vSwitch database, when there is a node.
        var ovsDatabase: String?

        func write(to url: URL, kubeconfig: String) throws {
            var lines = ["KUBECONFIG=\(kubeconfig)", "SCNET_OVN_NB=\(northbound)", "SCNET_OVN_SB=\(southbound)"]
            if let northboundTCP { lines.append("SCNET_OVN_NB_TCP=\(northboundTCP)") }
            if let southboundTCP { lines.append("SCNET_OVN_SB_TCP=\(southboundTCP)") }
            lines.append("SCNET_NEUTRON_URL=\(neutronURL)")
            if let ovsDatabase { lines.append("SCNET_OVS_DB=\(ovsDatabase)") }
            try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        }
    }

    private var log: URL { directory.appendingPathComponent("up.log") }
    private var ovnDirectory: URL { directory.appendingPathComponent("ovn") }
    private var neutronDirectory: URL { directory.appendingPathComponent("neutron") }
    var nodeDirectory: URL { directory.appendingPathComponent("node") }

    func start() throws -> Environment {
        logger.info("starting OVN (installing ovn-central when missing)", metadata: ["log": "\(log.path)"])
        try scripts.run("ovn-sandbox", ["up", ovnDirectory.path], log: log)
        let ovn = try EnvironmentFile.read(ovnDirectory.appendingPathComponent("env"))
        guard let nb = ovn["SCNET_OVN_NB"], let sb = ovn["SCNET_OVN_SB"] else {
            throw UpError.missing("\(ovnDirectory.path)/env names no SCNET_OVN_NB / SCNET_OVN_SB")
        }
        var ovsDatabase: String?
        if let node {
            logger.info("starting the local node: Open vSwitch and ovn-controller (installing openvswitch-switch and ovn-host when missing)")
            var environment = ["SCNET_OVN_SB": sb, "SCNET_NODE_NAME": node.name, "SCNET_BRIDGE_MAPPINGS": "physnet1:br-ex",
                               "SCNET_EXTERNAL_GATEWAY": node.externalGateway, "SCNET_GATEWAY_CHASSIS": "true"]
            if let netns = node.netns { environment["SCNET_NODE_NETNS"] = netns }
            do {
                try scripts.run("ovs-node", ["up", nodeDirectory.path], environment: environment, log: log)
            } catch {
                try? scripts.run("ovn-sandbox", ["down", ovnDirectory.path], log: log)
                throw error
            }
            ovsDatabase = "unix:\(nodeDirectory.path)/db.sock"
        }
        logger.info("starting Neutron (installing neutron-server when missing)")
        do {
            // The watchdog stops Neutron should this process die without its clean-up. With a
            // local node, it is the gateway chassis: no stand-in chassis is registered.
            var environment = ovn.merging(["SCNET_SANDBOX_WATCH_PID": String(getpid())]) { _, b in b }
            if node != nil { environment["SCNET_NEUTRON_GW_CHASSIS"] = "none" }
            try scripts.run("neutron-sandbox", ["up", neutronDirectory.path], environment: environment, log: log)
        } catch {
            if node != nil { try? scripts.run("ovs-node", ["down", nodeDirectory.path], log: log) }
            try? scripts.run("ovn-sandbox", ["down", ovnDirectory.path], log: log)
            throw error
        }
        let neutron = try EnvironmentFile.read(neutronDirectory.appendingPathComponent("env"))
        guard let url = neutron["SCNET_NEUTRON_URL"] else {
            throw UpError.missing("\(neutronDirectory.path)/env names no SCNET_NEUTRON_URL")
        }
        return Environment(
            northbound: nb, southbound: sb, northboundTCP: ovn["SCNET_OVN_NB_TCP"], southboundTCP: ovn["SCNET_OVN_SB_TCP"],
            neutronURL: url, ovsDatabase: ovsDatabase)
    }

    func stop() {
        if node != nil {
            logger.info("stopping the local node")
            try? scripts.run("ovs-node", ["down", nodeDirectory.path], log: log)
        }
        logger.info("stopping Neutron and OVN")
        try? scripts.run("neutron-sandbox", ["down", neutronDirectory.path], log: log)
        try? scripts.run("ovn-sandbox", ["down", ovnDirectory.path], log: log)
    }
}
