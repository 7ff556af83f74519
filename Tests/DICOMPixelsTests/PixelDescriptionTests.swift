import DICOM
@testable import DICOMPixels
import XCTest

final class PixelDescriptionTests: XCTestCase {
    private typealias F = PixelFixture

    private func description(_ elements: [DataElement]) -> Result<PixelDescription, PixelDataError> {
        Result { () throws(PixelDataError) in try PixelDescription(dataSet: DataSet(elements: elements)) }
    }

    private func baseElements(_ image: F.Image = F.Image()) -> [DataElement] {
        F.imagePixel(image) + [F.element(.pixelData, .OW, [0, 0, 0, 0])]
    }

    func testReadsTheImagePixelModule() throws {
        var image = F.Image(rows: 3, columns: 5, samples: 3, bitsAllocated: 16, bitsStored: 12, signed: true)
        image.planar = 1
        image.photometric = "RGB"
        image.frames = 7
        let d = try PixelDescription(dataSet: DataSet(elements: baseElements(image)))
        XCTAssertEqual(d, PixelDescription(rows: 3, columns: 5, samplesPerPixel: 3, bitsAllocated: 16, bitsStored: 12,
                                           highBit: 11, isSigned: true, isPlanar: true, photometricInterpretation: "RGB",
                                           numberOfFrames: 7, storage: .integer))
        XCTAssertEqual(d.decodedFrameLength, 3 * 5 * 3 * 2)
    }

    func testMissingAttributesAreNamed() {
        for (tag, keyword) in [(Tag.rows, "Rows"), (.columns, "Columns"), (.samplesPerPixel, "SamplesPerPixel"),
                               (.photometricInterpretation, "PhotometricInterpretation"), (.bitsAllocated, "BitsAllocated"),
                               (.bitsStored, "BitsStored"), (.pixelRepresentation, "PixelRepresentation")] {
            let elements = baseElements().filter { $0.tag != tag }
            XCTAssertEqual(description(elements).pixelError, .missingAttribute(tag, keyword: keyword), keyword)
        }
        XCTAssertEqual(description(F.imagePixel(F.Image())).pixelError, .noPixelData)
        XCTAssertEqual(PixelDataError.missingAttribute(.rows, keyword: "Rows").description,
                       "Rows (0028,0010) is required to decode pixel data but is missing")
    }

    func testPlanarConfigurationIsRequiredForThreeSamples() {
        var image = F.Image(samples: 3)
        image.photometric = "RGB"
        XCTAssertEqual(description(baseElements(image)).pixelError, .missingAttribute(.planarConfiguration, keyword: "PlanarConfiguration"))
        image.planar = 2
        XCTAssertEqual(description(baseElements(image)).pixelError?.isInvalidAttribute(.planarConfiguration), true)
    }

    func testInvalidValuesAreRejected() {
        let cases: [(F.Image, Tag)] = [
            (F.Image(bitsAllocated: 12), .bitsAllocated),
            (F.Image(bitsAllocated: 24), .bitsAllocated),
            (F.Image(bitsAllocated: 8, bitsStored: 9), .bitsStored),
            (F.Image(bitsAllocated: 8, bitsStored: 0), .bitsStored),
            (F.Image(samples: 2), .samplesPerPixel),
            (F.Image(samples: 4), .samplesPerPixel),
            (F.Image(rows: 0), .rows),
            (F.Image(columns: 0), .columns),
        ]
        for (image, tag) in cases {
            XCTAssertEqual(description(baseElements(image)).pixelError?.isInvalidAttribute(tag), true, "\(image)")
        }
        var image = F.Image()
        image.photometric = "YBR_SOMETHING"
        XCTAssertEqual(description(baseElements(image)).pixelError?.isInvalidAttribute(.photometricInterpretation), true)
        let badRepresentation = baseElements().filter { $0.tag != .pixelRepresentation } + [F.us(.pixelRepresentation, 2)]
        XCTAssertEqual(description(badRepresentation).pixelError?.isInvalidAttribute(.pixelRepresentation), true)
    }

    func testNumberOfFrames() throws {
        func frames(_ text: String?) -> Result<PixelDescription, PixelDataError> {
            var elements = baseElements()
            if let text { elements.append(F.text(.numberOfFrames, .IS, text)) }
            return description(elements)
        }
        XCTAssertEqual(try frames(nil).get().numberOfFrames, 1)
        XCTAssertEqual(try frames("12").get().numberOfFrames, 12)
        // Zero and empty are writer bugs that pydicom reads as one frame.
        XCTAssertEqual(try frames("0").get().numberOfFrames, 1)
        XCTAssertEqual(try frames("").get().numberOfFrames, 1)
        XCTAssertEqual(frames("1A").pixelError, .invalidAttribute(.numberOfFrames, keyword: "NumberOfFrames",
                                                               reason: "is \"1A\", which is not an integer"))
        XCTAssertEqual(frames("-3").pixelError?.isInvalidAttribute(.numberOfFrames), true)
    }

    func testFloatPixelData() throws {
        let elements = F.imagePixel(F.Image(bitsAllocated: 32)).filter { $0.tag != .bitsStored && $0.tag != .pixelRepresentation }
        let float = try PixelDescription(dataSet: DataSet(elements: elements + [F.element(.floatPixelData, .OF, [0, 0, 0, 0])]))
        XCTAssertEqual(float.storage, .float)
        XCTAssertEqual(float.bytesPerSample, 4)
        let wrongSize = F.imagePixel(F.Image(bitsAllocated: 64)) + [F.element(.floatPixelData, .OF, [])]
        XCTAssertEqual(description(wrongSize).pixelError?.isInvalidAttribute(.bitsAllocated), true)
        let double = F.imagePixel(F.Image(bitsAllocated: 64)) + [F.element(.doubleFloatPixelData, .OD, [])]
        XCTAssertEqual(try description(double).get().storage, .double)
        let both = baseElements() + [F.element(.floatPixelData, .OF, [])]
        XCTAssertEqual(description(both).pixelError?.isInvalidAttribute(.pixelData), true)
    }

    func testBigEndianAttributes() throws {
        var image = F.Image(rows: 300, columns: 2, bitsAllocated: 16)
        image.littleEndian = false
        let d = try PixelDescription(dataSet: F.native(image, pixels: []))
        XCTAssertEqual(d.rows, 300)
    }
}
