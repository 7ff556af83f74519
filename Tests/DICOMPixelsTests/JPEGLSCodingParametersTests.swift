@testable import DICOMPixels
import XCTest

/// The parameters T.87 derives for a scan (A.2, C.2.4.1.1).
final class JPEGLSCodingParametersTests: XCTestCase {
    private func parameters(_ precision: Int, near: Int = 0,
                            _ preset: JPEGLSPresetParameters = JPEGLSPresetParameters()) throws -> JPEGLSCodingParameters {
        try JPEGLSCodingParameters(precision: precision, near: near, preset: preset)
    }

    /// C.2.4.1.1.1: the basic 3, 7, 21 scaled by (min(MAXVAL, 4095) + 128) / 256 from 128
    /// up, divided by 256 / (MAXVAL + 1) below, and widened by 3, 5 and 7 × NEAR.
    func testDefaultThresholds() throws {
        let cases: [(precision: Int, near: Int, expected: [Int])] = [
            (8, 0, [3, 7, 21]), (12, 0, [18, 67, 276]), (16, 0, [18, 67, 276]), (10, 0, [6, 19, 72]),
            (8, 3, [12, 22, 42]), (12, 1, [21, 72, 283]),
            (2, 0, [2, 3, 3]), (5, 0, [2, 3, 4]), (7, 0, [2, 3, 10]), (5, 1, [3, 5, 9]),
        ]
        for c in cases {
            let p = try parameters(c.precision, near: c.near)
            XCTAssertEqual([p.t1, p.t2, p.t3], c.expected, "\(c.precision) bits, NEAR \(c.near)")
        }
    }

    /// RANGE, qbpp and LIMIT (A.2.1), lossless and near-lossless.
    func testDerivedQuantities() throws {
        let lossless = try parameters(12)
        XCTAssertEqual([lossless.maxValue, lossless.range, lossless.qbpp, lossless.limit, lossless.reset],
                       [4095, 4096, 12, 48, 64])
        let near = try parameters(8, near: 2)
        XCTAssertEqual([near.range, near.qbpp, near.limit], [(255 + 4) / 5 + 1, 6, 32])
        let twoBit = try parameters(2)
        XCTAssertEqual([twoBit.range, twoBit.qbpp, twoBit.limit], [4, 2, 20])
    }

    /// Zero keeps a default; thresholds out of order, NEAR too large or RESET too small are
    /// damage; a MAXVAL below 2^P − 1 is declined.
    func testPresetsAreCheckedAndApplied() throws {
        let custom = try parameters(12, JPEGLSPresetParameters(t1: 5, t2: 0, t3: 300, reset: 32))
        XCTAssertEqual([custom.t1, custom.t2, custom.t3, custom.reset], [5, 67, 300, 32])
        XCTAssertThrowsError(try parameters(12, JPEGLSPresetParameters(t1: 70, t2: 67))) { error in
            XCTAssertEqual((error as? JPEGLSFailure)?.reason,
                           "the thresholds T1 70, T2 67, T3 276 are not ordered within 1...4095")
        }
        XCTAssertThrowsError(try parameters(8, near: 128)) { error in
            XCTAssertEqual((error as? JPEGLSFailure)?.reason, "NEAR 128 is outside 0...127 for MAXVAL 255")
        }
        XCTAssertThrowsError(try parameters(8, JPEGLSPresetParameters(reset: 2))) { error in
            XCTAssertEqual((error as? JPEGLSFailure)?.reason, "RESET 2 is outside 3...255")
        }
        XCTAssertThrowsError(try parameters(8, JPEGLSPresetParameters(maxValue: 300))) { error in
            XCTAssertEqual((error as? JPEGLSFailure)?.isUnsupported, false)
        }
        XCTAssertThrowsError(try parameters(8, JPEGLSPresetParameters(maxValue: 200))) { error in
            XCTAssertEqual(error as? JPEGLSFailure, JPEGLSFailure(unsupported: "MAXVAL 200 below the 8-bit maximum"))
        }
        XCTAssertThrowsError(try parameters(16, JPEGLSPresetParameters(reset: 20000))) { error in
            XCTAssertEqual((error as? JPEGLSFailure)?.isUnsupported, true)
        }
    }
}
