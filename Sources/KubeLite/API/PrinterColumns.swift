import Foundation
import SCNetAPI

/// One column of `kubectl get` output: its header, type, whether only `-o wide` shows it
/// (`priority` 1), and how its cell is read from the object.
struct PrinterColumn: Sendable {
    var name: String
    var type: String = "string"
    var format: String = ""
    var priority = 0
    /// The field the column shows (`spec.cidrBlock`), when it is one field: what a CRD's
    /// `additionalPrinterColumns` can express.
    var path: String?
    var cell: @Sendable (JSONValue) -> JSONValue

    static func path(_ name: String, _ path: String, type: String = "string", priority: Int = 0) -> PrinterColumn {
        PrinterColumn(name: name, type: type, priority: priority, path: path) { $0.value(at: path) ?? .null }
    }

    static let nameColumn = PrinterColumn(name: "Name", format: "name") { .string($0.meta("name") ?? "") }
    static let age = PrinterColumn(name: "Age", type: "date") { .string(Age.text(since: $0.meta("creationTimestamp"))) }
}

extension ServedResource {
    /// The columns `kubectl get` shows, Name first and Age where kube-apiserver puts it.
    var printerColumns: [PrinterColumn] {
        switch kind {
        case "Subnet":
            [.nameColumn, .path("Provider", "spec.provider", priority: 1), .path("VPC", "spec.vpc"), .path("Protocol", "spec.protocol"),
             .path("CIDR", "spec.cidrBlock"), .path("Private", "spec.private", type: "boolean"), .path("NAT", "spec.natOutgoing", type: "boolean"),
             .path("Default", "spec.default", type: "boolean"), .path("GatewayType", "spec.gatewayType", priority: 1),
             .path("V4Used", "status.v4usingIPs", type: "number"), .path("V4Available", "status.v4availableIPs", type: "number"),
             PrinterColumn(name: "ExcludeIPs", priority: 1) { .string(($0["spec"]?["excludeIps"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ",")) },
             .age]
        case "Fip":
            [.nameColumn, .path("Address", "spec.address"), .path("Phase", "status.phase"),
             PrinterColumn(name: "UsedBy") { o in
                 guard let u = o["status"]?["usedBy"], let kind = u["kind"]?.stringValue, let name = u["name"]?.stringValue else { return .null }
                 return .string([kind, u["namespace"]?.stringValue, name].compactMap { $0 }.joined(separator: "/"))
             },
             .path("Usage", "status.usage", priority: 1), .path("FloatingIPID", "spec.floatingIPID", priority: 1), .age]
        case "Vpc":
            [.nameColumn, .path("NeutronRouter", "spec.neutronRouter"), .path("ExternalGatewayIP", "spec.externalGatewayIp"),
             PrinterColumn(name: "Subnets") { .string(($0["status"]?["subnets"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ",")) },
             .age]
        case "IP":
            [.nameColumn, .path("V4IP", "spec.v4IpAddress"), .path("V6IP", "spec.v6IpAddress"), .path("Mac", "spec.macAddress"),
             .path("Node", "spec.nodeName"), .path("Subnet", "spec.subnet"), .age]
        case "Pod":
            [.nameColumn,
             PrinterColumn(name: "Ready") { o in
                 let total = o["spec"]?["containers"]?.arrayValue?.count ?? 0
                 let ready = (o["status"]?["containerStatuses"]?.arrayValue ?? []).filter { $0["ready"] == .bool(true) }.count
                 return .string("\(ready)/\(total)")
             },
             PrinterColumn(name: "Status") { o in
                 .string(o.meta("deletionTimestamp") != nil ? "Terminating" : o["status"]?["phase"]?.stringValue ?? "Pending")
             },
             PrinterColumn(name: "Restarts", type: "integer") { o in
                 .number(Double((o["status"]?["containerStatuses"]?.arrayValue ?? []).reduce(0) { $0 + Int(Self.number($1["restartCount"])) }))
             },
             .age, .path("IP", "status.podIP", priority: 1), .path("Node", "spec.nodeName", priority: 1)]
        case "Namespace":
            [.nameColumn,
             PrinterColumn(name: "Status") { .string($0.meta("deletionTimestamp") != nil ? "Terminating" : $0["status"]?["phase"]?.stringValue ?? "Active") },
             .age]
        case "Node":
            [.nameColumn,
             PrinterColumn(name: "Status") { o in
                 let ready = (o["status"]?["conditions"]?.arrayValue ?? []).first { $0["type"]?.stringValue == "Ready" }
                 return .string(ready?["status"]?.stringValue == "True" ? "Ready" : "NotReady")
             },
             .age, .path("Version", "status.nodeInfo.kubeletVersion")]
        case "Service":
            [.nameColumn, .path("Type", "spec.type"), .path("Cluster-IP", "spec.clusterIP"), .age]
        case "Event":
            [PrinterColumn(name: "Last Seen") { .string(Age.text(since: $0["lastTimestamp"]?.stringValue ?? $0.meta("creationTimestamp"))) },
             .path("Type", "type"), .path("Reason", "reason"),
             PrinterColumn(name: "Object") { o in
                 .string("\((o["involvedObject"]?["kind"]?.stringValue ?? "").lowercased())/\(o["involvedObject"]?["name"]?.stringValue ?? "")")
             },
             .path("Message", "message"), { var c = PrinterColumn.nameColumn; c.priority = 1; return c }()]
        case "VirtualMachine":
            [.nameColumn, .age, .path("Status", "status.printableStatus"), .path("Ready", "status.ready", type: "boolean")]
        default:
            [.nameColumn, .age]
        }
    }

    static func number(_ v: JSONValue?) -> Double { if case .number(let d)? = v { d } else { 0 } }
}

/// Ages as kubectl prints them (`45s`, `3m20s`, `5h`, `2d3h`).
enum Age {
    static func text(since timestamp: String?, now: Date = Date()) -> String {
        guard let timestamp, let date = try? Date(timestamp, strategy: .iso8601) else { return "<unknown>" }
        let s = max(0, Int(now.timeIntervalSince(date)))
        let m = s / 60, h = s / 3600, d = s / 86400
        switch s {
        case ..<120: return "\(s)s"
        case ..<600: return "\(m)m\(s % 60)s"
        case ..<(3 * 3600): return "\(m)m"
        case ..<(8 * 3600): return "\(h)h\(m % 60)m"
        case ..<(48 * 3600): return "\(h)h"
        case ..<(8 * 86400): return "\(d)d\(h % 24)h"
        case ..<(730 * 86400): return "\(d)d"
        default: return "\(d / 365)y\(d % 365)d"
        }
    }
}

/// Builds `meta.k8s.io/v1` Table responses.
enum TableResponse {
    static func columnDefinitions(_ r: ServedResource) -> JSONValue {
        .array(r.printerColumns.map {
            .object(["name": .string($0.name), "type": .string($0.type), "format": .string($0.format),
                     "description": .string($0.name), "priority": .number(Double($0.priority))])
        })
    }

    static func row(_ r: ServedResource, _ object: JSONValue, includeObject: String) -> JSONValue {
        var row: [String: JSONValue] = ["cells": .array(r.printerColumns.map { $0.cell(object) })]
        switch includeObject {
        case "None": break
        case "Object": row["object"] = object
        default:
            row["object"] = .object(["kind": .string("PartialObjectMetadata"), "apiVersion": .string("meta.k8s.io/v1"),
                                     "metadata": object["metadata"] ?? .object([:])])
        }
        return .object(row)
    }

    static func table(_ r: ServedResource, _ objects: [JSONValue], metadata: JSONValue, includeObject: String) -> JSONValue {
        .object(["kind": .string("Table"), "apiVersion": .string("meta.k8s.io/v1"), "metadata": metadata,
                 "columnDefinitions": columnDefinitions(r),
                 "rows": .array(objects.map { row(r, $0, includeObject: includeObject) })])
    }
}
