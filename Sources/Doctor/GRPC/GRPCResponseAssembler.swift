/// Turns the HTTP/2 frames of one unary gRPC response into its messages or its failure.
///
/// A plain value-type state machine (no I/O), fed by `GRPCUnaryCallHandler`:
/// response headers → DATA frames → trailers with `grpc-status`; or a "trailers-only" answer
/// (one HEADERS frame with `grpc-status` and end-of-stream). Each `receive…` returns the
/// outcome once the stream has ended, nil while more is expected.
public struct GRPCResponseAssembler: Sendable {
    public enum Outcome: Sendable, Equatable {
        case messages([[UInt8]])
        case failed(GRPCStatus)
        case malformed(String)
    }

    private enum State: Sendable {
        case awaitingHeaders
        case receivingMessages
        case finished
    }

    private var state = State.awaitingHeaders
    private var deframer = GRPCMessageDeframer()
    private var messages: [[UInt8]] = []

    public init() {}

    public mutating func receiveHeaders(_ headers: [(name: String, value: String)], endStream: Bool) -> Outcome? {
        switch state {
        case .finished:
            return nil
        case .awaitingHeaders:
            let status = headers.first { $0.name == ":status" }?.value
            guard status == "200" else {
                return finish(.malformed("HTTP status \(status ?? "missing"), expected 200"))
            }
            if endStream { return finish(trailersOutcome(headers)) }
            if let type = headers.first(where: { $0.name == "content-type" })?.value,
                !type.hasPrefix("application/grpc")
            {
                return finish(.malformed("content-type \(type), expected application/grpc"))
            }
            state = .receivingMessages
            return nil
        case .receivingMessages:
            // The second HEADERS frame of a response can only be its trailers.
            return finish(trailersOutcome(headers))
        }
    }

    public mutating func receiveData(_ bytes: [UInt8], endStream: Bool) -> Outcome? {
        guard case .receivingMessages = state else {
            if case .finished = state { return nil }
            return finish(.malformed("DATA before response headers"))
        }
        deframer.append(bytes)
        do {
            while let message = try deframer.nextMessage() { messages.append(message) }
        } catch {
            return finish(.malformed("\(error)"))
        }
        return endStream ? finish(.malformed("stream ended without grpc-status trailers")) : nil
    }

    /// The stream closed (reset or connection lost) before the response was complete.
    public mutating func streamClosed() -> Outcome? {
        if case .finished = state { return nil }
        return finish(.malformed("stream closed before the response was complete"))
    }

    private func trailersOutcome(_ trailers: [(name: String, value: String)]) -> Outcome {
        guard let raw = trailers.first(where: { $0.name == "grpc-status" })?.value else {
            return .malformed("trailers without grpc-status")
        }
        guard let code = Int(raw) else { return .malformed("grpc-status \(raw) is not a number") }
        let message = GRPCStatus.percentDecoded(trailers.first { $0.name == "grpc-message" }?.value ?? "")
        guard code == GRPCStatus.ok else { return .failed(GRPCStatus(code: code, message: message)) }
        if deframer.hasPartialMessage { return .malformed("stream ended inside a message") }
        return .messages(messages)
    }

    private mutating func finish(_ outcome: Outcome) -> Outcome {
        state = .finished
        return outcome
    }
}
