/// One object of any kind scnet models, as read from a manifest or stored by the embedded API.
public enum AnyResource: Hashable, Sendable {
    case vpc(Vpc)
    case subnet(Subnet)
    case ip(IP)
    case fip(Fip)
    case namespace(Namespace)
    case pod(Pod)
    case node(Node)
    case virtualMachine(VirtualMachine)
    case event(Event)

    /// Every kind scnet models, for dispatch by `apiVersion` and `kind`.
    public static let kinds: [any KubeResource.Type] = [
        Vpc.self, Subnet.self, IP.self, Fip.self, Namespace.self, Pod.self, Node.self, VirtualMachine.self, Event.self,
    ]

    /// Wraps a typed object.
    public init?(_ object: any KubeResource) {
        switch object {
        case let o as Vpc: self = .vpc(o)
        case let o as Subnet: self = .subnet(o)
        case let o as IP: self = .ip(o)
        case let o as Fip: self = .fip(o)
        case let o as Namespace: self = .namespace(o)
        case let o as Pod: self = .pod(o)
        case let o as Node: self = .node(o)
        case let o as VirtualMachine: self = .virtualMachine(o)
        case let o as Event: self = .event(o)
        default: return nil
        }
    }

    /// The typed object inside.
    public var object: any KubeResource {
        switch self {
        case .vpc(let o): o
        case .subnet(let o): o
        case .ip(let o): o
        case .fip(let o): o
        case .namespace(let o): o
        case .pod(let o): o
        case .node(let o): o
        case .virtualMachine(let o): o
        case .event(let o): o
        }
    }

    public var metadata: ObjectMeta { object.metadata }
    public var kind: String { type(of: object).kind }
    /// `Kind/name` or `Kind/namespace/name`.
    public var reference: String { object.reference }
}
