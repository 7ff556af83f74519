import Audit
import Foundation
import GRDB

// The audit log's speed goals, measured in one run on this machine:
//   durable appends/s through the group-commit sequencer, many threads at once, beside plain
//   SQLite durable inserts (WAL, synchronous=FULL, one transaction per row) as the baseline;
//   full verification of a 1,000,000-entry log in entries/s;
//   inclusion and consistency proof time at 1,000,000 entries.
// usage: concord-audit-bench [ENTRIES] [APPENDERS]

let arguments = CommandLine.arguments
let totalEntries = arguments.count > 1 ? UInt64(arguments[1]) ?? 1_000_000 : 1_000_000
let appenders = arguments.count > 2 ? Int(arguments[2]) ?? 64 : 64
let appendsPerThread = 400

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

func temporaryDirectory(_ name: String) -> String {
    let path = NSTemporaryDirectory() + "concord-audit-bench-\(name)-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func event(_ i: Int) -> AuditEvent {
    AuditEvent(.instancesAccessed, action: .read,
               actor: ActiveParticipant(userID: "reader\(i % 50)", role: "annotator", networkAccessPoint: "10.0.0.\(i % 200)"))
        .involving(.study, id: "1.2.826.0.1.3680043.8.498.\(i)")
        .involving(.patient, id: "PAT\(i % 1000)")
        .detail("command", "study show")
}

func report(_ label: String, _ value: Double, _ unit: String) {
    print(label.padding(toLength: 52, withPad: " ", startingAt: 0) + String(format: "%14.1f ", value) + unit)
}

do {
    // 1. Durable appends with group commit.
    let appendDirectory = temporaryDirectory("appends")
    let keys = AuditKeys.generate(origin: "bench.concord/audit")
    try SQLiteAuditLog.create(directory: appendDirectory, keys: keys)
    let log = try SQLiteAuditLog(directory: appendDirectory, keys: keys)
    let done = DispatchGroup()
    let threads = (0..<appenders).map { thread in
        Thread {
            for i in 0..<appendsPerThread { _ = try? log.append(event(thread * appendsPerThread + i)) }
            done.leave()
        }
    }
    var start = now()
    for thread in threads {
        done.enter()
        thread.start()
    }
    done.wait()
    let appendSeconds = now() - start
    let appended = try AuditLogReader(directory: appendDirectory).size()
    guard appended == UInt64(appenders * appendsPerThread) else {
        throw AuditError.storage("only \(appended) of \(appenders * appendsPerThread) appends succeeded")
    }
    let appendRate = Double(appended) / appendSeconds

    // 2. Baseline: plain SQLite, one durable transaction per inserted row of similar size.
    let baselinePath = temporaryDirectory("baseline") + "/plain.sqlite"
    var config = Configuration()
    config.journalMode = .wal
    config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
    let plain = try DatabaseQueue(path: baselinePath, configuration: config)
    try plain.write { db in try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)") }
    let payload = Data(repeating: 0x5A, count: 200)
    let baselineRows = 2000
    start = now()
    for _ in 0..<baselineRows {
        try plain.write { db in try db.execute(sql: "INSERT INTO t (payload) VALUES (?)", arguments: [payload]) }
    }
    let baselineRate = Double(baselineRows) / (now() - start)

    print("durable appends (\(appenders) threads, \(appenders * appendsPerThread) entries, WAL + synchronous=FULL)")
    report("  audit log, group commit", appendRate, "appends/s")
    report("  plain SQLite, one transaction per insert", baselineRate, "inserts/s")
    report("  ratio audit / plain", appendRate / baselineRate, "x")

    // 3. A 1M-entry log through the bulk path (same sealing, hashing and storage, 10k per transaction).
    let bigDirectory = temporaryDirectory("big")
    try SQLiteAuditLog.create(directory: bigDirectory, keys: keys)
    let big = try SQLiteAuditLog(directory: bigDirectory, keys: keys)
    start = now()
    var built: UInt64 = 0
    while built < totalEntries {
        let count = Int(min(10_000, totalEntries - built))
        try big.append(contentsOf: (0..<count).map { event(Int(built) + $0) })
        built += UInt64(count)
    }
    _ = try big.checkpoint()
    let buildSeconds = now() - start
    print("log of \(totalEntries) entries")
    report("  bulk build", Double(totalEntries) / buildSeconds, "entries/s")

    // 4. Full verification.
    let reader = try AuditLogReader(directory: bigDirectory)
    start = now()
    let verification = try reader.verify(with: keys.verifierKey)
    let verifySeconds = now() - start
    guard verification.isValid else { throw AuditError.tampered(verification.failure ?? VerificationFailure(.log, "?")) }
    report("  full verification (\(verification.checkpointsChecked) checkpoints)", Double(totalEntries) / verifySeconds, "entries/s")

    // 5. Proofs at full size: generation from storage, and verification.
    let root = try reader.rootHash(size: totalEntries)
    let newest = Checkpoint(origin: keys.origin, size: totalEntries, rootHash: root)
    var generator = SystemRandomNumberGenerator()
    let samples = 1000
    var inclusionTotal = 0.0, inclusionVerifyTotal = 0.0, consistencyTotal = 0.0
    for _ in 0..<samples {
        let index = UInt64.random(in: 0..<totalEntries, using: &generator)
        start = now()
        let proof = try reader.inclusionProof(index: index, size: totalEntries)
        inclusionTotal += now() - start
        start = now()
        try proof.verify(against: newest)
        inclusionVerifyTotal += now() - start
        let old = UInt64.random(in: 1..<totalEntries, using: &generator)
        start = now()
        _ = try reader.consistencyProof(from: old, to: totalEntries)
        consistencyTotal += now() - start
    }
    print("proofs at \(totalEntries) entries (mean of \(samples))")
    report("  inclusion proof, from storage", inclusionTotal / Double(samples) * 1e6, "µs")
    report("  inclusion proof, verification", inclusionVerifyTotal / Double(samples) * 1e6, "µs")
    report("  consistency proof, from storage", consistencyTotal / Double(samples) * 1e6, "µs")

    for directory in [appendDirectory, bigDirectory, (baselinePath as NSString).deletingLastPathComponent] {
        try? FileManager.default.removeItem(atPath: directory)
    }
} catch {
    FileHandle.standardError.write(Data("concord-audit-bench: \(error)\n".utf8))
    exit(1)
}
