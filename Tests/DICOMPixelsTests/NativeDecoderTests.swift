import DICOM
@testable import DICOMPixels
import XCTest

/// Native layouts decoded through ``PixelData`` (so the shared stored-value correction
/// applies), with the exact values pydicom's `pixel_array(raw=True)` gives.
final class NativeDecoderTests: XCTestCase {
    private typealias F = PixelFixture

    func testEightBitUnsignedAndSigned() throws {
        XCTAssertEqual(try F.decode(F.native(F.Image(), pixels: [0, 1, 254, 255])), [0, 1, 254, 255])
        // Signed 8-bit with 8 bits stored: bytes pass through unchanged (two's complement).
        XCTAssertEqual(try F.decode(F.native(F.Image(signed: true), pixels: [0x80, 0x7F, 0xFF, 0x01])), [0x80, 0x7F, 0xFF, 0x01])
    }

    func testSixteenBitMaskingAndSignExtension() throws {
        // Bits Stored 12: the four high bits are not part of the value.
        let stored = F.le16([0xF123, 0x0FFF, 0x0800, 0x07FF])
        let unsigned = try F.decode(F.native(F.Image(bitsAllocated: 16, bitsStored: 12), pixels: stored))
        XCTAssertEqual(F.uint16s(unsigned), [0x0123, 0x0FFF, 0x0800, 0x07FF])
        let signed = try F.decode(F.native(F.Image(bitsAllocated: 16, bitsStored: 12, signed: true), pixels: stored))
        XCTAssertEqual(F.int16s(signed), [0x123, -1, -2048, 2047])
        // Bits Stored 16 leaves every bit alone.
        let full = try F.decode(F.native(F.Image(bitsAllocated: 16, signed: true), pixels: F.le16([-32768, -1, 0, 32767])))
        XCTAssertEqual(F.int16s(full), [-32768, -1, 0, 32767])
    }

    func testEightBitSignedMasking() throws {
        // 8 allocated, 5 stored, signed: 0b0001_1001 is -7 once the 3 high bits are ignored.
        let out = try F.decode(F.native(F.Image(bitsAllocated: 8, bitsStored: 5, signed: true), pixels: [0b0001_1001, 0xE0, 0x0F, 0x10]))
        XCTAssertEqual(out.map { Int(Int8(bitPattern: $0)) }, [-7, 0, 15, -16])
    }

    func testThirtyTwoBit() throws {
        let values = [0, 1, 0x7FFF_FFFF, -1]
        let image = F.Image(rows: 1, columns: 4, bitsAllocated: 32, signed: true)
        XCTAssertEqual(try F.decode(F.native(image, pixels: F.le32(values), vr: .OL)), F.le32(values))
        let masked = F.Image(rows: 1, columns: 2, bitsAllocated: 32, bitsStored: 24)
        XCTAssertEqual(try F.decode(F.native(masked, pixels: F.le32([0xFF12_3456, 0x0000_0001]))), F.le32([0x12_3456, 1]))
    }

    func testSixtyFourBitUnsigned() throws {
        let values: [UInt64] = [0, 0xFFFF_FFFF_FFFF_FFFF]
        let image = F.Image(rows: 1, columns: 2, bitsAllocated: 64)
        XCTAssertEqual(try F.decode(F.native(image, pixels: F.le64(values), vr: .OV)), F.le64(values))
    }

    func testPlanarConfigurationOneIsInterleaved() throws {
        var image = F.Image(rows: 1, columns: 2, samples: 3, planar: 1)
        image.photometric = "RGB"
        // R plane, G plane, B plane.
        let out = try F.decode(F.native(image, pixels: [10, 11, 20, 21, 30, 31]))
        XCTAssertEqual(out, [10, 20, 30, 11, 21, 31])
        var image16 = F.Image(rows: 1, columns: 2, samples: 3, bitsAllocated: 16, planar: 1)
        image16.photometric = "RGB"
        let out16 = try F.decode(F.native(image16, pixels: F.le16([1000, 1001, 2000, 2001, 3000, 3001])))
        XCTAssertEqual(F.uint16s(out16), [1000, 2000, 3000, 1001, 2001, 3001])
    }

    func testYBRFull422RemovesSubsampling() throws {
        var image = F.Image(rows: 1, columns: 4, samples: 3, planar: 0)
        image.photometric = "YBR_FULL_422"
        // Two pairs: Y1 Y2 Cb Cr.
        let out = try F.decode(F.native(image, pixels: [1, 2, 100, 200, 3, 4, 101, 201]))
        XCTAssertEqual(out, [1, 100, 200, 2, 100, 200, 3, 101, 201, 4, 101, 201])
        // Second frame starts two thirds of a decoded frame in.
        image.frames = 2
        image.columns = 2
        let two = F.native(image, pixels: [1, 2, 100, 200, 3, 4, 101, 201])
        XCTAssertEqual(try F.decode(two, frame: 1), [3, 101, 201, 4, 101, 201])
    }

    func testYBRFull422NeedsPairsOfPixels() {
        var image = F.Image(rows: 1, columns: 3, samples: 3, planar: 0)
        image.photometric = "YBR_FULL_422"
        XCTAssertThrowsError(try F.decode(F.native(image, pixels: [UInt8](repeating: 0, count: 6)))) { error in
            XCTAssertEqual((error as? PixelDataError)?.isInvalidAttribute(.columns), true)
        }
    }

    func testOneBitFramesAcrossByteBoundaries() throws {
        // 3 × 3 frames of 9 bits: frame 1 starts at bit 9, frame 2 at bit 18.
        let image = F.Image(rows: 3, columns: 3, bitsAllocated: 1, frames: 3)
        // Bits LSB first: frame 0 = 1 0 1 0 1 0 1 0 1, frame 1 = 1 1 0 0 0 0 0 0 1,
        // frame 2 = 0 1 1 1 1 1 1 1 0.
        let bits: [UInt8] = [1, 0, 1, 0, 1, 0, 1, 0, 1] + [1, 1, 0, 0, 0, 0, 0, 0, 1] + [0, 1, 1, 1, 1, 1, 1, 1, 0]
        var packed = [UInt8](repeating: 0, count: 4)
        for (i, b) in bits.enumerated() where b == 1 { packed[i / 8] |= 1 << UInt8(i % 8) }
        let dataSet = F.native(image, pixels: packed, vr: .OB)
        XCTAssertEqual(try F.decode(dataSet, frame: 0), Array(bits[0..<9]))
        XCTAssertEqual(try F.decode(dataSet, frame: 1), Array(bits[9..<18]))
        XCTAssertEqual(try F.decode(dataSet, frame: 2), Array(bits[18..<27]))
        let all = try PixelData(dataSet: dataSet, transferSyntax: .explicitVRLittleEndian).allFrames()
        XCTAssertEqual(all, bits)
        XCTAssertEqual(try PixelData(dataSet: dataSet, transferSyntax: .explicitVRLittleEndian).encodedFrame(1).bitOffset, 1)
    }

    func testBigEndianSwapsEachSample() throws {
        var image = F.Image(rows: 1, columns: 2, bitsAllocated: 16, signed: true)
        image.littleEndian = false
        let out = try F.decode(F.native(image, pixels: [0xFF, 0xFE, 0x01, 0x02]), syntax: .explicitVRBigEndian)
        XCTAssertEqual(F.int16s(out), [-2, 0x0102])
        var image32 = F.Image(rows: 1, columns: 1, bitsAllocated: 32)
        image32.littleEndian = false
        let out32 = try F.decode(F.native(image32, pixels: [0x01, 0x02, 0x03, 0x04], vr: .OL), syntax: .explicitVRBigEndian)
        XCTAssertEqual(out32, [0x04, 0x03, 0x02, 0x01])
    }

    func testBigEndianEightBitOWSwapsBytePairs() throws {
        // 3 samples per frame, 2 frames: logical bytes 1 2 3 | 4 5 6, stored as 16-bit words
        // (2 1)(4 3)(6 5). Frame 1 starts at an odd offset.
        var image = F.Image(rows: 1, columns: 3, frames: 2)
        image.littleEndian = false
        let ow = F.native(image, pixels: [2, 1, 4, 3, 6, 5], vr: .OW)
        XCTAssertEqual(try F.decode(ow, frame: 0, syntax: .explicitVRBigEndian), [1, 2, 3])
        XCTAssertEqual(try F.decode(ow, frame: 1, syntax: .explicitVRBigEndian), [4, 5, 6])
        // As OB the bytes are a plain stream.
        let ob = F.native(image, pixels: [1, 2, 3, 4, 5, 6], vr: .OB)
        XCTAssertEqual(try F.decode(ob, frame: 1, syntax: .explicitVRBigEndian), [4, 5, 6])
    }

    func testFloatAndDoublePixelData() throws {
        let floats: [Float] = [1.5, -0.25, .infinity, 0]
        let floatBytes = floats.flatMap { f in (0..<4).map { UInt8(truncatingIfNeeded: f.bitPattern >> (8 * $0)) } }
        let image = F.Image(rows: 2, columns: 2, bitsAllocated: 32)
        let elements = F.imagePixel(image).filter { $0.tag != .bitsStored && $0.tag != .pixelRepresentation }
        let floatSet = DataSet(elements: elements + [F.element(.floatPixelData, .OF, floatBytes)])
        XCTAssertEqual(try F.decode(floatSet), floatBytes)

        let doubles: [Double] = [2.5, -1e300]
        let doubleBytes = doubles.flatMap { d in (0..<8).map { UInt8(truncatingIfNeeded: d.bitPattern >> (8 * $0)) } }
        let doubleImage = F.Image(rows: 1, columns: 2, bitsAllocated: 64)
        let doubleSet = DataSet(elements: F.imagePixel(doubleImage) + [F.element(.doubleFloatPixelData, .OD, doubleBytes)])
        XCTAssertEqual(try F.decode(doubleSet), doubleBytes)

        // Big-endian floats are swapped per 4 bytes.
        var be = image
        be.littleEndian = false
        let beElements = F.imagePixel(be).filter { $0.tag != .bitsStored && $0.tag != .pixelRepresentation }
        let swapped = stride(from: 0, to: floatBytes.count, by: 4).flatMap { floatBytes[$0..<($0 + 4)].reversed() }
        let beSet = DataSet(elements: beElements + [F.element(.floatPixelData, .OF, swapped)], isLittleEndian: false)
        XCTAssertEqual(try F.decode(beSet, syntax: .explicitVRBigEndian), floatBytes)
    }

    func testOddLengthAndPaddingAreIgnored() throws {
        // 3 × 3 8-bit: 9 bytes, padded to 10; the padding byte is not a pixel.
        let image = F.Image(rows: 3, columns: 3)
        XCTAssertEqual(try F.decode(F.native(image, pixels: [1, 2, 3, 4, 5, 6, 7, 8, 9, 0xAA])), [1, 2, 3, 4, 5, 6, 7, 8, 9])
        XCTAssertEqual(try F.decode(F.native(image, pixels: [1, 2, 3, 4, 5, 6, 7, 8, 9])), [1, 2, 3, 4, 5, 6, 7, 8, 9])
    }

    func testTruncatedFrameIsReported() {
        let image = F.Image(rows: 2, columns: 2, bitsAllocated: 16, frames: 2)
        let dataSet = F.native(image, pixels: [UInt8](repeating: 7, count: 12))
        XCTAssertNoThrow(try F.decode(dataSet, frame: 0))
        XCTAssertThrowsError(try F.decode(dataSet, frame: 1)) { error in
            XCTAssertEqual(error as? PixelDataError, .truncatedFrame(index: 1, expected: 8, actual: 4))
        }
        XCTAssertThrowsError(try PixelData(dataSet: dataSet, transferSyntax: .explicitVRLittleEndian).allFrames()) { error in
            XCTAssertEqual(error as? PixelDataError, .truncatedFrame(index: 1, expected: 8, actual: 4))
        }
    }

    func testNativeDecoderDirectly() throws {
        // The decoder alone, without PixelData: no stored-value correction.
        let d = PixelDescription(rows: 1, columns: 2, bitsAllocated: 16, bitsStored: 12)
        let frame = EncodedFrame(index: 0, fragments: [ByteSlice(copying: [0x34, 0xF2, 0x78, 0x56])])
        let out = try NativeDecoder(byteOrder: .littleEndian).decode(frame, description: d, transferSyntax: "1.2.840.10008.1.2.1")
        XCTAssertEqual(out, [0x34, 0xF2, 0x78, 0x56])
        XCTAssertThrowsError(try NativeDecoder(byteOrder: .littleEndian).decode(
            EncodedFrame(index: 3, fragments: [ByteSlice(copying: [1, 2, 3])]), description: d, transferSyntax: "1.2.840.10008.1.2.1")) { error in
            XCTAssertEqual(error as? PixelDataError, .truncatedFrame(index: 3, expected: 4, actual: 3))
        }
    }
}
