import DICOM
@testable import DICOMPixels
import XCTest

/// RLE Lossless (PS3.5 Annex G). Inputs come from the small encoder below, so every test
/// knows the exact pixel values it expects back.
final class RLEDecoderTests: XCTestCase {
    static let uid = "1.2.840.10008.1.2.5"

    // MARK: Round trips

    func testEightBitMonochrome() throws {
        let d = PixelDescription(rows: 5, columns: 7, bitsAllocated: 8, bitsStored: 8)
        let values: [UInt64] = (0..<35).map { (i: Int) -> UInt64 in UInt64(i < 20 ? 9 : i * 7 % 256) }
        XCTAssertEqual(try decode(RLETestEncoder.frame(values, d), d), le(values, bytes: 1))
    }

    func testSixteenBitMonochromeWritesLittleEndian() throws {
        let d = PixelDescription(rows: 3, columns: 4, bitsAllocated: 16, bitsStored: 16)
        let values: [UInt64] = [0x1234, 0xABCD, 0, 0xFFFF, 1, 2, 3, 0x8000, 0x0100, 0x00FF, 7, 7]
        let out = try decode(RLETestEncoder.frame(values, d), d)
        XCTAssertEqual(Array(out.prefix(4)), [0x34, 0x12, 0xCD, 0xAB])
        XCTAssertEqual(out, le(values, bytes: 2))
    }

    func testThirtyTwoBitMonochrome() throws {
        let d = PixelDescription(rows: 2, columns: 3, bitsAllocated: 32, bitsStored: 32)
        let values: [UInt64] = [0xDEAD_BEEF, 0, 0xFFFF_FFFF, 0x0102_0304, 5, 0x8000_0000]
        XCTAssertEqual(try decode(RLETestEncoder.frame(values, d), d), le(values, bytes: 4))
    }

    func testEightBitRGBIsInterleaved() throws {
        let d = PixelDescription(rows: 4, columns: 5, samplesPerPixel: 3, bitsAllocated: 8, bitsStored: 8,
                                 photometricInterpretation: "RGB")
        // Pixel p = (p, 100 + p, 200 + p) so the order of samples is visible.
        let values: [UInt64] = (0..<20).flatMap { (p: Int) -> [UInt64] in
            [UInt64(p), UInt64(100 + p), UInt64(200 + p)]
        }
        let out = try decode(RLETestEncoder.frame(values, d), d)
        XCTAssertEqual(Array(out.prefix(6)), [0, 100, 200, 1, 101, 201])
        XCTAssertEqual(out, le(values, bytes: 1))
    }

    func testSixteenAndThirtyTwoBitRGB() throws {
        for bits in [16, 32] {
            let d = PixelDescription(rows: 3, columns: 3, samplesPerPixel: 3, bitsAllocated: bits, bitsStored: bits,
                                     photometricInterpretation: "RGB")
            let mask: UInt64 = bits == 16 ? 0xFFFF : 0xFFFF_FFFF
            let values: [UInt64] = (0..<27).map { (i: Int) -> UInt64 in (UInt64(i) &* 0x9E37_79B9) & mask }
            XCTAssertEqual(try decode(RLETestEncoder.frame(values, d), d), le(values, bytes: bits / 8),
                           "\(bits)-bit")
        }
    }

    func testLongRunsAndLiteralsAcrossRowsAndSegments() throws {
        // 300 equal bytes need several replicate runs; 300 distinct bytes several literals.
        let d = PixelDescription(rows: 20, columns: 30, bitsAllocated: 16, bitsStored: 16)
        let values: [UInt64] = (0..<600).map { (i: Int) -> UInt64 in
            i < 300 ? 0x4242 : UInt64((i &* 2_654_435_761) & 0xFFFF)
        }
        XCTAssertEqual(try decode(RLETestEncoder.frame(values, d), d), le(values, bytes: 2))
    }

    func testSignedDataIsSignExtendedFromBitsStored() throws {
        // 12 bits stored: 0x0FFF is -1, 0x0800 is -2048; garbage in the top nibble is ignored.
        let d = PixelDescription(rows: 1, columns: 4, bitsAllocated: 16, bitsStored: 12, isSigned: true)
        let stored: [UInt64] = [0x0FFF, 0xF800, 0x07FF, 0xA001]
        let out = try decode(RLETestEncoder.frame(stored, d), d)
        XCTAssertEqual(LosslessTestSupport.int16s(out), [-1, -2048, 2047, 1])
    }

    func testUnsignedDataIsMaskedToBitsStored() throws {
        let d = PixelDescription(rows: 1, columns: 3, bitsAllocated: 16, bitsStored: 10)
        let out = try decode(RLETestEncoder.frame([0xFC01, 0x03FF, 0x0400], d), d)
        XCTAssertEqual(out, le([0x001, 0x3FF, 0x000], bytes: 2))
    }

    func testFrameSplitOverFragments() throws {
        let d = PixelDescription(rows: 6, columns: 6, samplesPerPixel: 3, bitsAllocated: 8, bitsStored: 8)
        let values: [UInt64] = (0..<108).map { (i: Int) -> UInt64 in UInt64(i * 5 % 251) }
        let bytes = RLETestEncoder.frame(values, d)
        let frame = EncodedFrame(index: 3, fragments: [ByteSlice(copying: bytes[0..<10]),
                                                       ByteSlice(copying: bytes[10..<70]),
                                                       ByteSlice(copying: bytes[70...])])
        XCTAssertEqual(try RLEDecoder().decode(frame, description: d, transferSyntax: Self.uid),
                       le(values, bytes: 1))
    }

    // MARK: PackBits semantics

    func testPackBitsReferenceSequence() {
        // Apple's PackBits example: runs, literals, and the literal 0x80 data byte.
        let encoded: [UInt8] = [0xFE, 0xAA, 0x02, 0x80, 0x00, 0x2A, 0xFD, 0xAA, 0x03, 0x80, 0x00, 0x2A, 0x22,
                                0xF7, 0xAA]
        let expected: [UInt8] = [0xAA, 0xAA, 0xAA, 0x80, 0x00, 0x2A, 0xAA, 0xAA, 0xAA, 0xAA, 0x80, 0x00, 0x2A,
                                 0x22, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA]
        var out = [UInt8](repeating: 0, count: expected.count)
        let written = encoded.withUnsafeBytes { src in
            out.withUnsafeMutableBufferPointer { dst in
                PackBits.decode(source: src.baseAddress!, count: src.count, into: dst.baseAddress!, stride: 1,
                                length: expected.count)
            }
        }
        XCTAssertEqual(written, expected.count)
        XCTAssertEqual(out, expected)
    }

    func testNoOpHeaderAndSegmentPaddingAreAccepted() throws {
        // 0x80 is a no-op; bytes decoded past Rows x Columns are padding and dropped.
        let d = PixelDescription(rows: 1, columns: 3, bitsAllocated: 8, bitsStored: 8)
        let segment: [UInt8] = [0x80, 0x02, 7, 8, 9, 0xFF, 0x00]
        XCTAssertEqual(try decode(RLETestEncoder.assemble([segment]), d), [7, 8, 9])
    }

    // MARK: Corrupt input gives an error, not a crash

    func testShortHeaderIsAnError() {
        let d = PixelDescription(rows: 1, columns: 1, bitsAllocated: 8, bitsStored: 8)
        assertCorrupt(try decode([1, 0, 0, 0], d, index: 7), index: 7, mentions: "64-byte")
    }

    func testSegmentCountMustMatchTheImage() {
        let d = PixelDescription(rows: 2, columns: 2, bitsAllocated: 16, bitsStored: 16)
        let oneSegment = RLETestEncoder.assemble([RLETestEncoder.packBits([1, 2, 3, 4])])
        assertCorrupt(try decode(oneSegment, d), mentions: "need 2")
        var tooMany = oneSegment
        tooMany[0] = 16
        assertCorrupt(try decode(tooMany, d), mentions: "at most 15")
    }

    func testShortSegmentIsAnError() {
        let d = PixelDescription(rows: 4, columns: 4, bitsAllocated: 8, bitsStored: 8)
        let frame = RLETestEncoder.assemble([[0x02, 1, 2, 3]])
        assertCorrupt(try decode(frame, d), mentions: "segment 1 of 1 decodes to 3 bytes")
    }

    func testTruncatedLiteralAndRunAreErrors() {
        let d = PixelDescription(rows: 1, columns: 8, bitsAllocated: 8, bitsStored: 8)
        assertCorrupt(try decode(RLETestEncoder.assemble([[0x07, 1, 2, 3]]), d), mentions: "decodes to 3")
        assertCorrupt(try decode(RLETestEncoder.assemble([[0xFE]], pad: false), d), mentions: "decodes to 0")
    }

    func testOffsetsPastTheEndOrBackwardsAreErrors() {
        let d = PixelDescription(rows: 1, columns: 2, bitsAllocated: 16, bitsStored: 16)
        var frame = RLETestEncoder.frame([1, 2], d)
        frame[8] = 0xFF  // second offset far past the end
        assertCorrupt(try decode(frame, d), mentions: "segment 2 of 2")
        frame = RLETestEncoder.frame([1, 2], d)
        frame[4] = 200   // first segment starts after the second
        assertCorrupt(try decode(frame, d), mentions: "segment 1 of 2")
    }

    func testHugeImageFromTinyFrameFailsBeforeAllocating() {
        // 60000 x 60000 x 32-bit RGB would be 43 GB; four bytes per segment cannot fill it.
        let d = PixelDescription(rows: 60000, columns: 60000, samplesPerPixel: 3, bitsAllocated: 32, bitsStored: 32)
        let frame = RLETestEncoder.assemble([[UInt8]](repeating: [0x81, 0], count: 12))
        assertCorrupt(try decode(frame, d), mentions: "too few for 3600000000 pixels")
    }

    func testUnsupportedBitsAllocated() {
        let d = PixelDescription(rows: 1, columns: 1, bitsAllocated: 12, bitsStored: 12)
        assertCorrupt(try decode([UInt8](repeating: 0, count: 64), d), mentions: "multiple of 8")
    }

    func testEveryTruncationAndRandomCorruptionFailsCleanly() throws {
        let d = PixelDescription(rows: 16, columns: 16, samplesPerPixel: 3, bitsAllocated: 16, bitsStored: 16)
        let values: [UInt64] = (0..<768).map { (i: Int) -> UInt64 in
            i < 400 ? 0x1111 : UInt64((i &* 40503) & 0xFFFF)
        }
        let frame = RLETestEncoder.frame(values, d)
        for length in 0..<frame.count - 1 {
            assertCorrupt(try decode(Array(frame.prefix(length)), d))
        }
        var rng = LosslessTestSupport.Random(seed: 42)
        for _ in 0..<2000 {
            var mutated = frame
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                mutated[Int(rng.next() % UInt64(mutated.count))] = UInt8(truncatingIfNeeded: rng.next())
            }
            do {
                let out = try decode(mutated, d)
                XCTAssertEqual(out.count, d.decodedFrameLength)
            } catch let error as PixelDataError {
                guard case .corruptFrame(Self.uid, 0, _) = error else { return XCTFail("\(error)") }
            }
        }
    }

    // MARK: Helpers

    private func le(_ values: [UInt64], bytes: Int) -> [UInt8] {
        LosslessTestSupport.littleEndian(values, bytes: bytes)
    }

    private func decode(_ bytes: [UInt8], _ d: PixelDescription, index: Int = 0) throws -> [UInt8] {
        let frame = EncodedFrame(index: index, fragments: [ByteSlice(copying: bytes)])
        return try RLEDecoder().decode(frame, description: d, transferSyntax: Self.uid)
    }

    private func assertCorrupt(_ expression: @autoclosure () throws -> [UInt8], index: Int = 0, mentions: String? = nil,
                               file: StaticString = #filePath, line: UInt = #line) {
        do {
            _ = try expression()
            XCTFail("decoded corrupt input", file: file, line: line)
        } catch let error as PixelDataError {
            guard case let .corruptFrame(uid, frameIndex, reason) = error else {
                return XCTFail("unexpected \(error)", file: file, line: line)
            }
            XCTAssertEqual(uid, Self.uid, file: file, line: line)
            XCTAssertEqual(frameIndex, index, file: file, line: line)
            if let mentions {
                XCTAssertTrue(reason.contains(mentions), "\(reason) does not mention \(mentions)", file: file, line: line)
            }
        } catch {
            XCTFail("unexpected \(error)", file: file, line: line)
        }
    }
}

/// A tiny RLE Lossless encoder: segments most significant byte first, PackBits with runs
/// of 3 or more, 64-byte header.
enum RLETestEncoder {
    /// Encodes `values` (samples interleaved, one per element) for `d`.
    static func frame(_ values: [UInt64], _ d: PixelDescription) -> [UInt8] {
        let bytesPerSample = d.bitsAllocated / 8
        var segments: [[UInt8]] = []
        for sample in 0..<d.samplesPerPixel {
            for byte in (0..<bytesPerSample).reversed() {
                let plane = stride(from: sample, to: values.count, by: d.samplesPerPixel).map {
                    UInt8(truncatingIfNeeded: values[$0] >> UInt64(8 * byte))
                }
                segments.append(packBits(plane))
            }
        }
        return assemble(segments)
    }

    /// Header plus segments, each padded to even length as PS3.5 G.5 asks unless `pad` is false.
    static func assemble(_ segments: [[UInt8]], pad: Bool = true) -> [UInt8] {
        var header = [UInt8](repeating: 0, count: 64)
        var body: [UInt8] = []
        put(UInt32(segments.count), at: 0, in: &header)
        for (i, segment) in segments.enumerated() {
            put(UInt32(64 + body.count), at: 4 + 4 * i, in: &header)
            body += segment
            if pad, body.count % 2 == 1 { body.append(0x80) }
        }
        return header + body
    }

    static func packBits(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var literal: [UInt8] = []
        func flush() {
            while !literal.isEmpty {
                let n = min(literal.count, 128)
                out.append(UInt8(n - 1))
                out += literal.prefix(n)
                literal.removeFirst(n)
            }
        }
        var i = 0
        while i < bytes.count {
            var run = 1
            while i + run < bytes.count, bytes[i + run] == bytes[i], run < 128 { run += 1 }
            if run >= 3 {
                flush()
                out += [UInt8(257 - run), bytes[i]]
                i += run
            } else {
                literal.append(bytes[i])
                i += 1
            }
        }
        flush()
        return out
    }

    private static func put(_ v: UInt32, at offset: Int, in bytes: inout [UInt8]) {
        for k in 0..<4 { bytes[offset + k] = UInt8(truncatingIfNeeded: v >> UInt32(8 * k)) }
    }
}

/// Helpers the RLE and JPEG Lossless tests share.
enum LosslessTestSupport {
    /// Deterministic pseudo-random numbers (SplitMix64) for corruption tests.
    struct Random {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// `values` as little-endian containers of `bytes` bytes.
    static func littleEndian(_ values: [UInt64], bytes: Int) -> [UInt8] {
        values.flatMap { (v: UInt64) -> [UInt8] in
            (0..<bytes).map { (k: Int) -> UInt8 in UInt8(truncatingIfNeeded: v >> UInt64(8 * k)) }
        }
    }

    /// Signed 16-bit values of little-endian output.
    static func int16s(_ bytes: [UInt8]) -> [Int16] {
        stride(from: 0, to: bytes.count - 1, by: 2).map { (i: Int) -> Int16 in
            Int16(bitPattern: UInt16(bytes[i]) | (UInt16(bytes[i + 1]) << 8))
        }
    }
}
