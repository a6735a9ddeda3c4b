/// Reads the fields of one protobuf message in order, skipping nothing: the caller picks the
/// field numbers it knows and ignores the rest, which is how unknown fields stay harmless.
///
///     var reader = ProtobufReader(bytes)
///     while let field = try reader.next() {
///         if field.number == 2 { id = try field.string() }
///     }
public struct ProtobufReader: Sendable {
    private var rest: ArraySlice<UInt8>

    public init(_ bytes: ArraySlice<UInt8>) { rest = bytes }
    public init(_ bytes: [UInt8]) { rest = bytes[...] }

    /// The next field, or nil at the end of the message.
    public mutating func next() throws -> ProtobufField? {
        guard !rest.isEmpty else { return nil }
        let key = try varint()
        let number = Int(key >> 3)
        guard number > 0 else { throw DoctorError.malformedProtobuf(reason: "field number 0") }
        guard let wireType = ProtobufWireType(rawValue: UInt8(key & 7)) else {
            throw DoctorError.malformedProtobuf(reason: "field \(number) has wire type \(key & 7), which does not exist")
        }
        switch wireType {
        case .varint:
            return ProtobufField(number: number, value: .varint(try varint()))
        case .fixed64:
            return ProtobufField(number: number, value: .fixed64(try littleEndian(8, field: number)))
        case .fixed32:
            return ProtobufField(number: number, value: .fixed32(UInt32(try littleEndian(4, field: number))))
        case .lengthDelimited:
            let length = try varint()
            guard length <= UInt64(rest.count) else {
                throw DoctorError.malformedProtobuf(
                    reason: "field \(number) says \(length) bytes follow but only \(rest.count) do")
            }
            let payload = rest.prefix(Int(length))
            rest = rest.dropFirst(Int(length))
            return ProtobufField(number: number, value: .bytes(payload))
        case .startGroup, .endGroup:
            throw DoctorError.malformedProtobuf(reason: "field \(number) uses deprecated group encoding")
        }
    }

    private mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while let byte = rest.first {
            rest = rest.dropFirst()
            guard shift < 64 else { throw DoctorError.malformedProtobuf(reason: "varint longer than 10 bytes") }
            result |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
        throw DoctorError.malformedProtobuf(reason: "message ends inside a varint")
    }

    private mutating func littleEndian(_ count: Int, field: Int) throws -> UInt64 {
        guard rest.count >= count else {
            throw DoctorError.malformedProtobuf(reason: "message ends inside fixed-width field \(field)")
        }
        var result: UInt64 = 0
        for (index, byte) in rest.prefix(count).enumerated() { result |= UInt64(byte) << (8 * UInt64(index)) }
        rest = rest.dropFirst(count)
        return result
    }
}

/// One decoded field: its number and raw value, converted on request.
public struct ProtobufField: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case varint(UInt64)
        case fixed64(UInt64)
        case fixed32(UInt32)
        case bytes(ArraySlice<UInt8>)
    }

    public var number: Int
    public var value: Value

    public func string() throws -> String {
        guard case .bytes(let bytes) = value else { throw mismatch("a string") }
        return String(decoding: bytes, as: UTF8.self)
    }

    public func uint64() throws -> UInt64 {
        guard case .varint(let raw) = value else { throw mismatch("a varint") }
        return raw
    }

    public func uint32() throws -> UInt32 { UInt32(truncatingIfNeeded: try uint64()) }

    public func bool() throws -> Bool { try uint64() != 0 }

    /// The bytes of an embedded message, to read with another `ProtobufReader`.
    public func message() throws -> ArraySlice<UInt8> {
        guard case .bytes(let bytes) = value else { throw mismatch("an embedded message") }
        return bytes
    }

    private func mismatch(_ expected: String) -> DoctorError {
        .malformedProtobuf(reason: "field \(number) should be \(expected) but has wire value \(value)")
    }
}
