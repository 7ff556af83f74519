import Annotations
import Foundation
import GRDB
import XCTest
@testable import Store

/// `concord ingest` and `concord annotate add` killed with SIGKILL at random moments, and two `concord ingest` processes
/// racing over overlapping folders. After each kill the store must open, pass
/// `PRAGMA integrity_check`, and have no blob file without its row and no row without its file.
/// After the kills, every committed change is named in the audit log — by its committed
/// result, or else by an intent that `concord audit query --interrupted` reports — and the
/// log verifies.
final class CrashTests: XCTestCase {
    /// One entry of `concord audit query --json`.
    private struct AuditEntry: Decodable {
        struct Object: Decodable { var kind: String; var id: String }
        var sequence: UInt64
        var objects: [Object]?
        var details: [String: String]?

        var phase: String? { details?["phase"] }
        func ids(_ kind: String) -> [String] { (objects ?? []).filter { $0.kind == kind }.map(\.id) }
    }

    /// The log's entries (or only the interrupted changes), read as a steward reads them.
    private func auditEntries(_ directory: URL, interrupted: Bool = false,
                              file: StaticString = #filePath, line: UInt = #line) throws -> [AuditEntry] {
        let run = try ConcordProcess(["audit", "query", "--data", directory.path, "--json"] + (interrupted ? ["--interrupted"] : []))
            .finish()
        XCTAssertEqual(run.status, 0, run.stderr, file: file, line: line)
        return try JSONDecoder().decode([AuditEntry].self, from: run.stdout)
    }

    /// Kills `child` the moment `rows` (counted in the store by a reader of its own) exceeds
    /// `count`: just after a commit, where a change recorded only afterwards would go unrecorded.
    private func killJustAfterCommit(_ child: ConcordProcess, _ directory: URL, rows sql: String, exceed count: Int) throws {
        var configuration = Configuration()
        configuration.readonly = true
        let reader = try DatabaseQueue(path: directory.appendingPathComponent(SQLiteStore.databaseFileName).path,
                                       configuration: configuration)
        while child.process.isRunning, try reader.read({ try Int.fetchOne($0, sql: sql) ?? 0 }) <= count {}
        child.kill()
    }

    /// Checks the write-ahead audit trail after the kills: `audit verify` passes, the interrupted
    /// changes reported are exactly the intents no result names, and returns the committed
    /// results and the interrupted intents.
    private func assertAuditTrailComplete(_ directory: URL, file: StaticString = #filePath, line: UInt = #line) throws
        -> (committed: [AuditEntry], interrupted: [AuditEntry]) {
        let verify = try ConcordProcess(["audit", "verify", "--data", directory.path]).finish()
        XCTAssertEqual(verify.status, 0, verify.stderr, file: file, line: line)
        let entries = try auditEntries(directory, file: file, line: line)
        let finished = Set(entries.compactMap { $0.phase == "intent" ? nil : $0.details?["intent"] })
        let unfinished = entries.filter { $0.phase == "intent" && !finished.contains(String($0.sequence)) }
        let interrupted = try auditEntries(directory, interrupted: true, file: file, line: line)
        XCTAssertEqual(interrupted.map(\.sequence), unfinished.map(\.sequence), file: file, line: line)
        return (entries.filter { $0.phase == "committed" }, interrupted)
    }

    /// 48 instances in three studies, plus a second copy of two of them with other bytes
    /// (conflicts), plus a file that is not DICOM.
    private func writeInputs(into folder: URL) throws -> [SyntheticInstance] {
        var instances: [SyntheticInstance] = []
        for number in 0..<48 {
            var instance = SyntheticInstance()
            instance.studyUID = "2.25.7.\(number % 3)"
            instance.seriesUID = "2.25.7.\(number % 3).1"
            instance.sopUID = "2.25.7.\(number % 3).1.\(number)"
            instance.instanceNumber = number
            instance.rows = 64
            instance.columns = 64
            instance.seed = UInt8(number)
            try instance.write(to: folder, name: String(format: "%03d.dcm", number))
            instances.append(instance)
        }
        let conflicts = folder.appendingPathComponent("conflicts")
        try FileManager.default.createDirectory(at: conflicts, withIntermediateDirectories: true)
        for var instance in instances.prefix(2) {
            instance.seed &+= 100
            try instance.write(to: conflicts, name: "\(instance.instanceNumber).dcm")
        }
        try Data("not DICOM".utf8).write(to: folder.appendingPathComponent("readme.txt"))
        return instances
    }

    /// Opens the store as a fresh process would and checks every invariant, including that each
    /// stored blob still hashes to its name.
    private func assertConsistent(_ directory: URL, _ context: String,
                                  file: StaticString = #filePath, line: UInt = #line) throws {
        let store = try SQLiteStore(directory: directory)
        XCTAssertFalse(store.blobs.hasUnfinishedWrites, "the sweep ran if it had to; " + context, file: file, line: line)
        XCTAssertEqual(try store.verify(), [], context, file: file, line: line)
        for address in try store.blobs.allAddresses() {
            let bytes = try XCTUnwrap(store.blobs.read(address), context, file: file, line: line)
            XCTAssertEqual(bytes.withUnsafeBytes { ContentAddress(hashing: $0) }, address, context, file: file, line: line)
        }
    }

    /// Two instances stored before any kill; every attempt brings other bytes under their UIDs.
    private let contested = (0..<2).map { number in
        var instance = SyntheticInstance()
        instance.studyUID = "2.25.9"
        instance.seriesUID = "2.25.9.1"
        instance.sopUID = "2.25.9.1.\(number)"
        instance.instanceNumber = number
        return instance
    }

    /// 16 instances of one study, new to the store (so every run has real work to do), two
    /// conflicting copies of the ``contested`` instances and a file that is not DICOM.
    private func writeAttempt(_ attempt: Int, into folder: URL) throws -> [SyntheticInstance] {
        let instances = try (0..<16).map { number in
            var instance = SyntheticInstance()
            instance.studyUID = "2.25.8.\(attempt)"
            instance.seriesUID = "2.25.8.\(attempt).1"
            instance.sopUID = "2.25.8.\(attempt).1.\(number)"
            instance.instanceNumber = number
            instance.rows = 64
            instance.columns = 64
            instance.seed = UInt8(number)
            try instance.write(to: folder, name: String(format: "%03d.dcm", number))
            return instance
        }
        for var conflicting in contested {
            conflicting.seed = UInt8(100 + attempt)
            try conflicting.write(to: folder, name: "conflict-\(conflicting.instanceNumber).dcm")
        }
        try Data("not DICOM".utf8).write(to: folder.appendingPathComponent("readme.txt"))
        return instances
    }

    func testIngestKilledAtRandomMomentsLeavesAConsistentStore() throws {
        let attempts = 40
        var folders: [URL] = []
        var instances: [SyntheticInstance] = []
        for attempt in 0...attempts {
            let folder = try temporaryDirectory()
            instances += try writeAttempt(attempt, into: folder)
            folders.append(folder)
        }
        func arguments(_ directory: URL, _ folder: URL) -> [String] {
            ["ingest", "--data", directory.path, "--quiet", "--batch-size", "4", folder.path]
        }

        let base = try temporaryDirectory()
        for instance in contested { try instance.write(to: base, name: "\(instance.instanceNumber).dcm") }
        // A store that already holds `base`, as every attempt finds it.
        func storeHoldingBase() throws -> URL {
            let directory = try temporaryDirectory()
            XCTAssertEqual(try ConcordProcess(arguments(directory, base)).finish().status, 0)
            return directory
        }

        // How long one undisturbed run takes, so that kills land anywhere within a run: the
        // fastest of three runs into a store that exists already. Creating a store (schema,
        // audit keys) costs more than a run, and a lone cold run can be several times slower.
        var runTime = Double.infinity
        for _ in 0..<3 {
            let calibrationStore = try storeHoldingBase()
            let start = Date()
            let calibration = try ConcordProcess(arguments(calibrationStore, folders[attempts])).finish()
            XCTAssertEqual(calibration.status, 2, "the rejected file makes the status 2")
            runTime = min(runTime, Date().timeIntervalSince(start))
        }
        runTime = max(runTime, 0.02)

        let directory = try storeHoldingBase()
        // Every fourth run is killed just after its first batch commits, the others at random.
        let randomKills = attempts - attempts / 4
        var killsDuringARun = 0
        for attempt in 0..<attempts {
            let delay = Double.random(in: 0...(runTime * 0.8))
            let instancesBefore = try SQLiteStore(directory: directory).read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM instance") ?? 0
            }
            let child = try ConcordProcess(arguments(directory, folders[attempt]))
            if attempt % 4 == 3 {
                try killJustAfterCommit(child, directory, rows: "SELECT count(*) FROM instance", exceed: instancesBefore)
                try assertConsistent(directory, "after kill \(attempt) just after a batch committed")
                continue
            }
            usleep(UInt32(delay * 1_000_000))
            if child.process.isRunning { killsDuringARun += 1 }
            child.kill()
            try assertConsistent(directory, "after kill \(attempt) at \(Int(delay * 1000)) of \(Int(runTime * 1000)) ms")
        }
        XCTAssertGreaterThan(killsDuringARun, randomKills / 3,
                             "kills must land while the child is working (one run: \(Int(runTime * 1000)) ms)")

        // Every stored instance is named by a committed batch or an interrupted one, and every
        // committed batch is stored.
        let audit = try assertAuditTrailComplete(directory)
        let stored = try SQLiteStore(directory: directory).read { db in
            try Set(String.fetchAll(db, sql: "SELECT sop_instance_uid FROM instance"))
        }
        let committed = Set(audit.committed.flatMap { $0.ids("instance") })
        let announced = Set(audit.interrupted.flatMap { $0.ids("instance") })
        XCTAssertEqual(stored.subtracting(committed).subtracting(announced), [], "stored with no audit record")
        XCTAssertEqual(committed.subtracting(stored), [], "recorded as committed but not stored")
        XCTAssertGreaterThan(audit.interrupted.count, 0, "some kills land between a batch's intent and its result")

        // Whatever the kills interrupted is completed by running again; nothing is stored twice.
        let final = try ConcordProcess(["ingest", "--data", directory.path, "--json", "--quiet"] + folders.map(\.path)).finish()
        XCTAssertEqual(final.status, 2)
        let summary = try JSONDecoder().decode(IngestSummary.self, from: final.stdout)
        XCTAssertEqual(summary.ingested + summary.alreadyPresent, instances.count)
        XCTAssertEqual(summary.conflicts.count, 2 * folders.count)
        XCTAssertEqual(summary.rejected.count, folders.count)
        try assertConsistent(directory, "after the final run")
        let store = try SQLiteStore(directory: directory)
        for instance in instances + contested {
            XCTAssertEqual(try store.originalBytes(of: instance.sopUID), Data(try instance.bytes()), instance.sopUID)
        }
    }

    func testTwoProcessesIngestingOverlappingFoldersStoreEachInstanceOnce() throws {
        let source = try temporaryDirectory()
        let instances = try writeInputs(into: source)
        // First: instances 0..<32, second: 16..<48 — copies of the same files, 16 in common.
        let first = try temporaryDirectory()
        let second = try temporaryDirectory()
        for number in 0..<48 {
            let name = String(format: "%03d.dcm", number)
            let from = source.appendingPathComponent(name)
            if number < 32 { try FileManager.default.copyItem(at: from, to: first.appendingPathComponent(name)) }
            if number >= 16 { try FileManager.default.copyItem(at: from, to: second.appendingPathComponent(name)) }
        }
        let directory = try temporaryDirectory()

        let runs = try [first, second].map { folder in
            try ConcordProcess(["ingest", "--data", directory.path, "--json", "--quiet", "--batch-size", "4", folder.path])
        }.map { $0.finish() }

        XCTAssertEqual(runs.map(\.status), [0, 0], runs.map(\.stderr).joined(separator: "\n"))
        let summaries = try runs.map { try JSONDecoder().decode(IngestSummary.self, from: $0.stdout) }
        XCTAssertEqual(summaries.map(\.ingested).reduce(0, +), 48)
        XCTAssertEqual(summaries.map(\.alreadyPresent).reduce(0, +), 16)
        XCTAssertEqual(summaries.flatMap(\.conflicts), [])
        try assertConsistent(directory, "after both runs")
        let store = try SQLiteStore(directory: directory)
        let stored = try (0..<3).flatMap { try store.instances(inStudy: "2.25.7.\($0)") }.map(\.sopInstanceUID)
        XCTAssertEqual(stored.sorted(), instances.map(\.sopUID).sorted())
    }

    func testAnnotateKilledAtRandomMomentsLeavesWholeVersionsOnly() throws {
        let directory = try temporaryDirectory()
        var image = SyntheticInstance()
        image.rows = 64
        image.columns = 64
        let uid = image.sopUID
        // The store is filled directly, so its audit log is set up first, as for any store made before the CLI ran.
        XCTAssertEqual(try ConcordProcess(["audit", "keys", "init", "--data", directory.path]).finish().status, 0)
        do {
            let store = try SQLiteStore(directory: directory)
            _ = try Ingestor(store: store).ingest(paths: [try image.write(to: try temporaryDirectory(), name: "1.dcm")])
        }
        func arguments(_ attempt: Int, revising region: AnnotationID? = nil) throws -> [String] {
            var arguments = ["annotate", "add", "--data", directory.path, "--author", "reader\(attempt % 3)",
                             "--instance", uid, "--rectangle", "\(attempt % 40),4,8,8", "--concept", "SCT:27925004"]
            if let region, let head = try SQLiteStore(directory: directory).history(of: region).last?.version {
                arguments += ["--revise", region.description, "--parent", String(head)]
            }
            return arguments
        }

        let start = Date()
        XCTAssertEqual(try ConcordProcess(try arguments(0)).finish().status, 0)
        let runTime = max(Date().timeIntervalSince(start), 0.02)
        let region = try XCTUnwrap(try SQLiteStore(directory: directory).annotations(matching: AnnotationQuery()).first).annotationID

        var killsDuringARun = 0
        for attempt in 1...30 {
            // Every other run revises one region, so kills also land in the middle of a history;
            // every third is killed just after its commit.
            let versionsBefore = try SQLiteStore(directory: directory).read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM annotation_version") ?? 0
            }
            let child = try ConcordProcess(try arguments(attempt, revising: attempt % 2 == 1 ? region : nil))
            if attempt % 3 == 0 {
                try killJustAfterCommit(child, directory, rows: "SELECT count(*) FROM annotation_version", exceed: versionsBefore)
            } else {
                usleep(UInt32(Double.random(in: 0...(runTime * 0.8)) * 1_000_000))
                if child.process.isRunning { killsDuringARun += 1 }
                child.kill()
            }
            try assertConsistent(directory, "after annotate kill \(attempt)")
            let store = try SQLiteStore(directory: directory)
            let gaps = try store.read { db in
                try Int.fetchOne(db, sql: """
                    SELECT count(*) FROM (SELECT annotation_id FROM annotation_version
                    GROUP BY annotation_id HAVING count(*) != max(version) OR min(version) != 1)
                    """) ?? -1
            }
            XCTAssertEqual(gaps, 0, "every history runs 1, 2, 3 … without a gap after kill \(attempt)")
            let versions = try store.history(of: region).map(\.version)
            XCTAssertEqual(versions, Array(1..<versions.count + 1))
        }
        XCTAssertGreaterThan(killsDuringARun, 5, "kills must land while the child is working (one run: \(Int(runTime * 1000)) ms)")

        // Each annotation has at least as many versions as committed results name it, and no
        // more than those plus the interrupted intents that name it.
        let audit = try assertAuditTrailComplete(directory)
        let versions = try SQLiteStore(directory: directory).read { db in
            try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT annotation_id, count(*) AS n FROM annotation_version GROUP BY annotation_id")
                .map { (row: Row) -> (String, Int) in (row["annotation_id"], row["n"]) })
        }
        func counts(_ entries: [AuditEntry]) -> [String: Int] {
            entries.flatMap { $0.ids("annotation") }.reduce(into: [:]) { $0[$1, default: 0] += 1 }
        }
        let committed = counts(audit.committed), interrupted = counts(audit.interrupted)
        for (id, count) in versions {
            XCTAssertLessThanOrEqual(committed[id, default: 0], count, "annotation \(id)")
            XCTAssertLessThanOrEqual(count, committed[id, default: 0] + interrupted[id, default: 0], "annotation \(id) has unrecorded versions")
        }
        XCTAssertEqual(Set(committed.keys).subtracting(versions.keys), [], "recorded as committed but not stored")
    }
}
