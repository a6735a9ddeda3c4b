import Testing

@testable import Doctor

@Suite("protobuf codec")
struct ProtobufCodecTests {
    @Test("a KillRequest encodes to the bytes protoc would produce")
    func killRequestBytes() {
        // container_id "t1" (field 1, length-delimited), signal 9 (field 3), all true (field 4).
        #expect(ContainerdRequests.kill("t1", signal: 9, all: true) == [0x0a, 0x02, 0x74, 0x31, 0x18, 0x09, 0x20, 0x01])
    }

    @Test("default values are omitted, as proto3 does")
    func defaultsOmitted() {
        var writer = ProtobufWriter()
        writer.string(1, "")
        writer.uint32(2, 0)
        writer.bool(3, false)
        #expect(writer.bytes.isEmpty)
    }

    @Test("varints longer than one byte round-trip", arguments: [UInt32(127), 128, 300, 65_535, UInt32.max])
    func varintRoundTrip(value: UInt32) throws {
        var writer = ProtobufWriter()
        writer.uint32(3, value)
        var reader = ProtobufReader(writer.bytes)
        let field = try #require(try reader.next())
        #expect(field.number == 3)
        #expect(try field.uint32() == value)
        #expect(try reader.next() == nil)
    }

    @Test("300 is encoded as ac 02")
    func varint300() {
        var writer = ProtobufWriter()
        writer.uint32(1, 300)
        #expect(writer.bytes == [0x08, 0xac, 0x02])
    }

    @Test("a Process with unknown fields of every wire type decodes, the unknown ones skipped")
    func processWithUnknownFields() throws {
        var process = ProtobufWriter()
        process.string(2, "t2")
        process.uint32(3, 4242)
        process.uint32(4, 2)
        // exited_at (10): an embedded Timestamp; and fixed32/fixed64 fields no Process has.
        var timestamp = ProtobufWriter()
        timestamp.uint32(1, 1_700_000_000)
        process.message(10, timestamp)
        var bytes = process.bytes
        bytes += [0x7d, 1, 2, 3, 4]  // field 15, fixed32
        bytes += [0x81, 0x01, 1, 2, 3, 4, 5, 6, 7, 8]  // field 16, fixed64
        bytes += [0x48, 0x07]  // exit_status 9 = 7
        let decoded = try TaskProcess(protobuf: bytes[...])
        #expect(decoded == TaskProcess(id: "t2", pid: 4242, status: .running, exitStatus: 7))
    }

    @Test("a Process with status 0 is UNKNOWN and container_id wins over id when set")
    func unknownStatus() throws {
        var process = ProtobufWriter()
        process.string(1, "c1")
        process.string(2, "exec")
        let decoded = try TaskProcess(protobuf: process.bytes[...])
        #expect(decoded.id == "c1")
        #expect(decoded.status == .unknown)
    }

    @Test("a status number this client does not know is never taken for UNKNOWN")
    func unrecognizedStatus() throws {
        var process = ProtobufWriter()
        process.string(2, "t9")
        process.uint32(4, 9)
        #expect(try TaskProcess(protobuf: process.bytes[...]).status == .unrecognized(9))
    }

    @Test("a Container record decodes id, image, runtime name and snapshot")
    func containerRecord() throws {
        var runtime = ProtobufWriter()
        runtime.string(1, "io.containerd.runc.v2")
        var container = ProtobufWriter()
        container.string(1, "t3")
        container.string(3, "scnet.local/busybox:1")
        container.message(4, runtime)
        container.string(6, "overlayfs")
        container.string(7, "t3")
        var response = ProtobufWriter()
        response.message(1, container)
        let records = try ContainerdRequests.messages(1, in: response.bytes).map { try ContainerRecord(protobuf: $0) }
        #expect(
            records == [
                ContainerRecord(
                    id: "t3", image: "scnet.local/busybox:1", runtime: "io.containerd.runc.v2", snapshotter: "overlayfs",
                    snapshotKey: "t3")
            ])
    }

    @Test("a ListTasksResponse yields every task in order")
    func listResponse() throws {
        var response = ProtobufWriter()
        for (id, status) in [("a", UInt32(2)), ("b", 0), ("c", 3)] {
            var process = ProtobufWriter()
            process.string(2, id)
            process.uint32(4, status)
            response.message(1, process)
        }
        let tasks = try ContainerdRequests.messages(1, in: response.bytes).map { try TaskProcess(protobuf: $0) }
        #expect(tasks.map(\.id) == ["a", "b", "c"])
        #expect(tasks.map(\.status) == [.running, .unknown, .stopped])
    }

    @Test("truncated and malformed input is refused with a reason, not a crash", arguments: [
        [0x0a, 0x05, 0x61] as [UInt8],  // length 5, one byte present
        [0x08, 0x80],  // varint never ends
        [0x0b],  // group (wire type 3)
        [0x0e],  // wire type 6 does not exist
        [0x00, 0x01],  // field number 0
        [0x0d, 0x01, 0x02],  // fixed32 cut short
    ])
    func malformed(bytes: [UInt8]) {
        #expect(throws: DoctorError.self) {
            var reader = ProtobufReader(bytes)
            while try reader.next() != nil {}
        }
    }

    @Test("asking a field for the wrong type fails")
    func wrongType() throws {
        var reader = ProtobufReader([0x08, 0x01])
        let field = try #require(try reader.next())
        #expect(throws: DoctorError.self) { try field.string() }
    }
}
