import DICOM
@testable import DICOMPixels
import XCTest

/// Locating encapsulated frames: Extended Offset Table, Basic Offset Table, no table.
final class FrameIndexTests: XCTestCase {
    private typealias F = PixelFixture

    private func index(_ dataSet: DataSet) throws -> FrameIndex {
        let description = try PixelDescription(dataSet: dataSet)
        return try FrameIndex(dataSet: dataSet, description: description, transferSyntax: F.fakeCodecSyntax)
    }

    /// The bytes of each frame, fragments joined.
    private func frames(_ index: FrameIndex) throws -> [[UInt8]] {
        try (0..<index.count).map { i in try index.frame(i).fragments.flatMap { $0.array } }
    }

    private let jpegA: [UInt8] = [0xFF, 0xD8, 1, 2, 0xFF, 0xD9]
    private let jpegB: [UInt8] = [0xFF, 0xD8, 3, 4, 5, 0xFF, 0xD9, 0]
    private let jpegC: [UInt8] = [0xFF, 0xD8, 6, 0xFF, 0xD9, 0]

    func testBasicOffsetTableWithSplitFrames() throws {
        // Frame 0 = fragments 0 and 1, frame 1 = fragment 2, frame 2 = fragments 3 and 4.
        let fragments: [[UInt8]] = [[0xFF, 0xD8, 1, 2], [3, 4], [0xFF, 0xD8, 5, 6], [0xFF, 0xD8], [7, 8, 9, 10]]
        // Item offsets: 0, 12, 22, 34, 42.
        let dataSet = F.encapsulated(F.Image(frames: 3), basicOffsetTable: [0, 22, 34], fragments: fragments)
        let index = try index(dataSet)
        XCTAssertEqual(index.method, .basicOffsetTable)
        XCTAssertEqual(try frames(index), [[0xFF, 0xD8, 1, 2, 3, 4], [0xFF, 0xD8, 5, 6], [0xFF, 0xD8, 7, 8, 9, 10]])
        XCTAssertEqual(try index.frame(0).fragments.count, 2)
    }

    func testExtendedOffsetTableWinsAndTrimsPadding() throws {
        let fragments = [jpegA, jpegB, jpegC]
        // Item offsets 0, 14, 30; lengths exclude the padding byte of B and C.
        let table = [F.element(.extendedOffsetTable, .OV, F.le64([0, 14, 30])),
                     F.element(.extendedOffsetTableLengths, .OV, F.le64([6, 7, 5]))]
        // A Basic Offset Table that disagrees is ignored in favour of the extended one.
        let dataSet = F.encapsulated(F.Image(frames: 3), basicOffsetTable: [0, 1, 2], fragments: fragments, extra: table)
        let index = try index(dataSet)
        XCTAssertEqual(index.method, .extendedOffsetTable)
        XCTAssertEqual(try frames(index), [jpegA, Array(jpegB.prefix(7)), Array(jpegC.prefix(5))])
    }

    func testExtendedOffsetTableThatMissesFragmentsIsNotTrusted() throws {
        let table = [F.element(.extendedOffsetTable, .OV, F.le64([0, 15, 30])),
                     F.element(.extendedOffsetTableLengths, .OV, F.le64([6, 7, 5]))]
        let index = try index(F.encapsulated(F.Image(frames: 3), fragments: [jpegA, jpegB, jpegC], extra: table))
        XCTAssertEqual(index.method, .fragmentPerFrame)
        // Halves of different lengths: pydicom ignores the table.
        let uneven = [F.element(.extendedOffsetTable, .OV, F.le64([0, 14, 30])),
                      F.element(.extendedOffsetTableLengths, .OV, F.le64([6, 7]))]
        XCTAssertNil(ExtendedOffsetTable(dataSet: DataSet(elements: uneven)))
    }

    func testNoTableOneFragmentPerFrame() throws {
        let index = try index(F.encapsulated(F.Image(frames: 3), fragments: [jpegA, jpegB, jpegC]))
        XCTAssertEqual(index.method, .fragmentPerFrame)
        XCTAssertEqual(try frames(index), [jpegA, jpegB, jpegC])
    }

    func testNoTableSingleFrameTakesAllFragments() throws {
        let index = try index(F.encapsulated(F.Image(), fragments: [[0xFF, 0xD8, 1], [2, 3], [4, 0xFF, 0xD9]]))
        XCTAssertEqual(index.method, .allFragments)
        XCTAssertEqual(try frames(index), [[0xFF, 0xD8, 1, 2, 3, 4, 0xFF, 0xD9]])
    }

    func testNoTableSplitFramesFoundByStartMarkers() throws {
        // JPEG: frames begin with SOI; JPEG 2000: with SOC + SIZ.
        let jpeg: [[UInt8]] = [[0xFF, 0xD8, 1], [2], [0xFF, 0xD8, 3], [0xFF, 0xD8, 4], [5, 6]]
        let index = try index(F.encapsulated(F.Image(frames: 3), fragments: jpeg))
        XCTAssertEqual(index.method, .startMarkers)
        XCTAssertEqual(try frames(index), [[0xFF, 0xD8, 1, 2], [0xFF, 0xD8, 3], [0xFF, 0xD8, 4, 5, 6]])

        let soc: [UInt8] = [0xFF, 0x4F, 0xFF, 0x51]
        let j2k: [[UInt8]] = [soc + [1], [2, 3], soc + [4], [5]]
        let j2kIndex = try self.index(F.encapsulated(F.Image(frames: 2), fragments: j2k))
        XCTAssertEqual(j2kIndex.method, .startMarkers)
        XCTAssertEqual(try frames(j2kIndex), [soc + [1, 2, 3], soc + [4, 5]])
    }

    func testNoTableSplitFramesFoundByEndMarkers() throws {
        // Fragments that do not begin with a start marker (a fragment of a split header);
        // pydicom's rule, FFD9 near the end of a fragment, still separates the frames.
        let fragments: [[UInt8]] = [[0xFF], [0xD8, 1, 0xFF, 0xD9], [0xFF], [0xD8, 2, 0xFF, 0xD9, 0]]
        let index = try index(F.encapsulated(F.Image(frames: 2), fragments: fragments))
        XCTAssertEqual(index.method, .endMarkers)
        XCTAssertEqual(try frames(index), [[0xFF, 0xD8, 1, 0xFF, 0xD9], [0xFF, 0xD8, 2, 0xFF, 0xD9, 0]])
    }

    func testInvalidBasicOffsetTableFallsBack() throws {
        // Offset 13 is not an item boundary.
        let index = try index(F.encapsulated(F.Image(frames: 3), basicOffsetTable: [0, 13, 30], fragments: [jpegA, jpegB, jpegC]))
        XCTAssertEqual(index.method, .fragmentPerFrame)
        // Too few entries for the frames.
        let short = try self.index(F.encapsulated(F.Image(frames: 3), basicOffsetTable: [0, 14], fragments: [jpegA, jpegB, jpegC]))
        XCTAssertEqual(short.method, .fragmentPerFrame)
    }

    func testFrameOutOfRange() throws {
        let index = try index(F.encapsulated(F.Image(frames: 3), fragments: [jpegA, jpegB, jpegC]))
        XCTAssertThrowsError(try index.frame(3)) { error in
            XCTAssertEqual(error as? PixelDataError, .frameOutOfRange(index: 3, count: 3))
        }
        XCTAssertThrowsError(try index.frame(-1)) { error in
            XCTAssertEqual(error as? PixelDataError, .frameOutOfRange(index: -1, count: 3))
        }
        XCTAssertEqual(PixelDataError.frameOutOfRange(index: 3, count: 3).description,
                       "frame 3 does not exist; frames are numbered 0 to 2")
    }

    func testFramesThatCannotBeLocatedNameTheReason() throws {
        // Two fragments for three frames and no table.
        let index = try index(F.encapsulated(F.Image(frames: 3), fragments: [jpegA, jpegB]))
        guard case .unlocatable = index.method else { return XCTFail("\(index.method)") }
        XCTAssertThrowsError(try index.frame(0)) { error in
            guard case let .corruptFrame(syntax, frame, reason) = error as? PixelDataError else { return XCTFail("\(error)") }
            XCTAssertEqual(syntax, F.fakeCodecSyntax.uid)
            XCTAssertEqual(frame, 0)
            XCTAssertEqual(reason, "2 fragments cannot hold 3 frames and there is no offset table")
        }
        // No fragments at all.
        let empty = try self.index(F.encapsulated(F.Image(), fragments: []))
        XCTAssertThrowsError(try empty.frame(0))
    }

    func testEncapsulationMustMatchTheTransferSyntax() throws {
        let native = F.native(F.Image(), pixels: [1, 2, 3, 4])
        XCTAssertThrowsError(try self.index(native)) { error in
            XCTAssertEqual((error as? PixelDataError)?.isInvalidAttribute(.pixelData), true)
        }
        let encapsulated = F.encapsulated(F.Image(), fragments: [jpegA])
        let description = try PixelDescription(dataSet: encapsulated)
        XCTAssertThrowsError(try FrameIndex(dataSet: encapsulated, description: description, transferSyntax: .explicitVRLittleEndian))
    }

    func testNativeFrameOffsets() throws {
        // 2 × 2 × 16-bit: 8 bytes a frame.
        let dataSet = F.native(F.Image(bitsAllocated: 16, frames: 3), pixels: Array(0..<24))
        let description = try PixelDescription(dataSet: dataSet)
        let index = try FrameIndex(dataSet: dataSet, description: description, transferSyntax: .explicitVRLittleEndian)
        XCTAssertEqual(index.method, .native)
        let frame = try index.frame(2)
        XCTAssertEqual(frame.fragments.map(\.array), [Array(16..<24)])
        XCTAssertEqual(frame.bitOffset, 0)
    }
}
