import AsyncHTTPClient
import Foundation
import NIOCore
import SCNetAPI

/// The events of one open watch, decoded as they arrive. Ends when the server closes the
/// stream; throws ``KubeError/transport(request:reason:)`` when the connection breaks.
public struct WatchStream<R: KubeResource>: AsyncSequence, Sendable {
    public typealias Element = WatchEvent<R>
    let body: HTTPClientResponse.Body
    let request: String

    public struct AsyncIterator: AsyncIteratorProtocol {
        var chunks: HTTPClientResponse.Body.AsyncIterator
        var splitter = WatchLineSplitter()
        var pending: [WatchEvent<R>] = []
        var finished = false
        let request: String

        public mutating func next() async throws -> WatchEvent<R>? {
            while true {
                if !pending.isEmpty { return pending.removeFirst() }
                if finished { return nil }
                let chunk: ByteBuffer?
                do {
                    chunk = try await chunks.next()
                } catch let error as CancellationError {
                    throw error
                } catch {
                    throw KubeError.transport(request: request, reason: "watch stream broke: \(error)")
                }
                if let chunk {
                    for line in try splitter.append(chunk.readableBytesView) {
                        pending.append(try WatchEventDecoder.decode(R.self, line: line, request: request))
                    }
                } else {
                    finished = true
                    if let last = splitter.finish() {
                        pending.append(try WatchEventDecoder.decode(R.self, line: last, request: request))
                    }
                }
            }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(chunks: body.makeAsyncIterator(), request: request)
    }
}

/// Decodes one line of a watch stream.
public enum WatchEventDecoder {
    public static func decode<R: KubeResource>(
        _ type: R.Type, line: [UInt8], request: String = "watch"
    ) throws(KubeError) -> WatchEvent<R> {
        do {
            return try JSONValueDecoder().decode(WatchEvent<R>.self, from: line)
        } catch {
            let text = String(decoding: line.prefix(200), as: UTF8.self)
            throw .undecodable(request: request, what: "watch event \(text)", reason: String(describing: error))
        }
    }
}

extension KubeClient {
    /// Opens a watch on `R` from `options.resourceVersion`. The server ends it after
    /// `options.timeoutSeconds` (default 5 to 10 minutes, as client-go picks); callers re-watch
    /// from the last resourceVersion they saw. An HTTP 410 is thrown as ``KubeError/gone(_:)``.
    public func watch<R: KubeResource>(
        _ type: R.Type, namespace: String? = nil, options: ListOptions = ListOptions(), allowBookmarks: Bool = true
    ) async throws -> WatchStream<R> {
        var options = options
        let timeout = options.timeoutSeconds ?? Int.random(in: 300...600)
        options.timeoutSeconds = timeout
        let path = ResourcePath.collection(type, namespace: namespace)
        var query = [("watch", "true")]
        if allowBookmarks { query.append(("allowWatchBookmarks", "true")) }
        query += options.queryItems
        let label = "GET \(path)?watch"
        let request = try makeRequest(.GET, path, query: query)
        let response: HTTPClientResponse
        do {
            // The deadline covers the whole stream: a server that ignores timeoutSeconds is cut off.
            response = try await http.execute(request, timeout: .seconds(Int64(timeout) + 30), logger: logger)
        } catch let error as CancellationError {
            throw error
        } catch {
            throw KubeError.transport(request: label, reason: String(describing: error))
        }
        guard response.status.code == 200 else {
            let body = (try? await response.body.collect(upTo: 1024 * 1024)).map { Data(buffer: $0) } ?? Data()
            throw Self.error(status: response.status, body: body, request: label)
        }
        return WatchStream(body: response.body, request: label)
    }
}
