import SCNetAPI

/// Decodes the protobuf bodies kubectl ≥ 1.32's typed client sends (`kubectl create namespace`):
/// the `k8s\0` magic, a `runtime.Unknown` envelope (TypeMeta + raw object) and, inside the object,
/// its `ObjectMeta` (name, generateName, namespace, labels, annotations). The rest of the object is
/// ignored; answers are JSON, which kubectl accepts.
enum ProtobufEnvelope {
    static func decode(_ bytes: [UInt8]) throws -> JSONValue {
        guard bytes.count >= 4, bytes[0..<4] == [0x6b, 0x38, 0x73, 0x00][...] else {
            throw KubeLiteError.badRequest("protobuf body without the k8s magic prefix")
        }
        var apiVersion = "", kind = ""
        var raw: ArraySlice<UInt8> = []
        for (field, value) in try fields(bytes[4...]) {
            if field == 1, case .bytes(let typeMeta) = value {
                for (f, v) in try fields(typeMeta) {
                    if case .bytes(let s) = v { if f == 1 { apiVersion = String(decoding: s, as: UTF8.self) } else if f == 2 { kind = String(decoding: s, as: UTF8.self) } }
                }
            } else if field == 2, case .bytes(let b) = value {
                raw = b
            }
        }
        var metadata: [String: JSONValue] = [:]
        for (field, value) in try fields(raw) where field == 1 {
            guard case .bytes(let meta) = value else { continue }
            var labels: [String: JSONValue] = [:], annotations: [String: JSONValue] = [:]
            for (f, v) in try fields(meta) {
                guard case .bytes(let b) = v else { continue }
                let text = String(decoding: b, as: UTF8.self)
                switch f {
                case 1: metadata["name"] = .string(text)
                case 2: metadata["generateName"] = .string(text)
                case 3: metadata["namespace"] = .string(text)
                case 11, 12:
                    var key = "", val = ""
                    for (ef, ev) in try fields(b) {
                        if case .bytes(let s) = ev { if ef == 1 { key = String(decoding: s, as: UTF8.self) } else if ef == 2 { val = String(decoding: s, as: UTF8.self) } }
                    }
                    if f == 11 { labels[key] = .string(val) } else { annotations[key] = .string(val) }
                default: break
                }
            }
            if !labels.isEmpty { metadata["labels"] = .object(labels) }
            if !annotations.isEmpty { metadata["annotations"] = .object(annotations) }
        }
        return .object(["apiVersion": .string(apiVersion), "kind": .string(kind), "metadata": .object(metadata)])
    }

    enum Value { case varint(UInt64), bytes(ArraySlice<UInt8>), fixed }

    /// The top-level fields of one message, in order.
    static func fields(_ data: ArraySlice<UInt8>) throws -> [(Int, Value)] {
        var out: [(Int, Value)] = []
        var i = data.startIndex
        func varint() throws -> UInt64 {
            var result: UInt64 = 0, shift: UInt64 = 0
            while true {
                guard i < data.endIndex, shift < 64 else { throw KubeLiteError.badRequest("truncated protobuf varint") }
                let b = data[i]
                i += 1
                result |= UInt64(b & 0x7f) << shift
                if b & 0x80 == 0 { return result }
                shift += 7
            }
        }
        while i < data.endIndex {
            let tag = try varint()
            let field = Int(tag >> 3)
            switch tag & 7 {
            case 0: out.append((field, .varint(try varint())))
            case 2:
                let n = Int(try varint())
                guard n >= 0, data.endIndex - i >= n else { throw KubeLiteError.badRequest("truncated protobuf field \(field)") }
                out.append((field, .bytes(data[i..<(i + n)])))
                i += n
            case 1: i += 8; out.append((field, .fixed))
            case 5: i += 4; out.append((field, .fixed))
            default: throw KubeLiteError.badRequest("unsupported protobuf wire type in field \(field)")
            }
        }
        return out
    }
}
