import Foundation
import XCTest
@testable import Store

/// Every store command that shows stored PHI or changes ground truth leaves exactly the audit
/// entries it should, read back as a steward reads them (`concord audit query --json`), and the
/// log still verifies afterwards.
///
/// Entries are compared as one line each: action, event code, outcome, then the participant
/// objects as kind=id in the order recorded, then the write-ahead phase of a change
/// ("C 110107 0 patient=PAT-1 study=2.25.1001 … phase=intent"). Every result must name, in
/// `details.intent`, the intent appended just before it for the same event and action.
final class AuditWiringTests: XCTestCase {
    var data: String!
    var image: SyntheticInstance!
    /// The highest sequence number already compared.
    private var seen: UInt64?

    override func setUpWithError() throws {
        data = try temporaryDirectory().path
        image = SyntheticInstance()
        image.rows = 64
        image.columns = 64
    }

    private func concord(_ arguments: [String]) throws -> (status: Int32, stdout: Data, stderr: String) {
        try ConcordProcess(arguments).finish()
    }

    /// Runs a command that must succeed and returns its stdout as text.
    @discardableResult
    private func succeed(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let run = try concord(arguments + ["--data", data])
        XCTAssertEqual(run.status, 0, run.stderr, file: file, line: line)
        return String(decoding: run.stdout, as: UTF8.self)
    }

    private func ingestImage() throws {
        let folder = try temporaryDirectory()
        try image.write(to: folder, name: "ct.dcm")
        try succeed(["ingest", "--quiet", folder.path])
    }

    /// `audit query --json`, one entry as the steward sees it.
    private struct Entry: Decodable {
        struct Code: Decodable { var code: String }
        struct Object: Decodable { var kind: String; var id: String }
        var sequence: UInt64
        var eventID: Code
        var action: String
        var outcome: Int
        var objects: [Object]
        var details: [String: String]

        var line: String {
            ([action, eventID.code, String(outcome)] + objects.map { "\($0.kind)=\($0.id)" }
                + (details["phase"].map { ["phase=\($0)"] } ?? [])).joined(separator: " ")
        }
    }

    /// The entries appended since the last call, leaving out the "Audit Log Used" entries that
    /// the queries themselves append.
    private func appended(file: StaticString = #filePath, line: UInt = #line) throws -> [Entry] {
        let run = try concord(["audit", "query", "--data", data, "--json"])
        XCTAssertEqual(run.status, 0, run.stderr, file: file, line: line)
        let entries = try JSONDecoder().decode([Entry].self, from: run.stdout)
        let new = entries.filter { entry in seen.map { entry.sequence > $0 } ?? true }
        seen = entries.map(\.sequence).max()
        let appended = new.filter { $0.eventID.code != "110101" }
        var open: [UInt64: Entry] = [:]
        for entry in appended {
            switch entry.details["phase"] {
            case "intent": open[entry.sequence] = entry
            case "committed", "refused":
                let intent = try XCTUnwrap(entry.details["intent"].flatMap { UInt64($0) }.flatMap { open.removeValue(forKey: $0) },
                                           "result #\(entry.sequence) names no open intent", file: file, line: line)
                XCTAssertEqual([intent.action, intent.eventID.code], [entry.action, entry.eventID.code], file: file, line: line)
            default: break
            }
        }
        XCTAssertEqual(open.keys.sorted(), [], "every intent of a finished command has its result", file: file, line: line)
        return appended
    }

    private func assertAppended(_ lines: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(try appended(file: file, line: line).map(\.line), lines, file: file, line: line)
    }

    /// The id the JSON output of a change gives its first version.
    private func firstID(_ output: String) throws -> String {
        let versions = try JSONDecoder().decode([IDOnly].self, from: Data(output.utf8))
        return try XCTUnwrap(versions.first).annotationID
    }

    private struct IDOnly: Decodable { var annotationID: String }

    func testIngestAndDocumentsAreImportsWithTheirPatientStudyAndInstances() throws {
        let folder = try temporaryDirectory()
        try image.write(to: folder, name: "ct.dcm")
        try Data("not DICOM".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        XCTAssertEqual(try concord(["ingest", "--data", data, "--quiet", folder.path]).status, 2)
        let ingest = try appended()
        XCTAssertEqual(ingest.map(\.line), ["C 110107 0 patient=PAT-1 study=2.25.1001 instance=2.25.1001.1.1 phase=intent",
                                            "C 110107 0 patient=PAT-1 study=2.25.1001 instance=2.25.1001.1.1 phase=committed",
                                            "C 110107 4"])
        XCTAssertEqual(ingest[1].details, ["command": "ingest", "phase": "committed", "intent": String(ingest[0].sequence),
                                           "ingested": "1", "alreadyPresent": "0", "conflicts": "0"])
        XCTAssertEqual(ingest[2].details, ["command": "ingest", "ingested": "1", "alreadyPresent": "0",
                                           "conflicts": "0", "rejected": "1"])
        try succeed(["ingest", "--quiet", folder.path + "/ct.dcm"])
        try assertAppended(["C 110107 0 patient=PAT-1 study=2.25.1001 instance=2.25.1001.1.1 phase=intent",
                            "C 110107 0 phase=committed", "C 110107 0"])

        let report = try temporaryDirectory().appendingPathComponent("report.txt")
        try Data("Right lung nodule, 8 mm.".utf8).write(to: report)
        try succeed(["document", "add", "--study", "ACC-1", report.path])
        try assertAppended(["C 110107 0 study=ACC-1 phase=intent", "C 110107 0 study=2.25.1001 document=1 phase=committed"])
        XCTAssertEqual(try concord(["document", "add", "--data", data, "--study", "ACC-404", report.path]).status, 1)
        let refused = try appended()
        XCTAssertEqual(refused.map(\.line), ["C 110107 0 study=ACC-404 phase=intent", "C 110107 8 study=ACC-404 phase=refused"])
        XCTAssertEqual(refused.last?.details["refused"], "no study with Study Instance UID or Accession Number ACC-404")
        XCTAssertEqual(refused.last?.details["command"], "document add")
    }

    func testReadsOfStoredPHIAreRecordedForWhatWasShown() throws {
        try ingestImage()
        let report = try temporaryDirectory().appendingPathComponent("report.txt")
        try Data("Right lung nodule, 8 mm.".utf8).write(to: report)
        try succeed(["document", "add", "--study", "ACC-1", report.path])
        _ = try appended()

        try succeed(["study", "list", "--modality", "CT"])
        let query = try appended()
        XCTAssertEqual(query.map(\.line), ["E 110112 0 study=2.25.1001"])
        XCTAssertEqual(query.first?.details, ["command": "study list", "modality": "CT"])
        try succeed(["study", "show", image.studyUID])
        try assertAppended(["R 110103 0 study=2.25.1001 document=1"])
        try succeed(["study", "show", "--show-phi", image.studyUID])
        try assertAppended(["R 110103 0 patient=PAT-1 study=2.25.1001 document=1"])

        try succeed(["dump", "--instance", image.sopUID])
        try assertAppended(["R 110103 0 instance=2.25.1001.1.1"])
        XCTAssertEqual(try succeed(["decode", "--raw", "--instance", image.sopUID]).utf8.count, 64 * 64 * 2)
        try assertAppended(["R 110103 0 instance=2.25.1001.1.1"])
        let png = try temporaryDirectory().appendingPathComponent("frame.png")
        try succeed(["render", "--instance", image.sopUID, "--out", png.path])
        try assertAppended(["R 110103 0 instance=2.25.1001.1.1"])
        XCTAssertTrue(try succeed(["nlp", "--document", "1"]).contains("nodule"))
        try assertAppended(["R 110103 0 document=1 study=2.25.1001"])

        let missing = try concord(["dump", "--data", data, "--instance", "2.25.404"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.stderr, "concord: no image with SOP Instance UID 2.25.404 in \(data!)\n")
        try assertAppended([])
        XCTAssertEqual(try concord(["audit", "verify", "--data", data]).status, 0)
    }

    func testEveryAnnotationChangeAndReadIsRecordedWithItsIDs() throws {
        try ingestImage()
        _ = try appended()
        let sop = image.sopUID, study = image.studyUID
        let base = ["--author", "alice", "--instance", sop, "--concept", "SCT:27925004", "--json"]

        let region = try firstID(try succeed(["annotate", "add", "--rectangle", "2,3,10,8"] + base))
        try assertAppended(["C 110103 0 annotation=\(region) instance=\(sop) phase=intent",
                            "C 110103 0 annotation=\(region) instance=\(sop) phase=committed"])
        try succeed(["annotate", "add", "--rectangle", "2,3,12,8", "--revise", region, "--parent", "1"] + base)
        try assertAppended(["U 110103 0 annotation=\(region) instance=\(sop) phase=intent",
                            "U 110103 0 annotation=\(region) instance=\(sop) phase=committed"])
        XCTAssertEqual(try concord(["annotate", "add", "--data", data, "--rectangle", "60,60,10,10"] + base).status, 1)
        let attempt = try appended()
        XCTAssertEqual(attempt.map { $0.line.prefix(11) + ($0.details["phase"] ?? "") }, ["C 110103 0 intent", "C 110103 8 refused"])
        let refused = try XCTUnwrap(attempt.last)
        XCTAssertEqual(refused.objects.last?.id, sop)
        XCTAssertEqual(refused.details["refused"]?.hasPrefix("invalid annotation, nothing written:"), true, refused.details["refused"] ?? "")
        try succeed(["annotate", "list", "--instance", sop])
        try assertAppended(["R 110103 0 annotation=\(region)"])
        try succeed(["annotate", "history", region])
        try assertAppended(["R 110103 0 annotation=\(region)"])
        try succeed(["annotate", "delete", region, "--author", "bob", "--parent", "2"])
        try assertAppended(["D 110103 0 annotation=\(region) phase=intent", "D 110103 0 annotation=\(region) phase=committed"])

        let raw = try temporaryDirectory().appendingPathComponent("mask.raw")
        try Data((0..<64 * 64).map { UInt8($0 % 64 < 10 ? 1 : 0) }).write(to: raw)
        let mask = try firstID(try succeed(["mask", "import", "--author", "alice", "--series", image.seriesUID, "--instance", sop,
                                             "--raw", raw.path, "--segment-label", "liver", "--category", "SCT:85756007",
                                             "--type", "SCT:10200004", "--json"]))
        try assertAppended(["C 110103 0 annotation=\(mask) instance=\(sop) phase=intent",
                            "C 110103 0 annotation=\(mask) instance=\(sop) phase=committed"])

        let report = try temporaryDirectory().appendingPathComponent("report.txt")
        try Data("Right lung nodule, 8 mm.".utf8).write(to: report)
        try succeed(["document", "add", "--study", "ACC-1", report.path])
        _ = try appended()
        let finding = try firstID(try succeed(["finding", "add", "--author", "alice", "--study", study,
                                                "--concept", "SCT:27925004", "--size", "8", "--json"]))
        try assertAppended(["C 110103 0 finding=\(finding) study=\(study) phase=intent",
                            "C 110103 0 finding=\(finding) study=\(study) phase=committed"])
        let linked = try JSONDecoder().decode([IDOnly].self, from: Data(try succeed([
            "finding", "link", "--author", "bob", "--finding", finding, "--document", "1", "--start", "11", "--end", "17",
            "--concept", "SCT:27925004", "--json"]).utf8)).map(\.annotationID)
        XCTAssertEqual(linked.count, 2)
        try assertAppended(["C 110103 0 annotation=\(linked[0]) document=1 phase=intent",
                            "C 110103 0 annotation=\(linked[0]) document=1 phase=committed",
                            "C 110103 0 annotation=\(linked[1]) annotation=\(linked[0]) finding=\(finding) phase=intent",
                            "C 110103 0 annotation=\(linked[1]) annotation=\(linked[0]) finding=\(finding) phase=committed"])
        try succeed(["finding", "list", "--study", study])
        try assertAppended(["R 110103 0 study=\(study) finding=\(finding) annotation=\(linked[1])"])

        let verify = try concord(["audit", "verify", "--data", data])
        XCTAssertEqual(verify.status, 0, verify.stderr)
    }

    func testANewDataDirectoryGetsItsKeyFileAndSaysSo() throws {
        try ingestImage()
        let key = (data as NSString).appendingPathComponent("audit.key")
        let attributes = try FileManager.default.attributesOfItem(atPath: key)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let again = try concord(["study", "list", "--data", data])
        XCTAssertEqual(again.status, 0)
        XCTAssertEqual(again.stderr, "", "only the first command sets the keys up")

        let fresh = try temporaryDirectory().path
        let first = try concord(["study", "list", "--data", fresh])
        XCTAssertEqual(first.status, 0)
        XCTAssertTrue(first.stderr.hasPrefix("concord: new data directory \(fresh): created the audit key file \(fresh)/audit.key"),
                      first.stderr)
    }

    func testAMissingOrWrongKeyStopsTheCommandBeforeItActs() throws {
        try ingestImage()
        let key = (data as NSString).appendingPathComponent("audit.key")
        let report = try temporaryDirectory().appendingPathComponent("report.txt")
        try Data("Nodule.".utf8).write(to: report)

        let other = try temporaryDirectory().path
        XCTAssertEqual(try concord(["audit", "keys", "init", "--data", other]).status, 0)
        try FileManager.default.moveItem(atPath: key, toPath: key + ".saved")
        try FileManager.default.copyItem(atPath: (other as NSString).appendingPathComponent("audit.key"), toPath: key)
        let wrong = try concord(["document", "add", "--data", data, "--study", "ACC-1", report.path])
        XCTAssertEqual(wrong.status, 1)
        XCTAssertTrue(wrong.stderr.hasPrefix("concord: wrong key: the log's data keys are wrapped under master key"), wrong.stderr)

        try FileManager.default.removeItem(atPath: key)
        let missing = try concord(["document", "add", "--data", data, "--study", "ACC-1", report.path])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.hasPrefix("concord: no audit keys:"), missing.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: key), "an existing log never gets new keys")

        try FileManager.default.moveItem(atPath: key + ".saved", toPath: key)
        XCTAssertEqual(try SQLiteStore(directory: URL(fileURLWithPath: data)).documents(ofStudy: image.studyUID), [],
                       "nothing was written while the key was wrong or missing")
    }

    func testAStoreWithoutAnAuditLogIsNotAuditedSilently() throws {
        let directory = try temporaryDirectory()
        _ = try SQLiteStore(directory: directory)
        let run = try concord(["study", "list", "--data", directory.path])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("run `concord audit keys init`"), run.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.appendingPathComponent("audit.key").path))
    }
}
