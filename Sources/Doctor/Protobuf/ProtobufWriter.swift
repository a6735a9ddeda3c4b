/// Builds one protobuf message in proto3 wire format, field by field.
///
/// Only the field types containerd's requests need are here. Default values (empty string,
/// zero, false) are omitted, as proto3 encoders do.
///
///     var request = ProtobufWriter()
///     request.string(1, "t1")          // KillRequest.container_id
///     request.uint32(3, 9)             // KillRequest.signal
///     let bytes = request.bytes
public struct ProtobufWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func string(_ field: Int, _ value: String) {
        guard !value.isEmpty else { return }
        lengthDelimited(field, Array(value.utf8))
    }

    public mutating func uint32(_ field: Int, _ value: UInt32) {
        guard value != 0 else { return }
        tag(field, .varint)
        varint(UInt64(value))
    }

    public mutating func bool(_ field: Int, _ value: Bool) {
        guard value else { return }
        tag(field, .varint)
        varint(1)
    }

    /// An embedded message; written even when empty, because presence matters for messages.
    public mutating func message(_ field: Int, _ body: ProtobufWriter) {
        lengthDelimited(field, body.bytes)
    }

    mutating func lengthDelimited(_ field: Int, _ payload: [UInt8]) {
        tag(field, .lengthDelimited)
        varint(UInt64(payload.count))
        bytes.append(contentsOf: payload)
    }

    mutating func tag(_ field: Int, _ wireType: ProtobufWireType) {
        varint(UInt64(field) << 3 | UInt64(wireType.rawValue))
    }

    mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }
}

/// The wire types of protobuf's encoding (groups, 3 and 4, are deprecated and refused).
public enum ProtobufWireType: UInt8, Sendable {
    case varint = 0
    case fixed64 = 1
    case lengthDelimited = 2
    case startGroup = 3
    case endGroup = 4
    case fixed32 = 5
}
