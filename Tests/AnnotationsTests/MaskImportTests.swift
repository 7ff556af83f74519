import XCTest
@testable import Annotations

final class MaskImportTests: XCTestCase {
    func testBinaryPlaneFromAPNG() throws {
        let png = try Fixtures.bytes("png/mask-disc.png")
        let plane = try MaskImport.binaryPlane(png: png, for: FrameGeometry(rows: 7, columns: 9))
        let expected = try XCTUnwrap(Fixtures.expected(Fixtures.ExpectedPNG.self)["png/mask-disc.png"])
        XCTAssertEqual(plane.pixels(), expected.maskValues.map { $0 == 0 ? 0 : 1 })
        XCTAssertEqual(plane.setPixelCount, 21)
        XCTAssertTrue(plane.isSet(column: 4, row: 3))
        XCTAssertFalse(plane.isSet(column: 0, row: 0))
    }

    func testFractionalPlaneFromAPNG() throws {
        let plane = try MaskImport.fractionalPlane(png: Fixtures.bytes("png/greyalpha16.png"), for: FrameGeometry(rows: 6, columns: 7))
        let expected = try XCTUnwrap(Fixtures.expected(Fixtures.ExpectedPNG.self)["png/greyalpha16.png"])
        XCTAssertEqual(plane.values, expected.maskValues)
    }

    func testPNGOfTheWrongSizeIsRefused() throws {
        XCTAssertThrowsError(try MaskImport.binaryPlane(png: Fixtures.bytes("png/mask-disc.png"), for: FrameGeometry(rows: 9, columns: 7))) { error in
            XCTAssertEqual(error as? MaskImportError, .sizeMismatch(importedColumns: 9, importedRows: 7, imageColumns: 7, imageRows: 9))
            XCTAssertEqual("\(error)", "the mask is 9 × 7 pixels but the image is 7 × 9")
        }
    }

    func testBadPNGIsReportedAsSuch() {
        XCTAssertThrowsError(try MaskImport.binaryPlane(png: Fixtures.bytes("png/bad-crc.png"), for: FrameGeometry(rows: 4, columns: 4))) { error in
            XCTAssertEqual(error as? MaskImportError, .png(.badChecksum(chunk: "IHDR")))
        }
    }

    func testRawBytePerPixel() throws {
        let frame = FrameGeometry(rows: 2, columns: 3)
        XCTAssertEqual(try MaskImport.binaryPlane(raw: [0, 7, 255, 0, 0, 1], layout: .bytePerPixel, for: frame).runs, [1, 2, 2, 1])
        XCTAssertEqual(try MaskImport.fractionalPlane(raw: [0, 7, 255, 0, 0, 1], for: frame).values, [0, 7, 255, 0, 0, 1])
        XCTAssertThrowsError(try MaskImport.binaryPlane(raw: [0, 1], layout: .bytePerPixel, for: frame)) { error in
            XCTAssertEqual(error as? MaskImportError, .byteCountMismatch(expected: 6, actual: 2))
        }
    }

    /// Packed bits are least significant bit first, as DICOM SEG packs them, with the last byte padded.
    func testRawPackedBitsWithAnOddPixelCount() throws {
        let frame = FrameGeometry(rows: 3, columns: 3)
        // Pixels 0, 2, 8 set: byte 0 = 0b0000_0101, byte 1 = 0b0000_0001.
        let plane = try MaskImport.binaryPlane(raw: [0b0000_0101, 0b0000_0001], layout: .packedBits, for: frame)
        XCTAssertEqual(plane.pixels(), [1, 0, 1, 0, 0, 0, 0, 0, 1])
        XCTAssertThrowsError(try MaskImport.binaryPlane(raw: [0xFF], layout: .packedBits, for: frame)) { error in
            XCTAssertEqual(error as? MaskImportError, .byteCountMismatch(expected: 2, actual: 1))
        }
    }

    func testNIfTILabelMapGivesOnePlanePerFrameForOneLabel() throws {
        let image = try NIfTIImage(bytes: Fixtures.bytes("nifti/labels-u8.nii.gz"))
        let frames = Array(repeating: FrameGeometry(rows: 5, columns: 7), count: 3)
        let planes = try MaskImport.binaryPlanes(nifti: image, for: frames, label: 2)
        XCTAssertEqual(planes.count, 3)
        for (k, plane) in planes.enumerated() {
            for row in 0..<5 {
                for column in 0..<7 {
                    XCTAssertEqual(plane.isSet(column: column, row: row), (column + 2 * row + 3 * k) % 4 == 2)
                }
            }
        }
        let anyLabel = try MaskImport.binaryPlanes(nifti: image, for: frames)
        XCTAssertEqual(anyLabel[0].isSet(column: 0, row: 0), false)
        XCTAssertEqual(anyLabel[0].isSet(column: 1, row: 0), true)
    }

    func testNIfTIRowsCanBeReadBottomUp() throws {
        let image = try NIfTIImage(bytes: Fixtures.bytes("nifti/labels-u8.nii"))
        let frames = Array(repeating: FrameGeometry(rows: 5, columns: 7), count: 3)
        let flipped = try MaskImport.binaryPlanes(nifti: image, for: frames, label: 3, flipsRows: true)
        for row in 0..<5 {
            for column in 0..<7 {
                XCTAssertEqual(flipped[0].isSet(column: column, row: row), (column + 2 * (4 - row)) % 4 == 3)
            }
        }
    }

    func testNIfTIFractionsBecomeEightBitValues() throws {
        let image = try NIfTIImage(bytes: Fixtures.bytes("nifti/fractions-f32.nii"))
        let planes = try MaskImport.fractionalPlanes(nifti: image, for: Array(repeating: FrameGeometry(rows: 5, columns: 7), count: 3))
        // Voxel (i, j, k) holds (i + j + k) / 14 as float32.
        XCTAssertEqual(planes[0].value(column: 0, row: 0), 0)
        XCTAssertEqual(planes[2].value(column: 6, row: 4), UInt8((Double(Float(12.0 / 14)) * 255).rounded()))
        XCTAssertEqual(planes[1].value(column: 3, row: 2), UInt8((Double(Float(6.0 / 14)) * 255).rounded()))
    }

    func testNIfTIOfTheWrongShapeIsRefused() throws {
        let image = try NIfTIImage(bytes: Fixtures.bytes("nifti/labels-u8.nii"))
        XCTAssertThrowsError(try MaskImport.binaryPlanes(nifti: image, for: Array(repeating: FrameGeometry(rows: 5, columns: 7), count: 2))) { error in
            XCTAssertEqual(error as? MaskImportError, .frameCountMismatch(imported: 3, image: 2))
        }
        XCTAssertThrowsError(try MaskImport.binaryPlanes(nifti: image, for: Array(repeating: FrameGeometry(rows: 7, columns: 5), count: 3))) { error in
            XCTAssertEqual(error as? MaskImportError, .sizeMismatch(importedColumns: 7, importedRows: 5, imageColumns: 5, imageRows: 7))
        }
    }

    func testImpossibleFrameSizesAreErrorsNotCrashes() {
        let huge = FrameGeometry(rows: Int.max, columns: 3)
        XCTAssertThrowsError(try MaskImport.binaryPlane(raw: [0, 1], layout: .bytePerPixel, for: huge)) { error in
            XCTAssertEqual(error as? MaskImportError,
                           .invalidPlane(.invalidImageGeometry("a frame of 3 × \(Int.max) pixels is not a valid size")))
        }
        XCTAssertThrowsError(try MaskImport.fractionalPlane(raw: [], for: FrameGeometry(rows: -1, columns: 0)))
        XCTAssertThrowsError(try RunLengthBitPlane(rows: Int.max, columns: 2, pixels: [1]))
    }
}
