import XCTest
import Ontology
@testable import ClinicalText

final class ReportReaderTests: XCTestCase {
    func testMatchesLongestMultiWordNamesAbbreviationsAndPlurals() {
        let report = shippedReader.read("Ground-glass opacities and a small PTX. No pleural effusions.")
        XCTAssertEqual(report.entities.map(\.concept.display), ["Ground glass opacity", "Pneumothorax", "Pleural effusion"])
        XCTAssertEqual(report.entities.map(\.text), ["Ground-glass opacities", "PTX", "pleural effusions"])
    }

    func testAbbreviationsNeedCapitals() {
        XCTAssertEqual(shippedReader.read("The pe teacher.").entities.count, 0)
        XCTAssertEqual(shippedReader.read("No PE.").entities.map(\.concept.display), ["Pulmonary embolism"])
    }

    func testMeasurementsAttachToTheirFinding() {
        let report = shippedReader.read("A 3.2 x 2.1 cm mass in the liver. A nodule measuring 12 mm. Nodules of 8-10 mm.")
        let findings = report.findings
        XCTAssertEqual(findings.map(\.concept.display), ["Mass", "Nodule", "Nodule"])
        XCTAssertEqual(findings[0].measurements, [SizeMeasurement(range: 2..<14, kind: .dimensions, values: [3.2, 2.1], unit: "cm")])
        XCTAssertEqual(findings[0].measurements.first?.millimetres, [32, 21])
        XCTAssertEqual(findings[1].measurements.first?.largestMillimetres, 12)
        XCTAssertEqual(findings[2].measurements.first?.kind, .range)
        XCTAssertEqual(findings[2].measurements.first?.values, [8, 10])
        XCTAssertEqual(findings[0].locations.map(\.display), ["Liver"])
    }

    func testLateralityFromTheFindingItsLocationOrTheSentence() {
        let report = shippedReader.read("Right pneumothorax. Nodule in the left lower lobe. Bilateral pleural effusions. RUL mass.")
        XCTAssertEqual(report.findings.map(\.laterality), [.right, .left, .bilateral, .right])
        XCTAssertEqual(report.findings[1].locations.map(\.display), ["Lower lobe of lung"])
    }

    func testOffsetsAreScalarOffsetsWithNonASCIIText() {
        let text = "Patiënt café 🙂 µ: 5 mm nodule."
        let report = shippedReader.read(text)
        let nodule = report.findings[0]
        XCTAssertEqual(nodule.range, 23..<29)
        XCTAssertEqual(Array(text.unicodeScalars)[23..<29].map(String.init).joined(), "nodule")
        XCTAssertEqual(nodule.measurements.first?.range, 18..<22)
    }
}
