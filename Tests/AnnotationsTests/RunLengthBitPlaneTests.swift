import Foundation
import XCTest
@testable import Annotations

final class RunLengthBitPlaneTests: XCTestCase {
    private func roundTrip(_ pixels: [UInt8], rows: Int, columns: Int, file: StaticString = #filePath, line: UInt = #line) throws -> RunLengthBitPlane {
        let plane = try RunLengthBitPlane(rows: rows, columns: columns, pixels: pixels)
        XCTAssertEqual(plane.pixels(), pixels.map { $0 == 0 ? 0 : 1 }, file: file, line: line)
        XCTAssertEqual(try RunLengthBitPlane(rows: rows, columns: columns, runs: plane.runs), plane, file: file, line: line)
        let json = try JSONEncoder().encode(plane)
        XCTAssertEqual(try JSONDecoder().decode(RunLengthBitPlane.self, from: json), plane, file: file, line: line)
        return plane
    }

    func testRunsAlternateStartingWithUnsetPixels() throws {
        let plane = try roundTrip([0, 1, 1, 1, 0, 0], rows: 2, columns: 3)
        XCTAssertEqual(plane.runs, [1, 3, 2])
        XCTAssertEqual(plane.setPixelCount, 3)
    }

    func testFirstPixelSetGivesALeadingZeroRun() throws {
        XCTAssertEqual(try roundTrip([1, 1, 0, 1], rows: 2, columns: 2).runs, [0, 2, 1, 1])
    }

    func testEmptyPlaneIsOneRun() throws {
        let plane = try roundTrip([UInt8](repeating: 0, count: 35), rows: 5, columns: 7)
        XCTAssertEqual(plane.runs, [35])
        XCTAssertEqual(plane.setPixelCount, 0)
    }

    func testFullPlaneIsTwoRuns() throws {
        let plane = try roundTrip([UInt8](repeating: 255, count: 35), rows: 5, columns: 7)
        XCTAssertEqual(plane.runs, [0, 35])
        XCTAssertEqual(plane.setPixelCount, 35)
    }

    func testZeroSizedPlane() throws {
        XCTAssertEqual(try roundTrip([], rows: 0, columns: 4).runs, [0])
    }

    func testAlternatingPixelsAreOneRunEach() throws {
        let pixels = (0..<21).map { UInt8($0 % 2) }
        let plane = try roundTrip(pixels, rows: 3, columns: 7)
        XCTAssertEqual(plane.runs, [UInt8](repeating: 1, count: 21).map(Int.init))
    }

    /// Runs cross row ends: with an odd width a checkerboard's rows start alternately unset and set.
    func testRunsSpanRowEndsWithOddWidths() throws {
        let pixels = (0..<3).flatMap { row in (0..<5).map { column in UInt8((row + column) % 2) } }
        let plane = try roundTrip(pixels, rows: 3, columns: 5)
        XCTAssertEqual(plane.runs, [UInt8](repeating: 1, count: 15).map(Int.init))
        XCTAssertTrue(plane.isSet(column: 1, row: 0))
        XCTAssertFalse(plane.isSet(column: 0, row: 2))
        XCTAssertTrue(plane.isSet(column: 4, row: 1))
        XCTAssertFalse(plane.isSet(column: 5, row: 0))
        XCTAssertFalse(plane.isSet(column: -1, row: 0))
    }

    func testRandomPlanesRoundTrip() throws {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<50 {
            let rows = Int.random(in: 1...40, using: &generator), columns = Int.random(in: 1...41, using: &generator)
            let density = Double.random(in: 0...1, using: &generator)
            let pixels = (0..<(rows * columns)).map { _ in UInt8(Double.random(in: 0..<1, using: &generator) < density ? 1 : 0) }
            let plane = try roundTrip(pixels, rows: rows, columns: columns)
            XCTAssertEqual(plane.runs.reduce(0, +), rows * columns)
            XCTAssertEqual(plane.setPixelCount, pixels.filter { $0 != 0 }.count)
            XCTAssertTrue(plane.runs.dropFirst().allSatisfy { $0 > 0 })
        }
    }

    /// Long runs of mixed non-zero values, starting and ending at every offset within an
    /// 8-byte word, give exactly the runs a pixel-by-pixel count gives.
    func testLongRunsOfAnyNonZeroValueMatchAPixelByPixelCount() throws {
        var generator = SplitMix64(seed: 11)
        for _ in 0..<200 {
            var pixels: [UInt8] = []
            var inside = Bool.random(using: &generator)
            while pixels.count < 300 {
                let length = Int.random(in: 1...40, using: &generator)
                pixels += (0..<length).map { _ in inside ? [1, 2, 128, 255][Int.random(in: 0..<4, using: &generator)] : 0 }
                inside.toggle()
            }
            var expected: [Int] = []
            var current = false, length = 0
            for pixel in pixels {
                if (pixel != 0) != current { expected.append(length); current.toggle(); length = 0 }
                length += 1
            }
            expected.append(length)
            XCTAssertEqual(try roundTrip(pixels, rows: 1, columns: pixels.count).runs, expected)
        }
    }

    func testCompactForADisc() throws {
        // A filled disc on a 512 × 512 frame costs two runs per row it crosses, plus one.
        let pixels = (0..<512).flatMap { row in (0..<512).map { column in
            UInt8((row - 256) * (row - 256) + (column - 256) * (column - 256) <= 100 * 100 ? 1 : 0) } }
        let plane = try roundTrip(pixels, rows: 512, columns: 512)
        XCTAssertEqual(plane.runs.count, 2 * 201 + 1)
    }

    func testJSONIsReadable() throws {
        let plane = try RunLengthBitPlane(rows: 2, columns: 3, pixels: [0, 1, 1, 1, 0, 0])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        XCTAssertEqual(String(decoding: try encoder.encode(plane), as: UTF8.self), #"{"columns":3,"rows":2,"runs":[1,3,2]}"#)
    }

    // MARK: - Bad input

    func testPixelCountMustMatchSize() {
        XCTAssertThrowsError(try RunLengthBitPlane(rows: 2, columns: 3, pixels: [0, 1])) { error in
            XCTAssertEqual(error as? AnnotationError, .maskValueCountMismatch(expected: 6, actual: 2))
        }
    }

    func testStoredRunsMustCoverThePlaneExactly() {
        XCTAssertThrowsError(try RunLengthBitPlane(rows: 2, columns: 3, runs: [1, 3, 1])) { error in
            XCTAssertEqual(error as? AnnotationError,
                           .invalidRunLengths("the runs cover 5 pixels but a 3 × 2 plane has 6"))
        }
    }

    func testOnlyTheFirstRunMayBeZero() {
        XCTAssertThrowsError(try RunLengthBitPlane(rows: 2, columns: 3, runs: [1, 0, 5])) { error in
            XCTAssertEqual(error as? AnnotationError, .invalidRunLengths("run 1 is 0; only the first run may be 0"))
        }
    }

    func testNegativeAndMissingRunsAreRefused() {
        XCTAssertThrowsError(try RunLengthBitPlane(rows: 1, columns: 1, runs: [-1, 2]))
        XCTAssertThrowsError(try RunLengthBitPlane(rows: 1, columns: 1, runs: []))
        XCTAssertThrowsError(try RunLengthBitPlane(rows: 1, columns: 2, runs: [1, Int.max]))
        XCTAssertThrowsError(try RunLengthBitPlane(rows: -1, columns: 2, runs: [0]))
    }

    func testCorruptJSONIsADecodingError() {
        let json = Data(#"{"rows":2,"columns":2,"runs":[1,1]}"#.utf8)
        XCTAssertThrowsError(try JSONDecoder().decode(RunLengthBitPlane.self, from: json)) { error in
            XCTAssertTrue(error is DecodingError)
        }
    }
}
