import DICOM
@testable import DICOMPixels
import XCTest

final class PixelDataTests: XCTestCase {
    private typealias F = PixelFixture

    func testAllFramesInParallelEqualsFramesInOrder() throws {
        // 64 frames of 4 × 4 16-bit, 12 bits stored with junk in the high bits.
        let frames = 64
        let values = (0..<(frames * 16)).map { ($0 * 37) & 0xFFFF }
        let dataSet = F.native(F.Image(rows: 4, columns: 4, bitsAllocated: 16, bitsStored: 12, frames: frames), pixels: F.le16(values))
        let pixels = try PixelData(dataSet: dataSet, transferSyntax: .explicitVRLittleEndian)
        XCTAssertEqual(pixels.numberOfFrames, frames)
        let all = try pixels.allFrames()
        var sequential: [UInt8] = []
        for i in 0..<frames { sequential += try pixels.frame(i) }
        XCTAssertEqual(all, sequential)
        XCTAssertEqual(F.uint16s(all), values.map { $0 & 0x0FFF })
    }

    func testAllFramesReportsTheFirstFailingFrame() throws {
        // Frames 1 and 2 decode to the wrong size; the error names frame 1.
        struct FailsAfterFirst: FrameDecoder {
            func decode(_ frame: EncodedFrame, description: PixelDescription,
                        transferSyntax: String) throws(PixelDataError) -> [UInt8] {
                [UInt8](repeating: 0, count: frame.index == 0 ? description.decodedFrameLength : 1)
            }
        }
        let dataSet = F.encapsulated(F.Image(frames: 3), fragments: [[1], [2], [3]])
        let pixels = try PixelData(dataSet: dataSet, transferSyntax: F.fakeCodecSyntax, registry: .with(FailsAfterFirst()))
        XCTAssertThrowsError(try pixels.allFrames()) { error in
            guard case let .corruptFrame(_, index, reason) = error as? PixelDataError else { return XCTFail("\(error)") }
            XCTAssertEqual(index, 1)
            XCTAssertEqual(reason, "decoded to 1 bytes, but 2 × 2 × 1 samples of 1 bytes need 4")
        }
    }

    func testEncapsulatedFramesGoThroughTheRegistry() throws {
        let dataSet = F.encapsulated(F.Image(frames: 2), fragments: [[1, 2, 3, 4], [5, 6, 7, 8]])
        let pixels = try PixelData(dataSet: dataSet, transferSyntax: F.fakeCodecSyntax, registry: .with(CopyingDecoder()))
        XCTAssertEqual(try pixels.frame(1), [5, 6, 7, 8])
        XCTAssertEqual(try pixels.allFrames(), [1, 2, 3, 4, 5, 6, 7, 8])
        XCTAssertEqual(try pixels.encodedFrame(0).count, 4)
    }

    func testUnsupportedTransferSyntax() throws {
        let dataSet = F.encapsulated(F.Image(), fragments: [[1, 2, 3, 4]])
        let syntax = TransferSyntax(uid: "1.2.840.10008.1.2.4.100")
        // The description and the encoded frames stay readable; decoding says why not.
        let pixels = try PixelData(dataSet: dataSet, transferSyntax: syntax, registry: DecoderRegistry())
        XCTAssertEqual(pixels.description.rows, 2)
        XCTAssertEqual(try pixels.encodedFrame(0).count, 4)
        XCTAssertThrowsError(try pixels.frame(0)) { error in
            XCTAssertEqual(error as? PixelDataError, .unsupportedTransferSyntax(uid: syntax.uid))
        }
        XCTAssertThrowsError(try pixels.allFrames())
        XCTAssertTrue(PixelDataError.unsupportedTransferSyntax(uid: "1.2.840.10008.1.2.5").description
            .hasPrefix("no decoder for transfer syntax 1.2.840.10008.1.2.5 (RLE Lossless"))
    }

    func testStandardRegistryHasTheNativeSyntaxes() throws {
        let registry = DecoderRegistry.standard
        for uid in ["1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.2"] {
            XCTAssertTrue(try registry.decoder(for: uid) is NativeDecoder, uid)
        }
        XCTAssertThrowsError(try DecoderRegistry().decoder(for: "1.2.840.10008.1.2.1"))
    }

    func testFileWithoutTransferSyntaxIsRefused() throws {
        let file = DICOMFile(fileMetaInformation: DataSet(), dataSet: F.native(F.Image(), pixels: [1, 2, 3, 4]),
                             transferSyntax: .explicitVRLittleEndian)
        XCTAssertThrowsError(try PixelData(file: file)) { error in
            XCTAssertEqual(error as? PixelDataError, .missingAttribute(.transferSyntaxUID, keyword: "TransferSyntaxUID"))
        }
        let meta = DataSet(elements: [F.text(.transferSyntaxUID, .UI, "1.2.840.10008.1.2.1")])
        let declared = DICOMFile(fileMetaInformation: meta, dataSet: file.dataSet, transferSyntax: .explicitVRLittleEndian)
        XCTAssertEqual(try PixelData(file: declared).frame(0), [1, 2, 3, 4])
    }

    func testReadsAWrittenFile() throws {
        // Through the real reader: a Part 10 file on disk, memory-mapped.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("concord-pixels-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("ct.dcm").path
        var dataSet = F.native(F.Image(rows: 2, columns: 3, bitsAllocated: 16, bitsStored: 12, signed: true, frames: 2),
                               pixels: F.le16([0, 1, -1, 2047, -2048, 0x0FFF, 5, 6, 7, 8, 9, 10]))
        dataSet.set(F.text(Tag(0x0008, 0x0016), .UI, "1.2.840.10008.5.1.4.1.1.2"))
        dataSet.set(F.text(Tag(0x0008, 0x0018), .UI, "2.25.1"))
        try DICOMWriter().write(DICOMFile(fileMetaInformation: DataSet(), dataSet: dataSet, transferSyntax: .explicitVRLittleEndian),
                                to: path)
        let pixels = try PixelData(file: DICOMFile(path: path))
        XCTAssertEqual(F.int16s(try pixels.frame(0)), [0, 1, -1, 2047, -2048, -1])
        XCTAssertEqual(F.int16s(try pixels.frame(1)), [5, 6, 7, 8, 9, 10])
    }
}
