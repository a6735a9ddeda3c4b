import Foundation
import SCNetAPI

/// The durable form of the store in a data directory: `snapshot.json` (every object at one
/// revision) plus `journal.jsonl` (one line per change after it, flushed to disk before the change
/// is acknowledged). Replaying both gives the objects, the revision counter and the recent history
/// watches resume from.
///
/// Chosen over SQLite: the whole data set lives in memory anyway (watch cache, admission index),
/// so the disk only has to be an ordered, fsynced log; this needs no system library, no extra
/// package build on small machines, and survives a crash mid-write: a torn last line (no final
/// newline: its write never completed, so it was never acknowledged) is cut off at the next start.
/// Any other line that does not decode is damage, not a crash: the start fails, naming the line,
/// rather than silently dropping acknowledged writes.
struct Journal {
    struct Entry: Codable {
        var rv: Int64
        var type: String
        var group: String
        var resource: String
        var object: JSONValue
    }

    struct Snapshot: Codable {
        var revision: Int64
        var entries: [Entry]
    }

    let directory: URL
    private var handle: FileHandle?
    /// Entries written since the snapshot; the journal is folded into a new snapshot past a limit.
    private(set) var entriesSinceSnapshot = 0
    /// Bytes of a torn last line cut off by the last ``replay()`` (0: none).
    private(set) var tornTailBytes = 0

    var snapshotURL: URL { directory.appendingPathComponent("snapshot.json") }
    var journalURL: URL { directory.appendingPathComponent("journal.jsonl") }

    init(directory: URL) throws {
        self.directory = directory
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw KubeLiteError.storage("cannot create data directory \(directory.path): \(error)")
        }
    }

    /// Reads the snapshot and then the journal, in order.
    mutating func replay() throws -> (snapshot: Snapshot, journal: [Entry]) {
        var snapshot = Snapshot(revision: 0, entries: [])
        if let data = FileManager.default.contents(atPath: snapshotURL.path) {
            do {
                snapshot = try JSONDecoder().decode(Snapshot.self, from: data)
            } catch {
                throw KubeLiteError.storage("\(snapshotURL.path) is not a readable snapshot: \(error)")
            }
        }
        var entries: [Entry] = []
        if let data = FileManager.default.contents(atPath: journalURL.path) {
            // Cut a torn tail, so the next append starts on a line of its own.
            if let last = data.last, last != UInt8(ascii: "\n") {
                let keep = data.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
                if truncate(journalURL.path, off_t(keep)) != 0 {
                    throw KubeLiteError.storage("cannot cut the torn end of \(journalURL.path) (errno \(errno))")
                }
            }
            let decoder = JSONDecoder()
            var lineNumber = 0
            let complete = data.prefix(data.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0)
            for line in complete.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast() {
                lineNumber += 1
                let e: Entry
                do {
                    e = try decoder.decode(Entry.self, from: Data(line))
                } catch {
                    throw KubeLiteError.storage(
                        "\(journalURL.path) line \(lineNumber) is damaged (\(line.count) bytes that are not a journal entry): "
                            + "refusing to start rather than lose the writes after it; move the file away to start from the snapshot")
                }
                if e.rv > snapshot.revision { entries.append(e) }
            }
            tornTailBytes = data.count - complete.count
        }
        entriesSinceSnapshot = entries.count
        return (snapshot, entries)
    }

    /// The open journal file, for a group `synchronize()` off the store's actor.
    var fileHandle: FileHandle? { handle }

    /// Appends one change; with `sync`, also flushes it to disk (otherwise the caller's group
    /// flush does, through ``fileHandle``).
    mutating func append(_ entry: Entry, sync: Bool = true) throws {
        // Written directly (same bytes as JSONEncoder with sorted keys): one line per write.
        var line = JSONValue.object([
            "rv": .number(Double(entry.rv)), "type": .string(entry.type), "group": .string(entry.group),
            "resource": .string(entry.resource), "object": entry.object,
        ]).serialized()
        line.append(UInt8(ascii: "\n"))
        do {
            if handle == nil {
                if !FileManager.default.fileExists(atPath: journalURL.path) {
                    _ = FileManager.default.createFile(atPath: journalURL.path, contents: nil)
                }
                handle = try FileHandle(forWritingTo: journalURL)
                try handle?.seekToEnd()
            }
            try handle?.write(contentsOf: line)
            if sync { try handle?.synchronize() }
        } catch {
            throw KubeLiteError.storage("cannot write \(journalURL.path): \(error)")
        }
        entriesSinceSnapshot += 1
    }

    /// Writes every object as a new snapshot (atomically, by rename) and empties the journal.
    mutating func writeSnapshot(_ snapshot: Snapshot) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            let data = try encoder.encode(snapshot)
            let temp = directory.appendingPathComponent("snapshot.json.tmp")
            _ = FileManager.default.createFile(atPath: temp.path, contents: nil)
            let h = try FileHandle(forWritingTo: temp)
            try h.write(contentsOf: data)
            try h.synchronize()
            try h.close()
            if rename(temp.path, snapshotURL.path) != 0 { throw KubeLiteError.storage("rename to \(snapshotURL.path) failed (errno \(errno))") }
            // The rename itself must be on disk before the journal it replaces is emptied.
            let directoryFD = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if directoryFD >= 0 {
                fsync(directoryFD)
                Glibc.close(directoryFD)
            }
            try handle?.close()
            handle = nil
            _ = FileManager.default.createFile(atPath: journalURL.path, contents: nil)
        } catch let e as KubeLiteError {
            throw e
        } catch {
            throw KubeLiteError.storage("cannot write \(snapshotURL.path): \(error)")
        }
        entriesSinceSnapshot = 0
    }

    mutating func close() {
        try? handle?.close()
        handle = nil
    }
}
