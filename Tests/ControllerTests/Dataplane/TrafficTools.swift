import Foundation
import Spawn
import TestSupport

/// Tiny TCP tools for traffic checks inside namespaces the tests made: a server that answers
/// each connection with the client's address as it saw it, and a client that prints the answer.
/// Numeric addresses only: nothing here looks a name up.
enum TrafficTools {
    static let server = """
        import socket, sys
        s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("0.0.0.0", int(sys.argv[1]))); s.listen(16)
        while True:
            c, a = s.accept(); c.sendall((a[0] + "\\n").encode()); c.close()
        """
    static let client = """
        import socket, sys
        s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=2)
        print(s.recv(100).decode().strip())
        """

    /// Starts the server in network namespace `netns` on `port`; stop it with `kill()`.
    static func serve(in netns: String, port: Int, workDir: URL) throws -> Kubectl.Running {
        try Kubectl.spawn(["/usr/sbin/ip", "netns", "exec", netns, "/usr/bin/python3", "-c", server, String(port)], workDir: workDir)
    }

    /// Connects from `netns` to `address:port`; the address the server saw, or nil.
    static func peer(from netns: String, to address: String, port: Int) throws -> String? {
        let out = try runTool(["ip", "netns", "exec", netns, "/usr/bin/python3", "-c", client, address, String(port)])
        let text = out.output.trimmingCharacters(in: .whitespacesAndNewlines)
        return out.status == 0 && !text.isEmpty ? text : nil
    }
}

/// An "outside" host on the external network: a namespace of the test's own, attached by a veth
/// to the node's `br-ex` (the bridge mapped to `physnet1`).
struct OutsideHost: Sendable {
    let netns: String
    let address: String
    let node: NodeUnderTest
    var hostEnd: String { "scno\(netns.suffix(6))" }

    static func attach(to node: NodeUnderTest, address: String) throws -> OutsideHost {
        let outside = OutsideHost(netns: "scnto\(UUID().uuidString.prefix(6).lowercased())", address: address, node: node)
        _ = try runTool(["ip", "netns", "add", outside.netns])
        try node.exec(["ip", "link", "add", outside.hostEnd, "type", "veth", "peer", "name", "eth0", "netns", outside.netns])
        try node.exec(["ip", "link", "set", outside.hostEnd, "up"])
        try node.exec(["ovs-vsctl", "--db=unix:\(node.directory.path)/db.sock", "add-port", "br-ex", outside.hostEnd])
        for args in [["ip", "link", "set", "lo", "up"], ["ip", "link", "set", "eth0", "up"], ["ip", "addr", "add", address, "dev", "eth0"],
                     ["ethtool", "-K", "eth0", "tx", "off"]] {
            _ = try runTool(["ip", "netns", "exec", outside.netns] + args)
        }
        return outside
    }

    func remove() {
        _ = try? node.exec(["ovs-vsctl", "--db=unix:\(node.directory.path)/db.sock", "--if-exists", "del-port", "br-ex", hostEnd])
        _ = try? runTool(["ip", "netns", "del", netns])
    }
}
