import NIOCore
import NIOHPACK
import NIOHTTP2

/// The handler on one HTTP/2 stream channel carrying one unary gRPC call: it feeds the
/// response frames to a `GRPCResponseAssembler` and completes the call's promise with the
/// outcome. The caller writes the request and owns the deadline (see `GRPCUnixConnection`).
final class GRPCUnaryCallHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTP2Frame.FramePayload
    typealias OutboundOut = HTTP2Frame.FramePayload

    private let promise: EventLoopPromise<GRPCResponseAssembler.Outcome>
    private var assembler = GRPCResponseAssembler()

    init(promise: EventLoopPromise<GRPCResponseAssembler.Outcome>) {
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let outcome: GRPCResponseAssembler.Outcome?
        switch unwrapInboundIn(data) {
        case .headers(let headers):
            let pairs = headers.headers.map { (name: $0.name, value: $0.value) }
            outcome = assembler.receiveHeaders(pairs, endStream: headers.endStream)
        case .data(let data):
            guard case .byteBuffer(let buffer) = data.data else { return }
            outcome = assembler.receiveData(Array(buffer.readableBytesView), endStream: data.endStream)
        case .rstStream(let code):
            outcome = assembler.streamClosed().map { _ in .malformed("containerd reset the stream (\(code))") }
        default:
            outcome = nil
        }
        if let outcome { finish(outcome, context: context) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let outcome = assembler.streamClosed() { promise.succeed(outcome) }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if assembler.streamClosed() != nil { promise.succeed(.malformed("stream error: \(error)")) }
        context.close(promise: nil)
    }

    private func finish(_ outcome: GRPCResponseAssembler.Outcome, context: ChannelHandlerContext) {
        promise.succeed(outcome)
        context.close(promise: nil)
    }
}
