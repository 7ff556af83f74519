import Annotations
import DICOM
import Foundation
import XCTest
@testable import Store
import GRDB

final class IngestTests: XCTestCase {
    var folder: URL!
    var store: SQLiteStore!

    override func setUpWithError() throws {
        folder = try temporaryDirectory()
        store = try SQLiteStore(directory: try temporaryDirectory())
    }

    private func ingest(_ paths: [String]) throws -> IngestSummary {
        try Ingestor(store: store, batchSize: 3).ingest(paths: paths)
    }

    /// Three instances of one series, files named 1.dcm, 2.dcm, 3.dcm.
    private func writeSeries(into directory: URL) throws -> [SyntheticInstance] {
        try (1...3).map { number in
            var instance = SyntheticInstance()
            instance.sopUID = "2.25.1001.1.\(number)"
            instance.instanceNumber = number
            instance.seed = UInt8(number)
            try instance.write(to: directory, name: "\(number).dcm")
            return instance
        }
    }

    func testIngestFilesEveryInstanceUnderItsPatientStudyAndSeries() throws {
        _ = try writeSeries(into: folder)

        let summary = try ingest([folder.path])

        XCTAssertEqual(summary.ingested, 3)
        XCTAssertEqual(summary.alreadyPresent, 0)
        XCTAssertEqual(summary.conflicts, [])
        XCTAssertEqual(summary.rejected, [])
        let study = try XCTUnwrap(try store.study("2.25.1001"))
        XCTAssertEqual(study.studyDate, "2024-01-15")
        XCTAssertEqual(study.studyTime, "101500")
        XCTAssertEqual(study.accessionNumber, "ACC-1")
        XCTAssertEqual(study.studyDescription, "CT chest")
        XCTAssertEqual(study.modalities, ["CT"])
        XCTAssertEqual(study.seriesCount, 1)
        XCTAssertEqual(study.instanceCount, 3)
        XCTAssertTrue(study.patientPseudonym.hasPrefix("PT-"))
        XCTAssertEqual(study.patientPseudonym.count, 19)
        let patient = try XCTUnwrap(try store.patient(pseudonym: study.patientPseudonym))
        XCTAssertEqual(patient, Patient(pseudonym: study.patientPseudonym, patientID: "PAT-1",
                                        name: "Doe^Jane", birthDate: "1970-01-01", sex: "F"))
        XCTAssertEqual(try store.instances(inSeries: "2.25.1001.1").map(\.sopInstanceUID),
                       ["2.25.1001.1.1", "2.25.1001.1.2", "2.25.1001.1.3"])
    }

    func testInstanceKeepsGeometryTransferSyntaxAndOriginalBytes() throws {
        let path = try SyntheticInstance().write(to: folder, name: "one.dcm")
        _ = try ingest([path])

        let instance = try XCTUnwrap(try store.instance("2.25.1001.1.1"))
        XCTAssertEqual(instance.rows, 4)
        XCTAssertEqual(instance.columns, 4)
        XCTAssertEqual(instance.numberOfFrames, 1)
        XCTAssertEqual(instance.pixelSpacing, PixelSpacing(row: 0.5, column: 0.75))
        XCTAssertEqual(instance.transferSyntaxUID, "1.2.840.10008.1.2.1")
        XCTAssertEqual(instance.sopClassUID, "1.2.840.10008.5.1.4.1.1.2")
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertEqual(instance.byteCount, original.count)
        XCTAssertEqual(try store.originalBytes(of: "2.25.1001.1.1"), original)
        XCTAssertEqual(try store.geometry(of: "2.25.1001.1.1"), ImageGeometry(frames: [
            FrameGeometry(rows: 4, columns: 4, pixelSpacing: PixelSpacing(row: 0.5, column: 0.75),
                          position: PatientPoint(x: -100, y: -120.5, z: 42),
                          orientation: PatientOrientation(dicomValues: [1, 0, 0, 0, 1, 0])),
        ]))
    }

    func testEnhancedMultiFrameGeometryComesFromPerFrameAndSharedFunctionalGroups() throws {
        var instance = SyntheticInstance()
        instance.framePositions = [[0, 0, 10], [0, 0, 12.5], [0, 0, 15]]
        instance.orientation = [0, 1, 0, 0, 0, -1]
        _ = try ingest([try instance.write(to: folder, name: "enhanced.dcm")])

        XCTAssertEqual(try store.instance(instance.sopUID)?.numberOfFrames, 3)
        let orientation = PatientOrientation(dicomValues: [0, 1, 0, 0, 0, -1])
        let spacing = PixelSpacing(row: 0.5, column: 0.75)
        XCTAssertEqual(try store.geometry(of: instance.sopUID), ImageGeometry(frames: [10, 12.5, 15].map { z in
            FrameGeometry(rows: 4, columns: 4, pixelSpacing: spacing, position: PatientPoint(x: 0, y: 0, z: z),
                          orientation: orientation)
        }))
    }

    func testIngestingTheSameFolderTwiceChangesNothingTheSecondTime() throws {
        _ = try writeSeries(into: folder)
        _ = try ingest([folder.path])
        let before = try snapshot()

        let again = try ingest([folder.path])

        XCTAssertEqual(again.ingested, 0)
        XCTAssertEqual(again.alreadyPresent, 3)
        XCTAssertEqual(again.conflicts, [])
        XCTAssertEqual(try snapshot(), before)
    }

    func testSameUIDWithOtherBytesIsAConflictThatNeverOverwrites() throws {
        let original = SyntheticInstance()
        let originalPath = try original.write(to: folder, name: "a.dcm")
        _ = try ingest([originalPath])
        var changed = original
        changed.seed = 99
        let changedPath = try changed.write(to: try temporaryDirectory(), name: "b.dcm")

        let summary = try ingest([changedPath])

        let storedAddress = try XCTUnwrap(try store.instance(original.sopUID)).blob
        let incoming = try Data(changed.bytes()).withUnsafeBytes { ContentAddress(hashing: $0) }
        let conflict = IngestConflict(sopInstanceUID: original.sopUID, sourcePath: changedPath,
                                      storedBlob: storedAddress, incomingBlob: incoming)
        XCTAssertEqual(summary.ingested, 0)
        XCTAssertEqual(summary.conflicts, [conflict])
        XCTAssertEqual(try store.conflicts(), [conflict])
        XCTAssertEqual(try store.originalBytes(of: original.sopUID), try Data(contentsOf: URL(fileURLWithPath: originalPath)))
        XCTAssertEqual(store.blobs.read(incoming), Data(try changed.bytes()), "the conflicting bytes are kept aside")
        XCTAssertEqual(try store.verify(), [])

        let again = try ingest([changedPath])
        XCTAssertEqual(again.conflicts, [conflict], "still reported")
        XCTAssertEqual(try store.conflicts(), [conflict], "recorded once")
    }

    func testTwoFilesWithOneUIDInOneBatchStoreTheFirstAndReportTheSecond() throws {
        var second = SyntheticInstance()
        second.seed = 7
        try SyntheticInstance().write(to: folder, name: "1.dcm")
        try second.write(to: folder, name: "2.dcm")

        let summary = try ingest([folder.path])

        XCTAssertEqual(summary.ingested, 1)
        XCTAssertEqual(summary.conflicts.map(\.sourcePath), [folder.appendingPathComponent("2.dcm").path])
    }

    func testFilesThatCannotBeStoredAreRejectedWithTheirReason() throws {
        let notDICOM = folder.appendingPathComponent("notes.txt")
        try Data("Findings: none.\n".utf8).write(to: notDICOM)
        let full = try SyntheticInstance().bytes()
        let truncated = folder.appendingPathComponent("truncated.dcm")
        try Data(full.prefix(300)).write(to: truncated)
        var noUID = SyntheticInstance()
        noUID.seriesUID = ""
        let noUIDPath = try noUID.write(to: folder, name: "no-uid.dcm")
        let missing = folder.appendingPathComponent("absent.dcm").path

        let summary = try ingest([notDICOM.path, truncated.path, noUIDPath, missing])

        XCTAssertEqual(summary.ingested, 0)
        XCTAssertEqual(summary.rejected.map(\.path), [missing, notDICOM.path, truncated.path, noUIDPath])
        XCTAssertEqual(summary.rejected[0].reason, "no such file or folder")
        XCTAssertTrue(summary.rejected[1].reason.hasPrefix("not a DICOM file"), summary.rejected[1].reason)
        XCTAssertTrue(summary.rejected[2].reason.hasPrefix("truncated at byte"), summary.rejected[2].reason)
        XCTAssertEqual(summary.rejected[3].reason, "missing required attribute SeriesInstanceUID")
        XCTAssertEqual(try store.studies(matching: StudyQuery()), [])
        XCTAssertEqual(try store.blobs.allAddresses(), [], "nothing of a rejected file is kept")
    }

    func testHiddenFilesAndFoldersAreSkipped() throws {
        let hidden = folder.appendingPathComponent(".concord")
        try FileManager.default.createDirectory(at: hidden, withIntermediateDirectories: true)
        try SyntheticInstance().write(to: hidden, name: "x.dcm")
        try SyntheticInstance().write(to: folder, name: ".y.dcm")

        let summary = try ingest([folder.path])

        XCTAssertEqual(summary, IngestSummary())
    }

    /// Every row count and every blob, to show that nothing changed.
    private func snapshot() throws -> [String: Int] {
        try store.read { db in
            var counts: [String: Int] = [:]
            for table in ["patient", "study", "series", "instance", "frame", "blob", "ingest_conflict"] {
                counts[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? -1
            }
            return counts
        }.merging(["blob files": try store.blobs.allAddresses().count]) { $1 }
    }
}
