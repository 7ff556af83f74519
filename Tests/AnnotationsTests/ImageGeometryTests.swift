import DICOM
import XCTest
@testable import Annotations

final class ImageGeometryTests: XCTestCase {
    // MARK: - Building data sets

    private func text(_ tag: Tag, _ vr: VR, _ value: String) -> DataElement {
        var bytes = Array(value.utf8)
        if bytes.count % 2 == 1 { bytes.append(0x20) }
        return DataElement(tag: tag, vr: vr, value: .bytes(ByteSlice(copying: bytes)))
    }

    private func us(_ tag: Tag, _ value: UInt16) -> DataElement {
        DataElement(tag: tag, vr: .US, value: .bytes(ByteSlice(copying: [UInt8(value & 0xFF), UInt8(value >> 8)])))
    }

    private func sequence(_ tag: Tag, _ items: [DataSet]) -> DataElement {
        DataElement(tag: tag, vr: .SQ, value: .sequence(items))
    }

    private func item(_ elements: DataElement...) -> DataSet { DataSet(elements: elements) }

    /// An enhanced CT-like object: 3 frames, spacing and orientation shared, position per frame,
    /// and frame 2 overriding the spacing with its own Pixel Measures.
    private func enhancedDataSet() -> DataSet {
        let shared = item(
            sequence(.pixelMeasuresSequence, [item(text(.pixelSpacing, .DS, "0.5\\0.25"))]),
            sequence(.planeOrientationSequence, [item(text(.imageOrientationPatient, .DS, "0\\1\\0\\0\\0\\-1"))]))
        let perFrame = (0..<3).map { index -> DataSet in
            var elements = [sequence(.planePositionSequence, [item(text(.imagePositionPatient, .DS, "10\\20\\\(30 + 2 * index)"))])]
            if index == 2 { elements.append(sequence(.pixelMeasuresSequence, [item(text(.pixelSpacing, .DS, "0.8\\0.8"))])) }
            return DataSet(elements: elements)
        }
        return DataSet(elements: [
            text(.numberOfFrames, .IS, "3"), us(.rows, 4), us(.columns, 6),
            sequence(.sharedFunctionalGroupsSequence, [shared]),
            sequence(.perFrameFunctionalGroupsSequence, perFrame),
        ])
    }

    // MARK: - Tests

    func testSingleFrameGeometryFromAFixture() throws {
        let file = try DICOMFile(path: Fixtures.repository.appendingPathComponent("Fixtures/dicom/ct_explicit_le.dcm").path)
        let geometry = try ImageGeometry(dataSet: file.dataSet)
        XCTAssertEqual(geometry, ImageGeometry(frames: [FrameGeometry(
            rows: 64, columns: 64, pixelSpacing: PixelSpacing(row: 2.5, column: 2.5),
            position: PatientPoint(x: -80, y: -80, z: 12.5),
            orientation: PatientOrientation(rowDirection: PatientPoint(x: 1, y: 0, z: 0),
                                            columnDirection: PatientPoint(x: 0, y: 1, z: 0)))]))
    }

    func testMultiFrameWithoutFunctionalGroupsRepeatsTheTopLevelGeometry() throws {
        let file = try DICOMFile(path: Fixtures.repository.appendingPathComponent("Fixtures/pixels/dose32_mf_explicit_le.dcm").path)
        let geometry = try ImageGeometry(dataSet: file.dataSet)
        XCTAssertEqual(geometry.numberOfFrames, 4)
        XCTAssertEqual(Set(geometry.frames), [FrameGeometry(rows: 24, columns: 32)])
    }

    func testEnhancedMultiFrameReadsSharedAndPerFrameFunctionalGroups() throws {
        let geometry = try ImageGeometry(dataSet: enhancedDataSet())
        let orientation = PatientOrientation(rowDirection: PatientPoint(x: 0, y: 1, z: 0),
                                             columnDirection: PatientPoint(x: 0, y: 0, z: -1))
        XCTAssertEqual(geometry.frames, [
            FrameGeometry(rows: 4, columns: 6, pixelSpacing: PixelSpacing(row: 0.5, column: 0.25),
                          position: PatientPoint(x: 10, y: 20, z: 30), orientation: orientation),
            FrameGeometry(rows: 4, columns: 6, pixelSpacing: PixelSpacing(row: 0.5, column: 0.25),
                          position: PatientPoint(x: 10, y: 20, z: 32), orientation: orientation),
            FrameGeometry(rows: 4, columns: 6, pixelSpacing: PixelSpacing(row: 0.8, column: 0.8),
                          position: PatientPoint(x: 10, y: 20, z: 34), orientation: orientation),
        ])
        XCTAssertNil(geometry.frame(3))
    }

    func testPixelToPatientFollowsPS3_3Equation() throws {
        let frame = try XCTUnwrap(try ImageGeometry(dataSet: enhancedDataSet()).frame(1))
        // The centre of the first pixel is the Image Position.
        XCTAssertEqual(frame.patientPoint(PixelPoint(column: 0.5, row: 0.5)), PatientPoint(x: 10, y: 20, z: 32))
        // Four columns right (0.25 mm each, along +y), two rows down (0.5 mm each, along −z).
        XCTAssertEqual(frame.patientPoint(PixelPoint(column: 4.5, row: 2.5)), PatientPoint(x: 10, y: 21, z: 31))
        // The top-left corner of the image is half a pixel before the first centre.
        XCTAssertEqual(frame.patientPoint(PixelPoint(column: 0, row: 0)), PatientPoint(x: 10, y: 19.875, z: 32.25))
    }

    func testNoPatientPointWithoutPositionOrOrientation() {
        XCTAssertNil(FrameGeometry(rows: 2, columns: 2, pixelSpacing: PixelSpacing(row: 1, column: 1))
            .patientPoint(PixelPoint(column: 1, row: 1)))
    }

    func testMalformedSpacingIsUnknownNotOneMillimetre() throws {
        let dataSet = DataSet(elements: [us(.rows, 2), us(.columns, 2), text(.pixelSpacing, .DS, "0.5"),
                                         text(.imagePositionPatient, .DS, "1\\2")])
        let frame = try XCTUnwrap(try ImageGeometry(dataSet: dataSet).frame(0))
        XCTAssertNil(frame.pixelSpacing)
        XCTAssertNil(frame.position)
        XCTAssertNil(PixelSpacing(dicomValues: [0, 1]))
        XCTAssertNil(PixelSpacing(dicomValues: [.nan, 1]))
    }

    func testMissingOrInvalidSizeIsAnError() {
        XCTAssertThrowsError(try ImageGeometry(dataSet: DataSet(elements: [us(.columns, 2)]))) { error in
            XCTAssertEqual(error as? AnnotationError, .invalidImageGeometry("Rows (0028,0010) is missing or not positive"))
        }
        XCTAssertThrowsError(try ImageGeometry(dataSet: DataSet(elements: [us(.rows, 2), us(.columns, 0)]))) { error in
            XCTAssertEqual(error as? AnnotationError, .invalidImageGeometry("Columns (0028,0011) is missing or not positive"))
        }
        XCTAssertThrowsError(try ImageGeometry(dataSet: DataSet(elements: [text(.numberOfFrames, .IS, "0"), us(.rows, 2), us(.columns, 2)]))) { error in
            XCTAssertEqual(error as? AnnotationError,
                           .invalidImageGeometry("Number of Frames (0028,0008) is \"0\", not a positive integer"))
        }
        XCTAssertThrowsError(try ImageGeometry(dataSet: DataSet(elements: [text(.numberOfFrames, .IS, "2147483647"), us(.rows, 2), us(.columns, 2)]))) { error in
            XCTAssertEqual(error as? AnnotationError,
                           .invalidImageGeometry("Number of Frames (0028,0008) is 2147483647, more than the 262144 accepted"))
        }
    }
}
