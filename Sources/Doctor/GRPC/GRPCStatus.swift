/// A gRPC status from a response's `grpc-status` / `grpc-message` trailers.
public struct GRPCStatus: Sendable, Equatable, CustomStringConvertible {
    public var code: Int
    public var message: String

    public init(code: Int, message: String = "") {
        self.code = code
        self.message = message
    }

    public static let ok = 0
    public static let deadlineExceeded = 4
    public static let notFound = 5
    public static let failedPrecondition = 9

    public var isNotFound: Bool { code == Self.notFound }

    /// The code's name as gRPC spells it (NOT_FOUND …).
    public var codeName: String {
        let names = [
            "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
            "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",
            "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
        ]
        return names.indices.contains(code) ? names[code] : "code \(code)"
    }

    public var description: String { message.isEmpty ? codeName : "\(codeName): \(message)" }

    /// Decodes `grpc-message`, which is percent-encoded on the wire.
    static func percentDecoded(_ text: String) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
                let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
