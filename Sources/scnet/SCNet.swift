import ArgumentParser

/// The `scnet` command line.
@main
struct SCNet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scnet",
        abstract: "A Kube-OVN-compatible container network control plane on OVN and Neutron.",
        subcommands: [UpCommand.self, ControllerCommand.self, AgentCommand.self, ManifestsCommand.self, ValidateCommand.self, ServeCommand.self, NeutronCommand.self, DoctorCommand.self])
}
