import CZlib
import DICOM
import Foundation
import XCTest

@testable import DICOMPixels

/// Modality LUT, VOI LUT, palettes, YBR conversion and the renderer.
///
/// Expected values marked "pydicom" were computed once with pydicom 3.0.2 / NumPy 2.4
/// (`apply_modality_lut`, `apply_voi_lut`, `apply_color_lut`, `convert_color_space`,
/// `_expand_segmented_lut`) on the same inputs and are hard-coded here.
final class PresentationTests: XCTestCase {
    // MARK: Modality LUT

    func testRescaleMatchesPydicom() throws {
        let ct = try ModalityLUT(dataSet: dataSet([ds(.rescaleSlope, "1"), ds(.rescaleIntercept, "-1024")]), isSigned: false)
        XCTAssertEqual(ct, .rescale(slope: 1, intercept: -1024))
        XCTAssertEqual([0, 1, 1024, 4095].map { ct($0) }, [-1024.0, -1023.0, 0.0, 3071.0]) // pydicom

        let half = try ModalityLUT(dataSet: dataSet([ds(.rescaleSlope, "0.5"), ds(.rescaleIntercept, "-10.25")]), isSigned: true)
        XCTAssertEqual([-32768, -1, 0, 7, 32767].map { half($0) },
                       [-16394.25, -10.75, -10.25, -6.75, 16373.25]) // pydicom
    }

    func testNoModalityLUTIsIdentityAndBadRescaleIsAnError() throws {
        XCTAssertEqual(try ModalityLUT(dataSet: dataSet([]), isSigned: false), .identity)
        XCTAssertEqual(try ModalityLUT(dataSet: dataSet([ds(.rescaleIntercept, "-1000")]), isSigned: false),
                       .rescale(slope: 1, intercept: -1000))
        XCTAssertThrowsError(try ModalityLUT(dataSet: dataSet([ds(.rescaleSlope, "abc")]), isSigned: false)) {
            XCTAssertEqual($0 as? PixelDataError,
                           .invalidAttribute(.rescaleSlope, keyword: "RescaleSlope", reason: "is \"abc\", not a number"))
        }
    }

    func testModalityLUTSequenceWithSignedFirstMappedValue() throws {
        // Descriptor written as US 0xFFFE: Pixel Representation 1 makes it -2 (C.11.1.1.1).
        let item = dataSet([us(.lutDescriptor, [4, 0xFFFE, 16]), us(.lutData, [100, 200, 300, 65535])])
        let modality = try ModalityLUT(dataSet: dataSet([sequence(.modalityLUTSequence, [item])]), isSigned: true)
        guard case let .table(table) = modality else { return XCTFail("expected a table, got \(modality)") }
        XCTAssertEqual(table.firstMappedValue, -2)
        XCTAssertEqual([-5, -2, -1, 0, 1, 2, 10].map { modality($0) },
                       [100, 100, 200, 300, 65535, 65535, 65535]) // pydicom
        XCTAssertEqual(modality.outputRange(bitsStored: 16, isSigned: true), 0...65535)
    }

    func testModalityLUTOf65536EntriesInOW() throws {
        // A descriptor entry count of 0 means 65536 (C.11.1.1.1).
        let words = (0..<65536).map { UInt16(truncatingIfNeeded: $0 * 7) }
        let item = dataSet([us(.lutDescriptor, [0, 0, 16]), ow(.lutData, words)])
        let modality = try ModalityLUT(dataSet: dataSet([sequence(.modalityLUTSequence, [item])]), isSigned: false)
        XCTAssertEqual([0, 1, 2, 1000, 65534, 65535].map { modality($0) },
                       [0, 7, 14, 7000, 65522, 65529]) // pydicom
    }

    func testLUTWithTooLittleDataIsAnError() {
        let item = dataSet([us(.lutDescriptor, [4, 0, 16]), us(.lutData, [1, 2, 3])])
        XCTAssertThrowsError(try LookupTable(item: item, firstMappedIsSigned: false)) {
            XCTAssertEqual($0 as? PixelDataError, .invalidAttribute(.lutData, keyword: "LUTData",
                                                                  reason: "holds 3 entries but the descriptor declares 4"))
        }
    }

    // MARK: VOI LUT

    /// CT: 12 bits stored, intercept -1024, window 40/400; the output range is pydicom's
    /// (the rescaled stored range, -1024...3071).
    func testWindowFunctionsMatchPydicom() {
        let range = ModalityLUT.rescale(slope: 1, intercept: -1024).outputRange(bitsStored: 12, isSigned: false)
        XCTAssertEqual(range, -1024...3071)
        let xs: [Double] = [-1100, -1000, -160, -159.5, -159, 0, 39.5, 40, 40.5, 239, 239.5, 240, 3071]

        let linear = xs.map { Window(center: 40, width: 400, function: .linear)($0, outputRange: range) }
        XCTAssertEqual(linear, [-1024.0, -1024.0, -1024.0, -1018.8684210526314, -1013.7368421052631,
                                618.1052631578946, 1023.5, 1028.6315789473683, 1033.7631578947367,
                                3071.0, 3071.0, 3071.0, 3071.0]) // pydicom
        // C.11.2.1.2.1 by hand: at x = c - 0.5 the line is exactly halfway.
        XCTAssertEqual(linear[6], (0 / 399 + 0.5) * 4095 - 1024)

        let exact = xs.map { Window(center: 40, width: 400, function: .linearExact)($0, outputRange: range) }
        XCTAssertEqual(exact, [-1024.0, -1024.0, -1024.0, -1018.8812500000001, -1013.7625, 614.0,
                               1018.3812500000001, 1023.5, 1028.61875, 3060.7625000000003, 3065.88125,
                               3071.0, 3071.0]) // pydicom

        let sigmoid = xs.map { Window(center: 40, width: 400, function: .sigmoid)($0, outputRange: range) }
        let expectedSigmoid = [-1023.9541550028266, -1023.8753827744922, -535.8640343194286, -533.7101942654618,
                               -531.5481481945604, 619.3740318395091, 1018.3812606640361, 1023.5,
                               1028.6187393359642, 2578.5481481945603, 2580.710194265462, 2582.8640343194284,
                               3070.999999999719] // pydicom
        for (value, expected) in zip(sigmoid, expectedSigmoid) {
            XCTAssertEqual(value, expected, accuracy: 1e-9)
        }
        // C.11.2.1.3.1 by hand: y = range / (1 + e^(-4(x-c)/w)) + ymin.
        XCTAssertEqual(sigmoid[5], 4095 / (1 + exp(-4 * (0 - 40) / 400.0)) - 1024, accuracy: 1e-12)
    }

    func testSeveralWindowsChooseByIndex() throws {
        let set = dataSet([ds(.windowCenter, "128\\100"), ds(.windowWidth, "256\\1"),
                           ds(.windowCenterWidthExplanation, "FULL\\NARROW", vr: .LO)])
        let windows = try VOILUT.windows(in: set)
        XCTAssertEqual(windows, [Window(center: 128, width: 256, explanation: "FULL"),
                                 Window(center: 100, width: 1, explanation: "NARROW")])
        let xs: [Double] = [0, 99, 99.5, 100, 100.5, 255]
        guard case let .window(second)? = try VOILUT.select(in: set, index: 1, firstMappedIsSigned: false),
              case let .window(first)? = try VOILUT.select(in: set, firstMappedIsSigned: false) else {
            return XCTFail("expected windows")
        }
        XCTAssertEqual(xs.map { second($0, outputRange: 0...255) }, [0, 0, 0, 255, 255, 255]) // pydicom, index=1
        XCTAssertEqual(xs.map { first($0, outputRange: 0...255) }, [0, 99, 99.5, 100, 100.5, 255]) // pydicom, index=0
        XCTAssertThrowsError(try VOILUT.select(in: set, index: 2, firstMappedIsSigned: false)) {
            XCTAssertEqual($0 as? PixelDataError, .invalidAttribute(.windowCenter, keyword: "WindowCenter",
                                                                  reason: "has 2 values; there is no window 2"))
        }
    }

    func testVOILUTFunctionIsReadAndCheckedAndWidthValidated() throws {
        let sigmoid = dataSet([ds(.windowCenter, "40"), ds(.windowWidth, "400"), ds(.voilutFunction, "SIGMOID", vr: .CS)])
        XCTAssertEqual(try VOILUT.select(in: sigmoid, firstMappedIsSigned: true),
                       .window(Window(center: 40, width: 400, function: .sigmoid)))
        let unknown = dataSet([ds(.windowCenter, "40"), ds(.windowWidth, "400"), ds(.voilutFunction, "GAMMA", vr: .CS)])
        XCTAssertThrowsError(try VOILUT.windows(in: unknown))
        let narrow = dataSet([ds(.windowCenter, "40"), ds(.windowWidth, "0.5")])
        XCTAssertThrowsError(try VOILUT.select(in: narrow, firstMappedIsSigned: true))
        XCTAssertFalse(Window(center: 0, width: 0.5).isValid)
        XCTAssertTrue(Window(center: 0, width: 0.5, function: .linearExact).isValid)
        XCTAssertFalse(Window(center: 0, width: 0, function: .sigmoid).isValid)
    }

    func testVOILUTSequenceChooseByIndex() throws {
        let first = dataSet([us(.lutDescriptor, [3, 0, 8]), us(.lutData, [0, 128, 255])])
        // First mapped 0xFF9C read as -100: the input (the modality output) is signed.
        let second = dataSet([us(.lutDescriptor, [4, 0xFF9C, 12]), us(.lutData, [0, 1000, 2000, 4095])])
        let set = dataSet([sequence(.voilutSequence, [first, second]), ds(.windowCenter, "0"), ds(.windowWidth, "10")])

        guard case let .table(table1)? = try VOILUT.select(in: set, index: 1, firstMappedIsSigned: true),
              case let .table(table0)? = try VOILUT.select(in: set, index: 0, firstMappedIsSigned: true) else {
            return XCTFail("the VOI LUT Sequence should win over the window, as in pydicom")
        }
        XCTAssertEqual([-200, -100, -99, -98, -97, 0, 5].map { table1[$0] }, [0, 0, 1000, 2000, 4095, 4095, 4095]) // pydicom
        XCTAssertEqual([-1, 0, 1, 2, 3].map { table0[$0] }, [0, 0, 128, 255, 255]) // pydicom
        XCTAssertEqual(table1.maximumOutput, 4095)
        XCTAssertEqual(try VOILUT.select(in: set, preferTable: false, firstMappedIsSigned: true),
                       .window(Window(center: 0, width: 10)))
    }

    // MARK: YBR → RGB

    func testYBRFullToRGBMatchesPydicom() {
        let input: [(UInt8, UInt8, UInt8)] = [(0, 0, 0), (255, 255, 255), (128, 128, 128), (128, 128, 255), (128, 255, 128),
                                              (76, 85, 255), (150, 44, 21), (29, 255, 107), (16, 128, 128), (235, 240, 240)]
        let expected: [[UInt8]] = [[0, 135, 0], [255, 121, 255], [128, 128, 128], [255, 37, 128], [128, 84, 255],
                                   [254, 0, 0], [0, 255, 1], [0, 0, 254], [16, 16, 16], [255, 116, 255]] // pydicom
        XCTAssertEqual(input.map { let c = YBRConversion.rgb(y: $0.0, cb: $0.1, cr: $0.2); return [c.red, c.green, c.blue] },
                       expected)
        var samples = input.flatMap { [$0.0, $0.1, $0.2] }
        YBRConversion.convertToRGB(&samples)
        XCTAssertEqual(samples, expected.flatMap { $0 })
    }

    /// Every one of the 2^24 YBR triples (Y outermost, Cr innermost), compared with pydicom
    /// through the CRC-32 of its RGB output.
    func testYBRFullToRGBOnAllInputsMatchesPydicom() {
        var crc = crc32(0, nil, 0) // zlib's, for speed over 48 MiB
        var row = [UInt8](repeating: 0, count: 256 * 3)
        for y in 0...255 {
            for cb in 0...255 {
                for cr in 0...255 {
                    let c = YBRConversion.rgb(y: UInt8(y), cb: UInt8(cb), cr: UInt8(cr))
                    row[3 * cr] = c.red
                    row[3 * cr + 1] = c.green
                    row[3 * cr + 2] = c.blue
                }
                crc = row.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
            }
        }
        XCTAssertEqual(crc, 2_454_194_008) // pydicom: zlib.crc32(convert_color_space(all, "YBR_FULL", "RGB"))
    }

    // MARK: Palettes

    /// The well-known segmented palettes pydicom ships (PS3.6 Annex B), 8-bit entries in OW.
    func testWellKnownSegmentedPalettesMatchPydicom() throws {
        let palettes: [(name: String, red: [UInt8], green: [UInt8], blue: [UInt8], crc: UInt32, samples: [[UInt16]])] = [
            ("SPRING", [0, 1, 255, 1, 255, 255], [0, 1, 0, 1, 255, 255], [0, 1, 255, 1, 255, 0], 184_046_739,
             [[255, 0, 255], [255, 1, 254], [255, 63, 192], [255, 64, 191], [255, 127, 128], [255, 128, 127], [255, 200, 55], [255, 255, 0]]),
            ("WINTER", [0, 1, 0, 1, 127, 0, 1, 128, 127, 0], [0, 1, 0, 1, 255, 255], [0, 1, 255, 1, 255, 128], 1_027_981_953,
             [[0, 0, 255], [0, 1, 255], [0, 63, 224], [0, 64, 223], [0, 127, 192], [1, 128, 191], [72, 200, 155], [127, 255, 128]]),
            ("SUMMER", [0, 1, 0, 1, 255, 0], [0, 1, 255, 1, 255, 128], [0, 1, 0, 1, 127, 0, 1, 128, 254, 0], 3_649_029_830,
             [[0, 255, 0], [0, 255, 0], [0, 224, 0], [0, 223, 0], [0, 192, 0], [0, 191, 2], [0, 155, 145], [0, 128, 254]]),
            ("FALL", [0, 1, 255, 1, 255, 255], [0, 1, 255, 1, 255, 0], [0, 1, 0, 1, 255, 0], 910_033_122,
             [[255, 255, 0], [255, 254, 0], [255, 192, 0], [255, 191, 0], [255, 128, 0], [255, 127, 0], [255, 55, 0], [255, 0, 0]]),
        ]
        for p in palettes {
            let set = paletteDataSet(descriptor: [256, 0, 8], segmented: true, red: p.red, green: p.green, blue: p.blue)
            let palette = try PaletteColorLUT(dataSet: set, isSigned: false)
            var crc = BitwiseCRC32()
            for v in 0..<256 {
                let c = palette[v]
                for channel in [c.red, c.green, c.blue] { crc.update([UInt8(channel & 0xFF), UInt8(channel >> 8)]) }
            }
            XCTAssertEqual(crc.value, p.crc, p.name) // pydicom apply_color_lut(arange(256)) as <u2
            XCTAssertEqual([0, 1, 63, 64, 127, 128, 200, 255].map { colour(palette, $0) },
                           p.samples, p.name) // pydicom
            XCTAssertEqual(palette.red.bitsPerEntry, 8)
        }
    }

    /// HOT_IRON: plain palette data with 8-bit entries packed one per byte into OW.
    func testPackedEightBitPaletteMatchesPydicom() throws {
        let red = try XCTUnwrap(Data(base64Encoded: hotIronRed)), green = try XCTUnwrap(Data(base64Encoded: hotIronGreen))
        let blue = try XCTUnwrap(Data(base64Encoded: hotIronBlue))
        let palette = try PaletteColorLUT(dataSet: paletteDataSet(descriptor: [256, 0, 8], segmented: false,
                                                                  red: [UInt8](red), green: [UInt8](green), blue: [UInt8](blue)),
                                          isSigned: false)
        var crc = BitwiseCRC32()
        for v in 0..<256 {
            let c = palette[v]
            for channel in [c.red, c.green, c.blue] { crc.update([UInt8(channel & 0xFF), UInt8(channel >> 8)]) }
        }
        XCTAssertEqual(crc.value, 3_690_631_502) // pydicom
        XCTAssertEqual([1, 200].map { colour(palette, $0) }, [[2, 0, 0], [255, 144, 36]]) // pydicom
    }

    /// pydicom's examples_palette.dcm: 256 16-bit entries per channel.
    func testSixteenBitPaletteFromPydicomExampleMatchesPydicom() throws {
        let red = try XCTUnwrap(Data(base64Encoded: examplePaletteRed))
        let green = try XCTUnwrap(Data(base64Encoded: examplePaletteGreen))
        let blue = try XCTUnwrap(Data(base64Encoded: examplePaletteBlue))
        let palette = try PaletteColorLUT(dataSet: paletteDataSet(descriptor: [256, 0, 16], segmented: false,
                                                                  red: [UInt8](red), green: [UInt8](green), blue: [UInt8](blue)),
                                          isSigned: false)
        var crc = BitwiseCRC32()
        for v in 0..<256 {
            let c = palette[v]
            for channel in [c.red, c.green, c.blue] { crc.update([UInt8(channel & 0xFF), UInt8(channel >> 8)]) }
        }
        XCTAssertEqual(crc.value, 1_531_515_619) // pydicom
        XCTAssertEqual([0, 100, 245, 246, 255].map { colour(palette, $0) },
                       [[0, 0, 0], [22272, 22272, 22272], [5632, 9984, 14848], [3072, 5632, 8192], [256, 256, 256]]) // pydicom
        XCTAssertEqual(palette.red.bitsPerEntry, 16)
    }

    func testPaletteFirstMappedValueClampsBelowAndAbove() throws {
        let palette = try PaletteColorLUT(dataSet: paletteDataSet(descriptor: [3, 10, 16], segmented: false,
                                                                  red: le([1, 2, 3]), green: le([4, 5, 6]), blue: le([7, 8, 9])),
                                          isSigned: false)
        XCTAssertEqual([0, 10, 11, 12, 99].map { palette[$0].red }, [1, 1, 2, 3, 3])
        // 4 bytes are neither one nor two bytes per entry for 5 entries.
        XCTAssertThrowsError(try PaletteColorLUT(dataSet: paletteDataSet(descriptor: [5, 0, 16], segmented: false,
                                                                         red: le([1, 2]), green: le([1, 2]), blue: le([1, 2])),
                                                 isSigned: false))
    }

    // MARK: Segmented expansion

    func testIndirectSegmentsWithEightBitEntriesMatchPydicom() throws {
        // Discrete, linear, indirect copy of the first two segments (offset 0), linear down to 0.
        let a: [UInt16] = [0, 3, 10, 20, 30, 1, 5, 55, 2, 2, 0, 0, 0, 0, 1, 4, 0, 0]
        XCTAssertEqual(try SegmentedLUT.expand(a, bitsPerEntry: 8),
                       [10, 20, 30, 35, 40, 45, 50, 55, 10, 20, 30, 35, 40, 45, 50, 55, 41, 28, 14, 0]) // pydicom
        // An indirect copy of one linear segment (byte 4) continues from the current last value.
        let b: [UInt16] = [0, 2, 7, 9, 1, 3, 3, 2, 1, 4, 0, 0, 0, 0, 1, 200]
        XCTAssertEqual(try SegmentedLUT.expand(b, bitsPerEntry: 8), [7, 9, 7, 5, 3, 3, 3, 3, 200]) // pydicom
    }

    func testIndirectSegmentOffsetIsInBytesForSixteenBitEntries() throws {
        // The linear segment starts at word 4, byte 8 (C.7.9.2.3: "byte offset").
        let data: [UInt16] = [0, 2, 7, 9, 1, 3, 3, 2, 1, 8, 0, 0, 1, 200]
        XCTAssertEqual(try SegmentedLUT.expand(data, bitsPerEntry: 16), [7, 9, 7, 5, 3, 3, 3, 3, 200])
        // A 32-bit offset: the high word counts 65536 bytes, past this data.
        XCTAssertThrowsError(try SegmentedLUT.expand([0, 1, 5, 2, 1, 0, 1], bitsPerEntry: 16))
    }

    func testLinearSegmentsRoundLikePydicom() throws {
        let cases: [(UInt16, UInt16, UInt16, [UInt16])] = [
            (0, 255, 7, [0, 36, 73, 109, 146, 182, 219, 255]),
            (10, 3, 4, [10, 8, 6, 5, 3]),
            (0, 1, 4, [0, 0, 0, 1, 1]),               // 0.5 rounds to even
            (0, 65535, 3, [0, 21845, 43690, 65535]),
            (100, 101, 8, [100, 100, 100, 100, 100, 101, 101, 101, 101]),
            (0, 5, 2, [0, 2, 5]),
        ] // pydicom
        for (y0, y1, n, expected) in cases {
            XCTAssertEqual(try SegmentedLUT.expand([0, 1, y0, 1, n, y1], bitsPerEntry: 16), expected, "\(y0)→\(y1) in \(n)")
        }
    }

    func testMalformedSegmentsAreErrors() {
        let tag = Tag.segmentedGreenPaletteColorLookupTableData
        let cases: [([UInt16], String)] = [
            ([1, 4, 10], "starts with a linear segment, which has no previous value to start from"),
            ([0, 5, 1, 2], "has a discrete segment of 5 entries that runs past the end of the data"),
            ([0, 1, 1, 7, 1, 1], "has a segment with unknown opcode 7 at entry 3"),
            ([0, 1, 1, 2, 1, 6, 0], "has an indirect segment that copies another indirect segment"),
            ([2, 1, 0, 0], "starts with an indirect segment"),
        ]
        for (data, reason) in cases {
            XCTAssertThrowsError(try SegmentedLUT.expand(data, bitsPerEntry: 16, tag: tag)) {
                XCTAssertEqual($0 as? PixelDataError,
                               .invalidAttribute(tag, keyword: "SegmentedGreenPaletteColorLookupTableData", reason: reason))
            }
        }
        XCTAssertThrowsError(try SegmentedLUT.expand([0, 1, 1, 1, 255, 2, 1, 255, 3], bitsPerEntry: 16, maximumCount: 100))
    }

    // MARK: JPEG colour space

    func testJPEGColourSpaceFollowsMarkersThenTheDeclaredValue() {
        func codestream(_ segments: [UInt8]..., ids: [UInt8] = [1, 2, 3]) -> EncodedFrame {
            var bytes: [UInt8] = [0xFF, 0xD8]
            for segment in segments { bytes += segment }
            // SOF0: precision 8, 8×8, three components.
            bytes += [0xFF, 0xC0, 0, 17, 8, 0, 8, 0, 8, 3] + ids.flatMap { [$0, 0x11, 0] }
            bytes += [0xFF, 0xDA, 0, 2, 0xFF, 0xD9]
            return EncodedFrame(index: 0, fragments: [ByteSlice(copying: bytes)])
        }
        let jfif: [UInt8] = [0xFF, 0xE0, 0, 16] + Array("JFIF\0".utf8) + [1, 1, 0, 0, 1, 0, 1, 0, 0]
        func adobe(_ transform: UInt8) -> [UInt8] { [0xFF, 0xEE, 0, 14] + Array("Adobe".utf8) + [0, 100, 0, 0, 0, 0, transform] }
        let cases: [(EncodedFrame, String, String)] = [
            (codestream(jfif, ids: [0x52, 0x47, 0x42]), "RGB", "YBR_FULL"),  // JFIF wins over the IDs
            (codestream(adobe(0)), "YBR_FULL_422", "RGB"),
            (codestream(adobe(1)), "RGB", "YBR_FULL"),
            (codestream(ids: [0x52, 0x47, 0x42]), "YBR_FULL", "RGB"),
            // No marker and IDs 1, 2, 3: libjpeg would guess YCbCr; the declared value is trusted.
            (codestream(), "RGB", "RGB"),
            (codestream(ids: [0, 1, 2]), "YBR_FULL_422", "YBR_FULL"),
            (codestream(), "MONOCHROME2", "MONOCHROME2"),
            (EncodedFrame(index: 0, fragments: [ByteSlice(copying: [0, 1, 2, 3])]), "RGB", "RGB"),
        ]
        for (frame, declared, expected) in cases {
            XCTAssertEqual(JPEGColourSpace.decodedPhotometricInterpretation(of: frame, declared: declared), expected)
        }
    }

    // MARK: Renderer

    func testRendersCTThroughRescaleAndWindow() throws {
        let description = PixelDescription(rows: 2, columns: 3, bitsAllocated: 16, bitsStored: 16, isSigned: true)
        let set = dataSet([ds(.rescaleSlope, "1"), ds(.rescaleIntercept, "-1024"),
                           ds(.windowCenter, "40\\0"), ds(.windowWidth, "400\\100")])
        let frame = le16([0, 1024, 1064, 1224, 824, 2000])
        let image = try Renderer().render(frame: frame, description: description, dataSet: set)
        XCTAssertEqual(image.format, .grey8)
        XCTAssertEqual([image.width, image.height], [3, 2])
        XCTAssertEqual(image.pixels, [0, 102, 128, 230, 0, 255]) // C.11.2.1.2.1 on 0...255, rounded
        let second = try Renderer(voiIndex: 1).render(frame: frame, description: description, dataSet: set)
        XCTAssertEqual(second.pixels, [0, 129, 232, 255, 0, 255])
        let explicit = try Renderer(window: Window(center: 0, width: 100)).render(frame: frame, description: description, dataSet: set)
        XCTAssertEqual(explicit.pixels, second.pixels)
        XCTAssertThrowsError(try Renderer(window: Window(center: 0, width: 0)).render(frame: frame, description: description, dataSet: set))
    }

    func testDefaultWindowSpansTheFrameAndMonochrome1Inverts() throws {
        var description = PixelDescription(rows: 1, columns: 4, bitsAllocated: 8, bitsStored: 8)
        let frame: [UInt8] = [0, 50, 100, 25]
        XCTAssertEqual(try Renderer().render(frame: frame, description: description, dataSet: dataSet([])).pixels,
                       [0, 128, 255, 64])
        description.photometricInterpretation = "MONOCHROME1"
        XCTAssertEqual(try Renderer().render(frame: frame, description: description, dataSet: dataSet([])).pixels,
                       [255, 127, 0, 191])
        // A flat frame has no range to window: black.
        XCTAssertEqual(try Renderer().render(frame: [7, 7, 7, 7], description: PixelDescription(rows: 2, columns: 2, bitsAllocated: 8, bitsStored: 8),
                                             dataSet: dataSet([])).pixels, [0, 0, 0, 0])
    }

    func testStoredValuesAreMaskedToBitsStored() throws {
        // 12 bits stored; bit 15 set as an old overlay would be. Signed values are sign-extended from bit 11.
        let unsigned = PixelDescription(rows: 1, columns: 2, bitsAllocated: 16, bitsStored: 12)
        let image = try Renderer(window: Window(center: 2048, width: 4096, function: .linearExact))
            .render(frame: le16([0x8000, 0x8FFF]), description: unsigned, dataSet: dataSet([]))
        XCTAssertEqual(image.pixels, [0, 255])
        let signed = PixelDescription(rows: 1, columns: 2, bitsAllocated: 16, bitsStored: 12, isSigned: true)
        let reader = [UInt8](le16([0x0FFF, 0x0800])).withUnsafeBytes { buffer in
            let r = IntegerSampleReader(buffer, signed)
            return [r[0], r[1]]
        }
        XCTAssertEqual(reader, [-1, -2048])
    }

    func testRendersVOILUTSequenceScaledToEightBits() throws {
        let description = PixelDescription(rows: 1, columns: 4, bitsAllocated: 16, bitsStored: 12)
        let item = dataSet([us(.lutDescriptor, [4, 0, 12]), us(.lutData, [0, 1365, 2730, 4095])])
        let image = try Renderer().render(frame: le16([0, 1, 2, 3]), description: description,
                                          dataSet: dataSet([sequence(.voilutSequence, [item])]))
        XCTAssertEqual(image.pixels, [0, 85, 170, 255])
    }

    func testRendersPerFrameFunctionalGroups() throws {
        func frameGroup(intercept: String) -> DataSet {
            dataSet([sequence(.pixelValueTransformationSequence, [dataSet([ds(.rescaleSlope, "1"), ds(.rescaleIntercept, intercept)])])])
        }
        let shared = dataSet([sequence(.frameVOILUTSequence, [dataSet([ds(.windowCenter, "50"), ds(.windowWidth, "100")])])])
        let set = dataSet([sequence(.sharedFunctionalGroupsSequence, [shared]),
                           sequence(.perFrameFunctionalGroupsSequence, [frameGroup(intercept: "0"), frameGroup(intercept: "50")])])
        let description = PixelDescription(rows: 1, columns: 2, bitsAllocated: 8, bitsStored: 8, numberOfFrames: 2)
        let renderer = Renderer(window: nil)
        XCTAssertEqual(try renderer.render(frame: [0, 50], description: description, dataSet: set, frameIndex: 0).pixels, [0, 129])
        XCTAssertEqual(try renderer.render(frame: [0, 50], description: description, dataSet: set, frameIndex: 1).pixels, [129, 255])
    }

    func testRendersPaletteYBRAndSixteenBitRGB() throws {
        let paletteSet = paletteDataSet(descriptor: [2, 0, 16], segmented: false,
                                        red: le([0xFFFF, 0x0100]), green: le([0x8000, 0]), blue: le([0x00FF, 0x1234]))
        var description = PixelDescription(rows: 1, columns: 2, bitsAllocated: 8, bitsStored: 8, photometricInterpretation: "PALETTE COLOR")
        let palette = try Renderer().render(frame: [0, 1], description: description, dataSet: paletteSet)
        XCTAssertEqual(palette.format, .rgb8)
        XCTAssertEqual(palette.pixels, [255, 128, 0, 1, 0, 18])

        description = PixelDescription(rows: 1, columns: 2, samplesPerPixel: 3, bitsAllocated: 8, bitsStored: 8,
                                       photometricInterpretation: "YBR_FULL_422")
        XCTAssertEqual(try Renderer().render(frame: [128, 128, 255, 150, 44, 21], description: description, dataSet: dataSet([])).pixels,
                       [255, 37, 128, 0, 255, 1]) // pydicom convert_color_space
        // A decoder that already produced RGB says so.
        XCTAssertEqual(try Renderer().render(frame: [1, 2, 3, 4, 5, 6], description: description, dataSet: dataSet([]),
                                             photometricInterpretation: "RGB").pixels, [1, 2, 3, 4, 5, 6])

        description = PixelDescription(rows: 1, columns: 1, samplesPerPixel: 3, bitsAllocated: 16, bitsStored: 16,
                                       photometricInterpretation: "RGB")
        XCTAssertEqual(try Renderer().render(frame: le16([0xFFFF, 0x80FF, 0x00FF]), description: description, dataSet: dataSet([])).pixels,
                       [255, 128, 0])
        description.bitsStored = 12
        XCTAssertEqual(try Renderer().render(frame: le16([4095, 2048, 1]), description: description, dataSet: dataSet([])).pixels,
                       [255, 128, 0])
    }

    func testRendersFloatPixelData() throws {
        let description = PixelDescription(rows: 1, columns: 4, bitsAllocated: 32, bitsStored: 32, storage: .float)
        let frame = [Float(-1), 0, 1, .nan].flatMap { value -> [UInt8] in
            withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) }
        }
        XCTAssertEqual(try Renderer().render(frame: frame, description: description, dataSet: dataSet([])).pixels, [0, 128, 255, 0])
    }

    func testRenderErrors() {
        let description = PixelDescription(rows: 2, columns: 2, bitsAllocated: 16, bitsStored: 12)
        XCTAssertThrowsError(try Renderer().render(frame: [0, 0, 0], description: description, dataSet: dataSet([]), frameIndex: 3)) {
            XCTAssertEqual($0 as? PixelDataError, .truncatedFrame(index: 3, expected: 8, actual: 3))
        }
        var rgb = description
        rgb.photometricInterpretation = "RGB"
        XCTAssertThrowsError(try Renderer().render(frame: [UInt8](repeating: 0, count: 8), description: rgb, dataSet: dataSet([]))) {
            XCTAssertEqual($0 as? PixelDataError, .invalidAttribute(.samplesPerPixel, keyword: "SamplesPerPixel",
                                                                  reason: "is 1, but RGB needs 3"))
        }
        var palette = description
        palette.photometricInterpretation = "PALETTE COLOR"
        XCTAssertThrowsError(try Renderer().render(frame: [UInt8](repeating: 0, count: 8), description: palette, dataSet: dataSet([]))) {
            XCTAssertEqual($0 as? PixelDataError, .missingAttribute(.redPaletteColorLookupTableDescriptor,
                                                                  keyword: "RedPaletteColorLookupTableDescriptor"))
        }
    }
}

// MARK: - Building data sets

fileprivate func dataSet(_ elements: [DataElement]) -> DataSet { DataSet(elements: elements) }

/// A palette's entry for `value` as [red, green, blue].
fileprivate func colour(_ palette: PaletteColorLUT, _ value: Int) -> [UInt16] {
    let c = palette[value]
    return [c.red, c.green, c.blue]
}

/// A text element (DS unless told), padded to even length.
fileprivate func ds(_ tag: Tag, _ text: String, vr: VR = .DS) -> DataElement {
    var bytes = Array(text.utf8)
    if bytes.count % 2 == 1 { bytes.append(0x20) }
    return DataElement(tag: tag, vr: vr, value: .bytes(ByteSlice(copying: bytes)))
}

fileprivate func us(_ tag: Tag, _ values: [UInt16]) -> DataElement {
    DataElement(tag: tag, vr: .US, value: .bytes(ByteSlice(copying: le(values))))
}

fileprivate func ow(_ tag: Tag, _ values: [UInt16]) -> DataElement {
    DataElement(tag: tag, vr: .OW, value: .bytes(ByteSlice(copying: le(values))))
}

fileprivate func sequence(_ tag: Tag, _ items: [DataSet]) -> DataElement {
    DataElement(tag: tag, vr: .SQ, value: .sequence(items))
}

/// Little-endian bytes of 16-bit words.
fileprivate func le(_ values: [UInt16]) -> [UInt8] { values.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }

/// A decoded 16-bit frame: little-endian containers of the values' bit patterns.
fileprivate func le16(_ values: [Int]) -> [UInt8] { le(values.map { UInt16(truncatingIfNeeded: $0) }) }

/// Palette descriptors and OW data (plain or segmented) for the three channels.
fileprivate func paletteDataSet(descriptor: [UInt16], segmented: Bool, red: [UInt8], green: [UInt8], blue: [UInt8]) -> DataSet {
    let data: [Tag] = segmented
        ? [.segmentedRedPaletteColorLookupTableData, .segmentedGreenPaletteColorLookupTableData, .segmentedBluePaletteColorLookupTableData]
        : [.redPaletteColorLookupTableData, .greenPaletteColorLookupTableData, .bluePaletteColorLookupTableData]
    var elements = [
        us(.redPaletteColorLookupTableDescriptor, descriptor), us(.greenPaletteColorLookupTableDescriptor, descriptor),
        us(.bluePaletteColorLookupTableDescriptor, descriptor),
    ]
    for (tag, bytes) in zip(data, [red, green, blue]) {
        let padded = bytes.count % 2 == 1 ? bytes + [0] : bytes
        elements.append(DataElement(tag: tag, vr: .OW, value: .bytes(ByteSlice(copying: padded))))
    }
    return dataSet(elements)
}

// pydicom/data/palettes/hotiron.dcm, (0028,1201-1203): 256 8-bit entries packed into OW.
fileprivate let hotIronRed = "AAIEBggKDA4QEhQWGBocHiAiJCYoKiwuMDI0Njg6PD5AQkRGSEpMTlBSVFZYWlxeYGJkZmhqbG5wcnR2eHp8foCChIaIioyOkJKUlpianJ6goqSmqKqsrrCytLa4ury+wMLExsjKzM7Q0tTW2Nrc3uDi5Obo6uzu8PL09vj6/P7//////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////w=="
fileprivate let hotIronGreen = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAgQGCAoMDhASFBYYGhweICIkJigqLC4wMjQ2ODo8PkBCREZISkxOUFJUVlhaXF5gYmRmaGpsbnBydHZ4enx+gIKEhoiKjI6QkpSWmJqcnqCipKaoqqyusLK0tri6vL7AwsTGyMrMztDS1NbY2tze4OLk5ujq7O7w8vT2+Pr8/w=="
fileprivate let hotIronBlue = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4fICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8/w=="

// pydicom/data/test_files/examples_palette.dcm, (0028,1201-1203): 256 16-bit entries.
fileprivate let examplePaletteRed = "AAAAAQABAAEAAQABAAEAAQABAAIAAgACAAIAAgACAAMAAwADAAMABAAEAAQABQAFAAYABgAHAAcACAAJAAkACgALAAsADAANAA4ADwAQABEAEQASABMAFAAVABcAGAAZABoAGwAcAB0AHgAfACEAIgAjACQAJQAmACgAKQAqACsALAAuAC8AMAAxADIAMwA1ADYANwA4ADkAOgA8AD0APgA/AEAAQQBDAEQARQBGAEcASQBKAEsATABNAE8AUABRAFIAUwBVAFYAVwBYAFoAWwBcAF4AXwBgAGIAYwBkAGYAZwBoAGoAawBsAG4AbwBxAHIAcwB1AHYAeAB5AHsAfAB9AH8AgACCAIMAhQCGAIcAiQCKAIwAjQCOAJAAkQCTAJQAlQCXAJgAmQCbAJwAnQCeAKAAoQCiAKMApQCmAKcAqACqAKsArACtAK4AsACxALIAswC0ALUAtwC4ALkAugC7ALwAvgC/AMAAwQDCAMMAxQDGAMcAyADJAMsAzADNAM4A0ADRANIA0wDVANYA1wDYANkA2wDcAN0A3gDfAOEA4gDjAOQA5QDmAOcA6ADpAOoA6wDsAO0A7wDwAPEA8gDzAPQA9QD3APgA+gD7AP8A3wDUANUAuABmAEEAwACzALMAiABFACkAJQAWAAwAAAD0AFoAawBZAIQAagA5AAE="
fileprivate let examplePaletteGreen = "AAAAAQABAAEAAQABAAEAAQABAAIAAgACAAIAAgACAAMAAwADAAMABAAEAAQABQAFAAYABgAHAAcACAAJAAkACgALAAsADAANAA4ADwAQABEAEQASABMAFAAVABcAGAAZABoAGwAcAB0AHgAfACEAIgAjACQAJQAmACgAKQAqACsALAAuAC8AMAAxADIAMwA1ADYANwA4ADkAOgA8AD0APgA/AEAAQQBDAEQARQBGAEcASQBKAEsATABNAE8AUABRAFIAUwBVAFYAVwBYAFoAWwBcAF4AXwBgAGIAYwBkAGYAZwBoAGoAawBsAG4AbwBxAHIAcwB1AHYAeAB5AHsAfAB9AH8AgACCAIMAhQCGAIcAiQCKAIwAjQCOAJAAkQCTAJQAlQCXAJgAmQCbAJwAnQCeAKAAoQCiAKMApQCmAKcAqACqAKsArACtAK4AsACxALIAswC0ALUAtwC4ALkAugC7ALwAvgC/AMAAwQDCAMMAxQDGAMcAyADJAMsAzADNAM4A0ADRANIA0wDVANYA1wDYANkA2wDcAN0A3gDfAOEA4gDjAOQA5QDmAOcA6ADpAOoA6wDsAO0A7wDwAPEA8gDzAPQA9QD3APgA+gD7AP8A3wDUANUAuABmAEEAsABwAIMAqgBzAEoAPgAnABYA/wALAM0AawBZAKUAkABgAAE="
fileprivate let examplePaletteBlue = "AAAAAQABAAEAAQABAAEAAQABAAIAAgACAAIAAgACAAMAAwADAAMABAAEAAQABQAFAAYABgAHAAcACAAJAAkACgALAAsADAANAA4ADwAQABEAEQASABMAFAAVABcAGAAZABoAGwAcAB0AHgAfACEAIgAjACQAJQAmACgAKQAqACsALAAuAC8AMAAxADIAMwA1ADYANwA4ADkAOgA8AD0APgA/AEAAQQBDAEQARQBGAEcASQBKAEsATABNAE8AUABRAFIAUwBVAFYAVwBYAFoAWwBcAF4AXwBgAGIAYwBkAGYAZwBoAGoAawBsAG4AbwBxAHIAcwB1AHYAeAB5AHsAfAB9AH8AgACCAIMAhQCGAIcAiQCKAIwAjQCOAJAAkQCTAJQAlQCXAJgAmQCbAJwAnQCeAKAAoQCiAKMApQCmAKcAqACqAKsArACtAK4AsACxALIAswC0ALUAtwC4ALkAugC7ALwAvgC/AMAAwQDCAMMAxQDGAMcAyADJAMsAzADNAM4A0ADRANIA0wDVANYA1wDYANkA2wDcAN0A3gDfAOEA4gDjAOQA5QDmAOcA6ADpAOoA6wDsAO0A7wDwAPEA8gDzAPQA9QD3APgA+gD7AP8A3wDUANUAuABmAEEAVgAjAEQA0wCzAHMAXgA6ACAARgALAP8AawBZANIAxQCWAAE="
