import CCharLS
import DICOM
@testable import DICOMPixels
import XCTest

/// The Swift JPEG-LS decoder against CharLS on codestreams CharLS's own encoder wrote:
/// every output byte must be CharLS's.
final class JPEGLSCharLSParityTests: XCTestCase {
    static let sizes = [(1, 1), (1, 17), (2, 3), (3, 2), (17, 1), (17, 17), (64, 3), (64, 64)]
    static let modes: [(Int, charls_interleave_mode)] = [
        (1, CHARLS_INTERLEAVE_MODE_NONE), (3, CHARLS_INTERLEAVE_MODE_NONE),
        (3, CHARLS_INTERLEAVE_MODE_LINE), (3, CHARLS_INTERLEAVE_MODE_SAMPLE),
    ]

    private func assertMatchesCharLS(_ image: CharLSTestImage, _ content: CharLSTestImage.Content, seed: UInt64,
                                     file: StaticString = #filePath, line: UInt = #line) throws {
        let codestream = try image.encode(image.samples(content, seed: seed))
        let expected: [UInt8]
        switch JPEGLSDecoding.charLS(codestream, image.description) {
        case .success(let output): expected = output
        case .failure(let failure): return XCTFail("CharLS: \(content) \(image): \(failure.reason)", file: file, line: line)
        }
        switch JPEGLSDecoding.swift(codestream, image.description) {
        case .success(let output):
            if output != expected {
                let first = zip(output, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? -1
                XCTFail("\(content) \(image): first difference at byte \(first)", file: file, line: line)
            }
        case .failure(let failure):
            XCTFail("\(content) \(image): \(failure.reason)", file: file, line: line)
        }
    }

    /// Precisions 2 to 16, NEAR 0, 1 and 3, 1 and 3 components in every interleave mode,
    /// widths and heights from 1 to 64; random, smooth and run-heavy content.
    func testSyntheticImagesDecodeExactlyAsCharLS() throws {
        var seed: UInt64 = 1
        for bits in [2, 5, 8, 10, 12, 15, 16] {
            for near in [0, 1, 3] where near <= ((1 << bits) - 1) / 2 {
                for (components, interleave) in Self.modes {
                    for (columns, rows) in Self.sizes {
                        for content in [CharLSTestImage.Content.random, .smooth, .flatRuns] {
                            seed += 1
                            let image = CharLSTestImage(columns: columns, rows: rows, bits: bits, components: components,
                                                        interleave: interleave, near: near)
                            try assertMatchesCharLS(image, content, seed: seed)
                        }
                    }
                }
            }
        }
    }

    /// Custom thresholds and RESET from an LSE segment. (Sample interleave is left out: with
    /// custom thresholds CharLS 2.4.1's encoder writes scans that neither CharLS's decoder
    /// nor this one can read, and CharLS crashes on some of them.)
    func testCustomPresetParametersDecodeExactlyAsCharLS() throws {
        let presets: [(Int, charls_jpegls_pc_parameters)] = [
            (8, charls_jpegls_pc_parameters(maximum_sample_value: 0, threshold1: 4, threshold2: 9, threshold3: 30, reset_value: 16)),
            (10, charls_jpegls_pc_parameters(maximum_sample_value: 0, threshold1: 5, threshold2: 0, threshold3: 90, reset_value: 0)),
            (12, charls_jpegls_pc_parameters(maximum_sample_value: 0, threshold1: 10, threshold2: 40, threshold3: 300, reset_value: 255)),
            (16, charls_jpegls_pc_parameters(maximum_sample_value: 0, threshold1: 18, threshold2: 67, threshold3: 276, reset_value: 3)),
            (5, charls_jpegls_pc_parameters(maximum_sample_value: 0, threshold1: 4, threshold2: 5, threshold3: 6, reset_value: 8)),
        ]
        var seed: UInt64 = 10_000
        for (bits, preset) in presets {
            for near in [0, 1, 3] where near < preset.threshold1 {
                for (components, interleave) in Self.modes.dropLast() {
                    for content in [CharLSTestImage.Content.random, .smooth, .flatRuns] {
                        seed += 1
                        let image = CharLSTestImage(columns: 33, rows: 21, bits: bits, components: components,
                                                    interleave: interleave, near: near, presets: preset)
                        try assertMatchesCharLS(image, content, seed: seed)
                    }
                }
            }
        }
    }
}
