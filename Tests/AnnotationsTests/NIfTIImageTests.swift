import XCTest
@testable import Annotations

/// The NIfTI-1 reader against nibabel: `expected.json` holds what nibabel's `get_fdata()` read
/// from each file, frame by frame, row by row, column fastest.
final class NIfTIImageTests: XCTestCase {
    func testEveryDatatypeAndByteOrderReadsAsNibabelReadsIt() throws {
        let expected = try Fixtures.expected(Fixtures.ExpectedNIfTI.self)
        XCTAssertEqual(expected.count, 10)
        for (name, want) in expected.sorted(by: { $0.key < $1.key }) {
            let image = try NIfTIImage(bytes: Fixtures.bytes(name))
            XCTAssertEqual(image.size, want.size, name)
            let values = (0..<image.frameCount).flatMap { image.frame($0) }
            XCTAssertEqual(values.count, want.values.count, name)
            for (index, (got, wanted)) in zip(values, want.values).enumerated() where got != wanted {
                // float32 voxels are widened exactly; everything else is exact too.
                XCTFail("\(name) value \(index): \(got) != \(wanted)")
                break
            }
        }
    }

    func testHeaderFields() throws {
        let scaled = try NIfTIImage(bytes: Fixtures.bytes("nifti/scaled-i16-be.nii"))
        XCTAssertFalse(scaled.isLittleEndian)
        XCTAssertEqual(scaled.datatype, .int16)
        XCTAssertEqual(scaled.scaleSlope, 0.5)
        XCTAssertEqual(scaled.scaleIntercept, -2)
        let labels = try NIfTIImage(bytes: Fixtures.bytes("nifti/labels-u8.nii"))
        XCTAssertTrue(labels.isLittleEndian)
        XCTAssertNil(labels.scaleSlope)
        XCTAssertEqual(labels.size, [7, 5, 3])
        XCTAssertEqual(try NIfTIImage(bytes: Fixtures.bytes("nifti/slice-2d.nii")).size, [7, 5, 1])
    }

    /// Voxel (i, j, k) is column i, row j of frame k: the labels are (i + 2j + 3k) mod 4.
    func testVoxelIndicesMapToColumnRowFrame() throws {
        let image = try NIfTIImage(bytes: Fixtures.bytes("nifti/labels-u8.nii"))
        XCTAssertEqual(image.value(i: 6, j: 0, k: 0), 2)
        XCTAssertEqual(image.value(i: 0, j: 4, k: 1), 3)
        XCTAssertEqual(image.value(i: 1, j: 1, k: 2), 1)
        XCTAssertEqual(image.frame(2)[1 * 7 + 1], 1)
        XCTAssertNil(image.value(i: 7, j: 0, k: 0))
        XCTAssertEqual(image.frame(3), [])
    }

    func testGzipAndPlainFilesAreTheSameImage() throws {
        XCTAssertEqual(try NIfTIImage(bytes: Fixtures.bytes("nifti/labels-u8.nii.gz")),
                       try NIfTIImage(bytes: Fixtures.bytes("nifti/labels-u8.nii")))
    }

    // MARK: - Bad input

    private func assertRefused(_ name: String, _ expected: NIfTIError, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try NIfTIImage(bytes: Fixtures.bytes(name)), file: file, line: line) { error in
            XCTAssertEqual(error as? NIfTIError, expected, file: file, line: line)
        }
    }

    func testTruncatedVoxels() {
        assertRefused("nifti/bad/truncated.nii", .truncated(expectedBytes: 457, actualBytes: 447))
    }

    func testTruncatedGzip() {
        assertRefused("nifti/bad/truncated.nii.gz", .corruptCompression("the gzip stream ends early"))
    }

    func testUnsupportedDatatype() {
        assertRefused("nifti/bad/rgb24.nii", .unsupportedDatatype(128))
    }

    func testTimeSeriesIsRefused() {
        assertRefused("nifti/bad/time-series.nii", .unsupportedDimensions([7, 5, 3, 2]))
    }

    func testNotNIfTI() {
        XCTAssertThrowsError(try NIfTIImage(bytes: [UInt8](repeating: 0, count: 400))) { error in
            XCTAssertEqual(error as? NIfTIError, .notNIfTI("sizeof_hdr is neither 348 little-endian nor 348 big-endian"))
        }
        XCTAssertThrowsError(try NIfTIImage(bytes: [1, 2, 3])) { error in
            XCTAssertEqual(error as? NIfTIError, .truncated(expectedBytes: 348, actualBytes: 3))
        }
    }

    func testEveryTruncationAndSingleByteCorruptionFailsCleanly() throws {
        for name in ["nifti/scaled-i16-be.nii", "nifti/labels-u8.nii.gz"] {
            let original = try Fixtures.bytes(name)
            for length in 0..<original.count {
                XCTAssertThrowsError(try NIfTIImage(bytes: Array(original.prefix(length))), "\(name) prefix \(length)")
            }
            for position in original.indices {
                var damaged = original
                damaged[position] ^= 0xA5
                _ = try? NIfTIImage(bytes: damaged)   // any answer but a crash or a hang
            }
        }
    }
}
