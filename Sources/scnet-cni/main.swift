// scnet-cni: the CNI plugin. It is called by a container runtime exactly as the CNI
// specification says (CNI_* environment, network configuration on stdin) and forwards the call
// to the node's `scnet agent` over its unix socket; the agent does the work. VERSION is answered
// here. Kept small, with no Foundation, so it starts in a few milliseconds.
import CNI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// An agent that closes the socket mid-request must not kill the plugin before it prints its error.
signal(SIGPIPE, SIG_IGN)
let environment = PluginEnvironment.current()
let stdinText = readAllStandardInput()
let config = PluginConfig(parsing: stdinText)
let cniVersion = config.cniVersion ?? CNIVersion.latest

func finish(_ output: String, success: Bool) -> Never {
    if !output.isEmpty { print(output) }
    exit(success ? 0 : 1)
}

func fail(_ code: Int, _ msg: String, details: String? = nil) -> Never {
    finish(CNIError(code, msg, details: details, cniVersion: cniVersion).json, success: false)
}

guard let command = environment["CNI_COMMAND"], !command.isEmpty else {
    fail(CNIError.Code.invalidEnvironment, "CNI_COMMAND is not set", details: "scnet-cni is a CNI plugin: a container runtime runs it")
}
if command == "VERSION" {
    finish(#"{"cniVersion":"\#(cniVersion)","supportedVersions":["# + CNIVersion.supported.map { "\"\($0)\"" }.joined(separator: ",") + "]}",
           success: true)
}
if let version = config.cniVersion, !CNIVersion.supported.contains(version) {
    fail(CNIError.Code.incompatibleVersion, "cniVersion \(version) is not supported",
         details: "supported: " + CNIVersion.supported.joined(separator: ", "))
}
guard ["ADD", "DEL", "CHECK", "STATUS", "GC"].contains(command) else {
    fail(CNIError.Code.invalidEnvironment, "CNI_COMMAND \(command) is not one of ADD, DEL, CHECK, VERSION, STATUS, GC")
}
let needsContainer = ["ADD", "DEL", "CHECK"].contains(command)
let containerID = environment["CNI_CONTAINERID"] ?? ""
if needsContainer && containerID.isEmpty { fail(CNIError.Code.invalidEnvironment, "CNI_CONTAINERID is not set") }
let ifName = environment["CNI_IFNAME"] ?? ""
if needsContainer && ifName.isEmpty { fail(CNIError.Code.invalidEnvironment, "CNI_IFNAME is not set") }
let netns = environment["CNI_NETNS"] ?? ""
if (command == "ADD" || command == "CHECK") && netns.isEmpty { fail(CNIError.Code.invalidEnvironment, "CNI_NETNS is not set") }

let request = CNIRequest(
    command: command, containerID: containerID, netns: netns, ifName: ifName,
    args: CNIRequest.parseArgs(environment["CNI_ARGS"] ?? ""), config: stdinText)
let socketPath = environment["SCNET_CNI_SOCKET"] ?? config.agentSocket ?? "/run/scnet/cni.sock"
switch AgentCall.send(request, to: socketPath) {
case .success(let response):
    finish(response.output, success: response.success)
case .failure(let problem):
    fail(command == "STATUS" ? CNIError.Code.pluginNotAvailable : CNIError.Code.agentUnreachable,
         "scnet agent not reachable at \(socketPath): \(problem)", details: "is `scnet agent` running on this node?")
}
