import XCTest
@testable import ClinicalText

final class MeasurementTests: XCTestCase {
    private func read(_ text: String) -> [SizeMeasurement] {
        let tokens = Tokenizer.tokens(in: text)
        return MeasurementReader.measurements(in: tokens, bounds: 0..<tokens.count).map(\.measurement)
    }

    func testReadsDimensionsRangesAndSingleSizes() {
        XCTAssertEqual(read("3.2 x 2.1 x 1.0 cm"), [SizeMeasurement(range: 0..<18, kind: .dimensions, values: [3.2, 2.1, 1.0], unit: "cm")])
        XCTAssertEqual(read("3.2x2.1cm"), [SizeMeasurement(range: 0..<9, kind: .dimensions, values: [3.2, 2.1], unit: "cm")])
        XCTAssertEqual(read("8-10 mm"), [SizeMeasurement(range: 0..<7, kind: .range, values: [8, 10], unit: "mm")])
        XCTAssertEqual(read("8 to 10 millimeters"), [SizeMeasurement(range: 0..<19, kind: .range, values: [8, 10], unit: "mm")])
        XCTAssertEqual(read("12 mm and 1,5 cm"), [SizeMeasurement(range: 0..<5, kind: .dimensions, values: [12], unit: "mm"),
                                                  SizeMeasurement(range: 10..<16, kind: .dimensions, values: [1.5], unit: "cm")])
    }

    func testNumbersWithoutALengthUnitAreNotSizes() {
        XCTAssertEqual(read("T2 signal, 3 lesions, 5 x cm, 40 mg, segment 6"), [])
    }

    func testConvertsToMillimetres() {
        let size = SizeMeasurement(range: 0..<1, kind: .dimensions, values: [3.2, 2.1], unit: "cm")
        XCTAssertEqual(size.millimetres, [32, 21])
        XCTAssertEqual(size.largestMillimetres, 32)
    }
}
