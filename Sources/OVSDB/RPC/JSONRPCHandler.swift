import NIOCore

/// What the client asks the JSON-RPC stage to send.
public struct RPCCall: Sendable {
    public var method: String
    public var params: [JSON]
    public init(method: String, params: [JSON]) {
        self.method = method
        self.params = params
    }
}

/// The JSON-RPC 1.0 stage: numbers outgoing requests and matches responses to their
/// promises, answers the server's `echo` requests, hands notifications (`update2`, …) to
/// `onNotification`, and keeps the connection alive by sending its own `echo` when the server
/// has been silent for `keepAliveInterval` (closing the channel if that echo goes unanswered).
///
/// Requests are written as they come, without waiting for earlier replies: any number of
/// calls can be in flight on one connection (pipelining). Runs on the channel's event loop.
public final class JSONRPCHandler: ChannelDuplexHandler {
    public typealias InboundIn = JSON
    public typealias InboundOut = Never
    public typealias OutboundIn = (RPCCall, EventLoopPromise<JSON>)
    public typealias OutboundOut = ByteBuffer

    private var nextID = 0
    private var pending: [Int: (method: String, promise: EventLoopPromise<JSON>)] = [:]
    private let onNotification: @Sendable (String, [JSON]) -> Void
    private let keepAliveInterval: TimeAmount
    private var heardSinceLastTick = true
    private var echoOutstanding = false
    private var keepAliveTask: RepeatedTask?
    private var scratch: [UInt8] = []

    public init(keepAliveInterval: TimeAmount = .seconds(5), onNotification: @escaping @Sendable (String, [JSON]) -> Void) {
        self.keepAliveInterval = keepAliveInterval
        self.onNotification = onNotification
    }

    public func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { startKeepAlive(context: context) }
    }

    public func channelActive(context: ChannelHandlerContext) {
        startKeepAlive(context: context)
        context.fireChannelActive()
    }

    private func startKeepAlive(context: ChannelHandlerContext) {
        guard keepAliveTask == nil else { return }
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        keepAliveTask = context.eventLoop.scheduleRepeatedTask(initialDelay: keepAliveInterval, delay: keepAliveInterval) { _ in
            let (handler, context) = loopBound.value
            handler.keepAliveTick(context: context)
        }
    }

    private func keepAliveTick(context: ChannelHandlerContext) {
        if heardSinceLastTick {
            heardSinceLastTick = false
            return
        }
        if echoOutstanding {
            // Two intervals of silence, even to our echo: the peer is gone.
            context.close(promise: nil)
            return
        }
        echoOutstanding = true
        let promise = context.eventLoop.makePromise(of: JSON.self)
        promise.futureResult.whenComplete { _ in }
        send(RPCCall(method: "echo", params: []), promise: promise, context: context)
        // Written from inside the handler, so nobody else flushes it: without this an idle
        // connection's echo stayed in the buffer, went unanswered, and the connection was
        // closed every three intervals (15 s), each time costing the controller a full resync.
        context.flush()
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        heardSinceLastTick = true
        echoOutstanding = false
        let json = unwrapInboundIn(data)
        let message: RPCMessage
        do { message = try RPCMessage(json) } catch {
            context.fireErrorCaught(error)
            return
        }
        switch message {
        case .response(let id, let result, let error):
            guard let number = id.intValue, let entry = pending.removeValue(forKey: number) else { return }
            if error.isNull {
                entry.promise.succeed(result)
            } else {
                let text = error.stringValue ?? error["error"]?.stringValue ?? error.description
                if OVSDBError.isNotLeader(text, details: error["details"]?.stringValue) {
                    entry.promise.fail(OVSDBError.notLeader("\(entry.method): \(text)"))
                } else {
                    entry.promise.fail(OVSDBError.rpcFailed(method: entry.method, error: text))
                }
            }
        case .request(let id, "echo", let params):
            write(RPCMessage.response(id: id, result: .array(params), error: nil).json, context: context, flush: true)
        case .request(let id, let method, let params):
            // Unknown server requests get an error reply so the server does not wait forever.
            _ = params
            write(RPCMessage.response(id: id, result: nil, error: .string("unknown method \(method)")).json, context: context, flush: true)
        case .notification(let method, let params):
            onNotification(method, params)
        }
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let (call, reply) = unwrapOutboundIn(data)
        send(call, promise: reply, context: context)
        promise?.succeed()
    }

    private func send(_ call: RPCCall, promise: EventLoopPromise<JSON>, context: ChannelHandlerContext) {
        nextID += 1
        let id = nextID
        pending[id] = (call.method, promise)
        write(RPCMessage.request(id: .integer(id), method: call.method, params: call.params).json, context: context, flush: false)
    }

    private func write(_ json: JSON, context: ChannelHandlerContext, flush: Bool) {
        scratch.removeAll(keepingCapacity: true)
        json.encode(into: &scratch)
        var buffer = context.channel.allocator.buffer(capacity: scratch.count)
        buffer.writeBytes(scratch)
        context.write(wrapOutboundOut(buffer), promise: nil)
        if flush { context.flush() }
    }

    public func channelInactive(context: ChannelHandlerContext) {
        failAll()
        context.fireChannelInactive()
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        failAll()
    }

    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func failAll() {
        keepAliveTask?.cancel()
        keepAliveTask = nil
        let entries = pending
        pending.removeAll()
        for (_, entry) in entries { entry.promise.fail(OVSDBError.connectionLost(method: entry.method)) }
    }
}
