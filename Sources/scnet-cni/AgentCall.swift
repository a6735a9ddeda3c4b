import CNI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One HTTP/1.1 request to the agent over its unix socket: `POST /cni` with the request as
/// JSON, answered with a ``CNIResponse``. Written by hand: the plugin links no HTTP stack.
enum AgentCall {
    static func send(_ request: CNIRequest, to path: String) -> Result<CNIResponse, AgentCallProblem> {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return .failure(.system("socket", errno)) }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        guard pathBytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return .failure(.message("socket path too long")) }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
            raw[pathBytes.count] = 0
        }
        // The agent bounds its own work; this only guards against an agent that hangs.
        var timeout = timeval(tv_sec: 300, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { return .failure(.system("connect", errno)) }

        let body = Array(request.json.utf8)
        let head = "POST /cni HTTP/1.1\r\nHost: scnet-agent\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        guard writeAll(fd, Array(head.utf8) + body) else { return .failure(.system("write", errno)) }

        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n < 0 { return .failure(.system("read", errno)) }
            if n == 0 { break }
            reply.append(contentsOf: buffer[0..<n])
        }
        return HTTPReply.parse(reply).flatMap { status, body in
            guard let response = CNIResponse(json: body) else {
                return .failure(.message("agent answered HTTP \(status) with an unreadable body: \(String(body.prefix(200)))"))
            }
            return .success(response)
        }
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }
}

/// Why the agent could not be asked.
enum AgentCallProblem: Error, CustomStringConvertible {
    case system(String, Int32)
    case message(String)

    var description: String {
        switch self {
        case .system(let call, let code): return "\(call): \(String(cString: strerror(code)))"
        case .message(let text): return text
        }
    }
}

/// The status and body of an HTTP/1.1 response read to its end (`Connection: close`).
enum HTTPReply {
    static func parse(_ bytes: [UInt8]) -> Result<(Int, String), AgentCallProblem> {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let split = bytes.firstRange(of: separator) else { return .failure(.message("truncated HTTP reply")) }
        let head = String(decoding: bytes[..<split.lowerBound], as: UTF8.self)
        let parts = head.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else { return .failure(.message("bad HTTP status line")) }
        var body = Array(bytes[split.upperBound...])
        if head.lowercased().contains("transfer-encoding: chunked") { body = dechunk(body) }
        return .success((status, String(decoding: body, as: UTF8.self)))
    }

    static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard let lineEnd = bytes[index...].firstRange(of: [13, 10]) else { break }
            let sizeText = String(decoding: bytes[index..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: " "), radix: 16), size > 0 else { break }
            let start = lineEnd.upperBound
            out.append(contentsOf: bytes[start..<min(start + size, bytes.count)])
            index = start + size + 2
        }
        return out
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}
