import Foundation
import XCTest
@testable import Store

/// The store commands as a user runs them: exit status, `--json` output, and that a refused
/// change leaves the store as it was.
final class CLITests: XCTestCase {
    var data: String!
    var image: SyntheticInstance!

    override func setUpWithError() throws {
        data = try temporaryDirectory().path
        image = SyntheticInstance()
        image.rows = 64
        image.columns = 64
        let folder = try temporaryDirectory()
        try image.write(to: folder, name: "ct.dcm")
        try Data("not DICOM".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        let run = try concord(["ingest", "--data", data, "--json", "--quiet", folder.path])
        XCTAssertEqual(run.status, 2, "a rejected file makes the status 2")
        let summary = try JSONDecoder().decode(IngestSummary.self, from: run.stdout)
        XCTAssertEqual(summary.ingested, 1)
        XCTAssertEqual(summary.rejected.map(\.path), [folder.appendingPathComponent("notes.txt").path])
    }

    private func concord(_ arguments: [String]) throws -> (status: Int32, stdout: Data, stderr: String) {
        try ConcordProcess(arguments).finish()
    }

    /// Runs a command that must succeed and decodes its `--json` output.
    private func json<T: Decodable>(_ type: T.Type, _ arguments: [String],
                                    file: StaticString = #filePath, line: UInt = #line) throws -> T {
        let run = try concord(arguments + ["--data", data, "--json"])
        XCTAssertEqual(run.status, 0, run.stderr, file: file, line: line)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: run.stdout)
    }

    func testStudyListAndShowDescribeTheIngestedStudy() throws {
        let studies = try json([Study].self, ["study", "list", "--modality", "CT", "--from", "2024-01-01"])
        XCTAssertEqual(studies.map(\.studyInstanceUID), [image.studyUID])
        XCTAssertEqual(try json([Study].self, ["study", "list", "--accession", "nope"]), [])
        let show = try concord(["study", "show", "--data", data, image.studyUID])
        XCTAssertEqual(show.status, 0)
        XCTAssertTrue(String(decoding: show.stdout, as: UTF8.self).contains("64x64  1 frame(s)  \(image.sopUID)"))
        XCTAssertFalse(String(decoding: show.stdout, as: UTF8.self).contains("Doe^Jane"), "no PHI unless asked")
        let missing = try concord(["study", "show", "--data", data, "2.25.404"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.stderr, "concord: no study with Study Instance UID 2.25.404\n")
    }

    func testARegionIsDrawnRevisedDeletedAndItsHistoryKept() throws {
        let base = ["--author", "alice", "--instance", image.sopUID, "--concept", "SCT:27925004"]
        let first = try json([AnnotationVersion].self, ["annotate", "add", "--rectangle", "2,3,10,8"] + base)
        let id = try XCTUnwrap(first.first).annotationID
        _ = try json([AnnotationVersion].self, ["annotate", "add", "--ellipse", "30,30,4,4", "--revise", id.description,
                                                "--parent", "1"] + base)
        _ = try json([AnnotationVersion].self, ["annotate", "delete", id.description, "--author", "bob", "--parent", "2"])

        let history = try json([AnnotationVersion].self, ["annotate", "history", id.description])
        XCTAssertEqual(history.map(\.version), [1, 2, 3])
        XCTAssertEqual(history.map(\.author), ["alice", "alice", "bob"])
        XCTAssertEqual(history.map(\.isDeletion), [false, false, true])
        XCTAssertEqual(try json([AnnotationVersion].self, ["annotate", "list", "--instance", image.sopUID]), [])
    }

    func testARefusedRegionExitsOneAndWritesNothing() throws {
        let run = try concord(["annotate", "add", "--data", data, "--author", "alice", "--instance", image.sopUID,
                               "--point", "64.5,3"])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.hasPrefix("concord: invalid annotation, nothing written: point"), run.stderr)
        XCTAssertEqual(try json([AnnotationVersion].self, ["annotate", "list"]), [])
        let unknown = try concord(["annotate", "add", "--data", data, "--author", "alice", "--instance", image.sopUID,
                                   "--point", "3,3", "--concept", "SCT:0"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.stderr.contains("SCT:0"), unknown.stderr)
    }

    func testMaskImportChecksTheBitmapAgainstTheImage() throws {
        let folder = try temporaryDirectory()
        let good = folder.appendingPathComponent("good.raw")
        try Data((0..<64 * 64).map { UInt8($0 % 64 < 10 ? 1 : 0) }).write(to: good)
        let short = folder.appendingPathComponent("short.raw")
        try Data(repeating: 1, count: 100).write(to: short)
        let base = ["mask", "import", "--author", "alice", "--series", image.seriesUID, "--instance", image.sopUID,
                    "--segment-label", "liver", "--category", "SCT:85756007", "--type", "SCT:10200004"]

        let refused = try concord(base + ["--data", data, "--raw", short.path])
        XCTAssertEqual(refused.status, 1)
        XCTAssertEqual(refused.stderr, "concord: \(short.path): the raw bitmap has 100 bytes; the frame needs 4096\n")

        let stored = try json([AnnotationVersion].self, base + ["--raw", good.path])
        guard case let .mask(mask)? = stored.first?.annotation else { return XCTFail("not a mask: \(stored)") }
        XCTAssertEqual(mask.frames.map(\.frame.sopInstanceUID), [image.sopUID])
        XCTAssertEqual(mask.frames.first?.pixels.rows, 64)
        XCTAssertEqual(try json([AnnotationVersion].self, ["annotate", "list", "--kind", "mask"]).count, 1)
    }

    /// A NIfTI-1 volume of 8-bit labels, columns × rows × frames, voxel i fastest.
    private func nifti(columns: Int, rows: Int, frames: Int, label: (Int, Int) -> UInt8) -> Data {
        var header = [UInt8](repeating: 0, count: 352)
        func put16(_ value: Int, at offset: Int) { header[offset] = UInt8(value & 0xFF); header[offset + 1] = UInt8(value >> 8) }
        func put32(_ value: UInt32, at offset: Int) { for k in 0..<4 { header[offset + k] = UInt8((value >> (8 * k)) & 0xFF) } }
        put32(348, at: 0)                                   // sizeof_hdr
        for (index, value) in [3, columns, rows, frames, 1, 1, 1, 1].enumerated() { put16(value, at: 40 + 2 * index) }
        put16(2, at: 70)                                    // datatype: unsigned char
        put16(8, at: 72)                                    // bitpix
        put32(Float(352).bitPattern, at: 108)               // vox_offset
        header.replaceSubrange(344..<348, with: Array("n+1\0".utf8))
        let voxels = (0..<frames).flatMap { _ in (0..<rows).flatMap { row in (0..<columns).map { label($0, row) } } }
        return Data(header + voxels)
    }

    func testMaskImportFromNIfTICoversTheSeries() throws {
        let folder = try temporaryDirectory()
        let volume = folder.appendingPathComponent("liver.nii")
        try nifti(columns: 64, rows: 64, frames: 1) { column, row in column < 20 && row < 10 ? 2 : (column > 50 ? 1 : 0) }
            .write(to: volume)
        let wrong = folder.appendingPathComponent("wrong.nii")
        try nifti(columns: 32, rows: 64, frames: 1) { _, _ in 1 }.write(to: wrong)
        let base = ["mask", "import", "--author", "alice", "--series", image.seriesUID, "--segment-label", "liver",
                    "--category", "SCT:85756007", "--type", "SCT:10200004", "--label", "2"]

        let stored = try json([AnnotationVersion].self, base + ["--nifti", volume.path])
        guard case let .mask(mask)? = stored.first?.annotation, case let .binary(plane)? = mask.frames.first?.pixels else {
            return XCTFail("not a binary mask: \(stored)")
        }
        XCTAssertEqual(plane.setPixelCount, 20 * 10, "only voxels labelled 2")
        XCTAssertTrue(plane.isSet(column: 19, row: 9))
        XCTAssertFalse(plane.isSet(column: 55, row: 0))

        let refused = try concord(base + ["--data", data, "--nifti", wrong.path])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.hasPrefix("concord: \(wrong.path): "), refused.stderr)
        XCTAssertEqual(try json([AnnotationVersion].self, ["annotate", "list", "--kind", "mask"]).count, 1)
    }

    func testAFindingIsLinkedToReportText() throws {
        let report = try temporaryDirectory().appendingPathComponent("report.txt")
        try Data("Right lung nodule, 8 mm.".utf8).write(to: report)
        let document = try json(ClinicalDocument.self, ["document", "add", "--study", "ACC-1", report.path])
        XCTAssertEqual(document.studyInstanceUID, image.studyUID)
        let finding = try json([AnnotationVersion].self, ["finding", "add", "--author", "alice", "--study", image.studyUID,
                                                          "--concept", "SCT:27925004", "--laterality", "SCT:24028007",
                                                          "--size", "8"])
        let findingID = try XCTUnwrap(finding.first).annotationID

        let linked = try json([AnnotationVersion].self, ["finding", "link", "--author", "bob", "--finding", findingID.description,
                                                         "--document", String(document.id), "--start", "0", "--end", "17",
                                                         "--concept", "SCT:27925004"])
        XCTAssertEqual(linked.map(\.kind), [.span, .link])
        let past = try concord(["finding", "link", "--data", data, "--author", "bob", "--finding", findingID.description,
                                "--document", String(document.id), "--start", "0", "--end", "99", "--concept", "SCT:27925004"])
        XCTAssertEqual(past.status, 1)
        XCTAssertEqual(try json([AnnotationVersion].self, ["finding", "list", "--study", image.studyUID]).map(\.kind),
                       [.finding, .link])
    }
}
