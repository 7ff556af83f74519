import CCharLS
import DICOM
@testable import DICOMPixels
import XCTest

/// Restart intervals (DRI + RSTm): CharLS 2.4.1 cannot write them, so the codestreams here
/// are stitched from strips CharLS encoded one by one — after a restart marker a decoder
/// starts afresh, as at the top of an image, so each strip's scan data is exactly one
/// restart interval.
final class JPEGLSRestartTests: XCTestCase {
    /// The codestream of `image` with a restart marker every `interval` rows, and the
    /// samples it holds.
    private func stitched(_ image: CharLSTestImage, interval: Int, content: CharLSTestImage.Content,
                          seed: UInt64) throws -> (codestream: [UInt8], samples: [UInt8]) {
        var strip = image
        var header: [UInt8] = []
        var scans: [[UInt8]] = []
        var samples: [UInt8] = []
        for (index, top) in stride(from: 0, to: image.rows, by: interval).enumerated() {
            strip.rows = min(interval, image.rows - top)
            let stripSamples = strip.samples(content, seed: seed &+ UInt64(index))
            samples += stripSamples
            let codestream = try strip.encode(stripSamples)
            let sos = try XCTUnwrap((0..<codestream.count - 1).first { codestream[$0] == 0xFF && codestream[$0 + 1] == 0xDA })
            let dataStart = sos + 2 + Int(codestream[sos + 2]) << 8 + Int(codestream[sos + 3])
            XCTAssertEqual(Array(codestream.suffix(2)), [0xFF, 0xD9])
            if header.isEmpty { header = Array(codestream[..<dataStart]) }
            scans.append(Array(codestream[dataStart..<(codestream.count - 2)]))
        }
        // The frame header gets the full height; DRI goes in front of SOS.
        let sof = try XCTUnwrap((0..<header.count - 1).first { header[$0] == 0xFF && header[$0 + 1] == 0xF7 })
        header[sof + 5] = UInt8(image.rows >> 8)
        header[sof + 6] = UInt8(image.rows & 0xFF)
        let sos = try XCTUnwrap((0..<header.count - 1).first { header[$0] == 0xFF && header[$0 + 1] == 0xDA })
        header.insert(contentsOf: [0xFF, 0xDD, 0x00, 0x04, UInt8(interval >> 8), UInt8(interval & 0xFF)], at: sos)
        var codestream = header
        for (index, scan) in scans.enumerated() {
            if index > 0 { codestream += [0xFF, 0xD0 + UInt8((index - 1) % 8)] }
            codestream += scan
        }
        return (codestream + [0xFF, 0xD9], samples)
    }

    /// 1 component and 3 line-interleaved, lossless and near-lossless, intervals of 1, 2 and
    /// 7 rows (so the RST numbers wrap past RST7): the Swift decoder gives CharLS's output,
    /// which for lossless strips is the source image.
    func testRestartIntervalsDecodeExactlyAsCharLS() throws {
        var seed: UInt64 = 77
        for bits in [8, 12, 16] {
            for near in [0, 2] {
                for (components, interleave) in [(1, CHARLS_INTERLEAVE_MODE_NONE), (3, CHARLS_INTERLEAVE_MODE_LINE)] {
                    for interval in [1, 2, 7] {
                        seed += 1
                        let image = CharLSTestImage(columns: 19, rows: 23, bits: bits, components: components,
                                                    interleave: interleave, near: near)
                        let (codestream, samples) = try stitched(image, interval: interval, content: .smooth, seed: seed)
                        let expected = try JPEGLSDecoding.charLS(codestream, image.description).get()
                        let decoded = try JPEGLSDecoding.swift(codestream, image.description).get()
                        XCTAssertEqual(decoded, expected, "\(bits) bits, NEAR \(near), \(components) components, interval \(interval)")
                        if near == 0 && components == 1 {
                            XCTAssertEqual(decoded, samples, "\(bits) bits, interval \(interval)")
                        }
                    }
                }
            }
        }
    }

    /// A restart marker with the wrong number, or none where one is due, is damage.
    func testMissingOrMisnumberedRestartMarkerIsReported() throws {
        let image = CharLSTestImage(columns: 19, rows: 6, bits: 12)
        let (codestream, _) = try stitched(image, interval: 2, content: .random, seed: 5)
        let first = try XCTUnwrap((0..<codestream.count - 1).first { codestream[$0] == 0xFF && codestream[$0 + 1] == 0xD0 })
        var misnumbered = codestream
        misnumbered[first + 1] = 0xD3
        XCTAssertEqual(JPEGLSDecoding.swift(misnumbered, image.description).failure?.reason,
                       "restart marker RST0 is missing before row 3")
        var missing = codestream
        missing.removeSubrange(first..<first + 2)
        XCTAssertEqual(JPEGLSDecoding.swift(missing, image.description).failure?.reason,
                       "restart marker RST0 is missing before row 3")
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
