import DICOM
@testable import DICOMPixels
import Foundation
import XCTest

/// JPEG Lossless (T.81 process 14 and 14 SV1). Codestreams under Resources/JPEGLossless come
/// from DCMTK's dcmcjpeg and from the small encoder in generate.py, each checked there against
/// gdcm and dcmdjpeg; manifest.json holds pydicom's `pixel_array(raw=True)` checksum for each.
/// Hand-built streams below pin single features to values worked out by hand.
final class JPEGLosslessDecoderTests: XCTestCase {
    static let p14 = "1.2.840.10008.1.2.4.57"
    static let sv1 = "1.2.840.10008.1.2.4.70"
    static let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Resources/JPEGLossless")

    struct Case: Decodable {
        var name: String
        var file: String
        var transferSyntax: String
        var rows: Int
        var columns: Int
        var samplesPerPixel: Int
        var bitsAllocated: Int
        var bitsStored: Int
        var signed: Bool
        var pointTransform: Int
        var fnv1a64: String
        var sum: Int
        var first: [Int]

        var description: PixelDescription {
            PixelDescription(rows: rows, columns: columns, samplesPerPixel: samplesPerPixel,
                             bitsAllocated: bitsAllocated, bitsStored: bitsStored, isSigned: signed,
                             photometricInterpretation: samplesPerPixel == 3 ? "RGB" : "MONOCHROME2")
        }
    }

    static let cases: [String: Case] = {
        guard let data = try? Data(contentsOf: resources.appendingPathComponent("manifest.json")),
              let list = try? JSONDecoder().decode([Case].self, from: data) else { return [:] }
        return Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0) })
    }()

    // MARK: Generated codestreams against pydicom's values

    func testManifestIsComplete() {
        XCTAssertEqual(Self.cases.count, 18, "manifest.json missing or changed")
    }

    func testEveryPredictor() throws {
        for predictor in 1...7 { try assertCase("dcmtk_p14_sv\(predictor)_u16") }
    }

    func testPredictorsWithPointTransform() throws {
        try assertCase("dcmtk_p14_sv5_pt3_u16")
        try assertCase("enc_p12_sv7_pt1")
    }

    func testSelectionValueOneSignedTwelveBit() throws {
        try assertCase("dcmtk_sv1_s12")
        try assertCase("dcmtk_sv1_pt2_s12")
        let values = LosslessTestSupport.int16s(try decode(named: "dcmtk_sv1_s12"))
        XCTAssertTrue(values.contains { $0 < 0 }, "signed data should decode to negative values")
        XCTAssertTrue(values.allSatisfy { (-2048...2047).contains($0) })
    }

    func testTwoBitPrecision() throws {
        try assertCase("enc_p2_sv4")
        XCTAssertTrue(try decode(named: "enc_p2_sv4").allSatisfy { $0 <= 3 })
    }

    func testEightBitAndSixteenBitPrecision() throws {
        try assertCase("dcmtk_p14_sv7_u8")
        try assertCase("enc_p16_long_codes")  // SSSS 16 and codes up to 16 bits
    }

    func testRestartIntervals() throws {
        try assertCase("enc_p16_sv6_restart")
        try assertCase("enc_rgb8_interleaved_restart")
    }

    func testThreeComponents() throws {
        try assertCase("dcmtk_sv1_rgb8")          // one interleaved scan
        try assertCase("enc_rgb8_three_scans")    // one scan per component, tables redefined
    }

    func testEightBitPrecisionInSixteenBitContainers() throws {
        var c = try XCTUnwrap(Self.cases["dcmtk_p14_sv7_u8"])
        let narrow = try decode(named: c.name)
        c.bitsAllocated = 16
        let wide = try decoder(c.transferSyntax, bytes(c.file), c.description)
        XCTAssertEqual(wide, narrow.flatMap { [$0, 0] })
    }

    func testFrameSplitOverFragments() throws {
        let c = try XCTUnwrap(Self.cases["dcmtk_p14_sv4_u16"])
        let stream = try bytes(c.file)
        let frame = EncodedFrame(index: 0, fragments: [ByteSlice(copying: stream[0..<100]),
                                                       ByteSlice(copying: stream[100..<1001]),
                                                       ByteSlice(copying: stream[1001...])])
        let out = try JPEGLosslessDecoder().decode(frame, description: c.description, transferSyntax: c.transferSyntax)
        XCTAssertEqual(String(fnv1a64(out), radix: 16).leftPadded(16), c.fnv1a64)
    }

    // MARK: Hand-built codestreams

    func testZeroDifferencesGiveTheInitialPrediction() throws {
        // One code, "0" = SSSS 0; eight samples need eight 0 bits. 2^(P-1) = 128 everywhere.
        let stream = HandStream(precision: 8, rows: 2, columns: 4, tables: [([1], [0])], data: [0x00]).bytes
        XCTAssertEqual(try decode(stream, rows: 2, columns: 4, bits: 8), [UInt8](repeating: 128, count: 8))
    }

    func testMagnitudeBitsAndNegativeDifferences() throws {
        // Codes 00 = SSSS 0, 01 = SSSS 1, 10 = SSSS 2. "10 01" is -2, "01 1" is +1, "00" is 0:
        // 128-2 = 126, 126+1 = 127, 127. Bits 1001011 00 then 1-padding: 0x96 0x7F.
        let stream = HandStream(precision: 8, rows: 1, columns: 3, tables: [([0, 3], [0, 1, 2])],
                                data: [0x96, 0x7F]).bytes
        XCTAssertEqual(try decode(stream, rows: 1, columns: 3, bits: 8), [126, 127, 127])
    }

    func testDifferenceCategorySixteenIs32768WithoutMagnitudeBits() throws {
        // "0" = SSSS 16, "10" = SSSS 0. 32768 + 32768 wraps to 0 (modulo 2^16), then 0 + 32768.
        let stream = HandStream(precision: 16, rows: 1, columns: 2, tables: [([1, 1], [16, 0])], data: [0x3F]).bytes
        XCTAssertEqual(try decode(stream, rows: 1, columns: 2, bits: 16), [0x00, 0x00, 0x00, 0x80])
    }

    func testPointTransformShiftsTheOutput() throws {
        // P = 8, Pt = 2: the initial prediction is 2^(8-2-1) = 32, output 32 << 2 = 128.
        let stream = HandStream(precision: 8, rows: 1, columns: 2, tables: [([1], [0])], pointTransform: 2,
                                data: [0x3F]).bytes
        XCTAssertEqual(try decode(stream, rows: 1, columns: 2, bits: 8), [128, 128])
    }

    func testFirstColumnPredictsFromAboveAndOthersUseThePredictor() throws {
        // 2 x 2, predictor 7 ((Ra + Rb) / 2). Codes: 0 = SSSS 0, 10 = SSSS 1, 110 = SSSS 2.
        // Row 0: 128+1 = 129, 129+1 = 130. Row 1: x=0 from above 129 + 2 = 131;
        // x=1: (131 + 130) >> 1 = 130, + 0 = 130.
        // Bits: 10 1 | 10 1 | 110 10 | 0 → 1011 0111 0100 + pad → 0xB7 0x4F.
        let stream = HandStream(precision: 8, rows: 2, columns: 2, tables: [([1, 1, 1], [0, 1, 2])],
                                predictor: 7, data: [0xB7, 0x4F]).bytes
        XCTAssertEqual(try decode(stream, rows: 2, columns: 2, bits: 8), [129, 130, 131, 130])
    }

    // MARK: Corrupt and unsupported input

    func testCodestreamErrorsNameTheProblem() {
        let good = HandStream(precision: 8, rows: 1, columns: 2, tables: [([1], [0])], data: [0x3F])
        assertCorrupt(try decode([0x00, 0x01, 0x02, 0x03], rows: 1, columns: 2, bits: 8), mentions: "SOI")
        var sof0 = good
        sof0.frameMarker = 0xC0
        assertCorrupt(try decode(sof0.bytes, rows: 1, columns: 2, bits: 8), mentions: "DCT-based")
        var arithmetic = good
        arithmetic.frameMarker = 0xCB
        assertCorrupt(try decode(arithmetic.bytes, rows: 1, columns: 2, bits: 8), mentions: "arithmetic")
        assertCorrupt(try decode(good.bytes, rows: 2, columns: 2, bits: 8), mentions: "but the image is 2 x 2")
        assertCorrupt(try decode(good.bytes, rows: 1, columns: 2, samples: 3, bits: 8), mentions: "Samples per Pixel")
        var predictorZero = good
        predictorZero.predictor = 0
        assertCorrupt(try decode(predictorZero.bytes, rows: 1, columns: 2, bits: 8), mentions: "predictor")
        var noTable = good
        noTable.tables = []
        assertCorrupt(try decode(noTable.bytes, rows: 1, columns: 2, bits: 8), mentions: "not defined")
        var twelveBit = good
        twelveBit.precision = 12
        assertCorrupt(try decode(twelveBit.bytes, rows: 1, columns: 2, bits: 8), mentions: "does not fit")
        var noScan = good
        noScan.omitScan = true
        assertCorrupt(try decode(noScan.bytes, rows: 1, columns: 2, bits: 8), mentions: "no scan codes component")
        var badTable = good
        badTable.tables = [([3], [0, 1, 2])]  // three codes of length 1
        assertCorrupt(try decode(badTable.bytes, rows: 1, columns: 2, bits: 8), mentions: "more codes")
        assertCorrupt(try decode(good.bytes, rows: 1, columns: 2, bits: 12), mentions: "Bits Allocated 12")
    }

    func testHugeImageFromTinyCodestreamFailsBeforeAllocating() {
        let stream = HandStream(precision: 16, rows: 60000, columns: 60000, tables: [([1], [0])], data: [0]).bytes
        assertCorrupt(try decode(stream, rows: 60000, columns: 60000, bits: 16), mentions: "cannot hold")
    }

    func testInvalidHuffmanCodeIsAnError() {
        // The only code is "0"; a 1 bit starts no code.
        let stream = HandStream(precision: 8, rows: 1, columns: 4, tables: [([1], [0])], data: [0x7F]).bytes
        assertCorrupt(try decode(stream, rows: 1, columns: 4, bits: 8), mentions: "not in the scan's Huffman table")
    }

    func testMissingRestartMarkerIsAnError() throws {
        let c = try XCTUnwrap(Self.cases["enc_p16_sv6_restart"])
        var stream = try bytes(c.file)
        let rst = try XCTUnwrap((0..<stream.count - 1).first { stream[$0] == 0xFF && stream[$0 + 1] == 0xD0 })
        stream.removeSubrange(rst..<(rst + 2))
        assertCorrupt(try decoder(c.transferSyntax, stream, c.description), uid: c.transferSyntax, mentions: "RST0")
    }

    func testEveryTruncationIsAnError() throws {
        for name in ["dcmtk_p14_sv1_u16", "enc_rgb8_three_scans", "enc_p16_sv6_restart"] {
            let c = try XCTUnwrap(Self.cases[name])
            let stream = try bytes(c.file)
            // Everything before the final fill bytes and EOI is needed.
            var end = stream.count - 2
            while stream[end - 1] == 0xFF { end -= 1 }
            // Every cut through the headers, then every 11th (debug builds decode slowly).
            for length in Array(0..<min(300, end)) + Array(stride(from: 300, to: end, by: 11)) + [end - 1] {
                assertCorrupt(try decoder(c.transferSyntax, Array(stream.prefix(length)), c.description),
                              uid: c.transferSyntax, "\(name) cut to \(length) bytes")
            }
            // Without EOI the data is complete, and that is accepted.
            XCTAssertEqual(try decoder(c.transferSyntax, Array(stream.prefix(end)), c.description),
                           try decode(named: name))
        }
    }

    func testRandomCorruptionNeverCrashes() throws {
        var rng = LosslessTestSupport.Random(seed: 7)
        for name in ["dcmtk_p14_sv6_u16", "enc_rgb8_interleaved_restart", "enc_p16_long_codes"] {
            let c = try XCTUnwrap(Self.cases[name])
            let stream = try bytes(c.file)
            for round in 0..<600 {
                var mutated = stream
                // Half the rounds hit the headers, where lengths and counts live.
                let span = round % 2 == 0 ? min(200, stream.count) : stream.count
                for _ in 0..<(1 + Int(rng.next() % 3)) {
                    mutated[Int(rng.next() % UInt64(span))] = UInt8(truncatingIfNeeded: rng.next())
                }
                do {
                    let out = try decoder(c.transferSyntax, mutated, c.description)
                    XCTAssertEqual(out.count, c.description.decodedFrameLength)
                } catch let error as PixelDataError {
                    guard case .corruptFrame(c.transferSyntax, 0, _) = error else { return XCTFail("\(error)") }
                }
            }
        }
    }

    // MARK: Helpers

    private func assertCase(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let c = try XCTUnwrap(Self.cases[name], "no manifest entry \(name)", file: file, line: line)
        let out = try decode(named: name)
        XCTAssertEqual(out.count, c.description.decodedFrameLength, name, file: file, line: line)
        XCTAssertEqual(String(fnv1a64(out), radix: 16).leftPadded(16), c.fnv1a64, name, file: file, line: line)
        let samples = samplesOf(out, bytes: c.description.bytesPerSample, signed: c.signed)
        XCTAssertEqual(Array(samples.prefix(c.first.count)), c.first, name, file: file, line: line)
        XCTAssertEqual(samples.reduce(0, +), c.sum, name, file: file, line: line)
    }

    private func decode(named name: String) throws -> [UInt8] {
        let c = try XCTUnwrap(Self.cases[name])
        return try decoder(c.transferSyntax, bytes(c.file), c.description)
    }

    private func bytes(_ file: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: Self.resources.appendingPathComponent(file)))
    }

    private func decoder(_ uid: String, _ stream: [UInt8], _ d: PixelDescription) throws -> [UInt8] {
        let frame = EncodedFrame(index: 0, fragments: [ByteSlice(copying: stream)])
        return try JPEGLosslessDecoder().decode(frame, description: d, transferSyntax: uid)
    }

    private func decode(_ stream: [UInt8], rows: Int, columns: Int, samples: Int = 1, bits: Int) throws -> [UInt8] {
        let d = PixelDescription(rows: rows, columns: columns, samplesPerPixel: samples,
                                 bitsAllocated: bits, bitsStored: bits)
        return try decoder(Self.p14, stream, d)
    }

    private func samplesOf(_ out: [UInt8], bytes: Int, signed: Bool) -> [Int] {
        stride(from: 0, to: out.count, by: bytes).map { i in
            var v = 0
            for k in 0..<bytes { v |= Int(out[i + k]) << (8 * k) }
            if signed, v >= 1 << (8 * bytes - 1) { v -= 1 << (8 * bytes) }
            return v
        }
    }

    private func assertCorrupt(_ expression: @autoclosure () throws -> [UInt8], uid: String = p14,
                               _ message: String = "", mentions: String? = nil,
                               file: StaticString = #filePath, line: UInt = #line) {
        do {
            _ = try expression()
            XCTFail("decoded corrupt input \(message)", file: file, line: line)
        } catch let error as PixelDataError {
            guard case let .corruptFrame(transferSyntax, index, reason) = error else {
                return XCTFail("unexpected \(error)", file: file, line: line)
            }
            XCTAssertEqual(transferSyntax, uid, file: file, line: line)
            XCTAssertEqual(index, 0, file: file, line: line)
            if let mentions {
                XCTAssertTrue(reason.contains(mentions), "\(reason) does not mention \(mentions)", file: file, line: line)
            }
        } catch {
            XCTFail("unexpected \(error)", file: file, line: line)
        }
    }
}

/// A minimal lossless codestream: SOI, SOF, DHT, SOS with the given entropy bytes, EOI.
private struct HandStream {
    var precision: Int
    var rows: Int
    var columns: Int
    /// (counts of codes of length 1, 2, … (rest 0), symbols) for tables 0, 1, …
    var tables: [([UInt8], [UInt8])]
    var predictor = 1
    var pointTransform = 0
    var data: [UInt8]
    var frameMarker: UInt8 = 0xC3
    var omitScan = false

    init(precision: Int, rows: Int, columns: Int, tables: [([UInt8], [UInt8])], predictor: Int = 1,
         pointTransform: Int = 0, data: [UInt8]) {
        self.precision = precision
        self.rows = rows
        self.columns = columns
        self.tables = tables
        self.predictor = predictor
        self.pointTransform = pointTransform
        self.data = data
    }

    var bytes: [UInt8] {
        var out: [UInt8] = [0xFF, 0xD8]
        func segment(_ marker: UInt8, _ body: [UInt8]) {
            out += [0xFF, marker, UInt8((body.count + 2) >> 8), UInt8((body.count + 2) & 0xFF)] + body
        }
        segment(frameMarker, [UInt8(precision), UInt8(rows >> 8), UInt8(rows & 0xFF),
                              UInt8(columns >> 8), UInt8(columns & 0xFF), 1, 1, 0x11, 0])
        for (id, table) in tables.enumerated() {
            let counts = table.0 + [UInt8](repeating: 0, count: 16 - table.0.count)
            segment(0xC4, [UInt8(id)] + counts + table.1)
        }
        if !omitScan {
            segment(0xDA, [1, 1, 0x00, UInt8(predictor), 0, UInt8(pointTransform)])
            out += data
        }
        return out + [0xFF, 0xD9]
    }
}

/// FNV-1a, 64-bit: the checksum generate.py writes into manifest.json.
private func fnv1a64(_ bytes: [UInt8]) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
    return hash
}

private extension String {
    func leftPadded(_ width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
