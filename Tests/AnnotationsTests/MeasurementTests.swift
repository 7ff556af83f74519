import XCTest
@testable import Annotations

/// Sizes in mm scale each axis by its own spacing: 2 mm across a column step, 0.5 mm down a row.
final class MeasurementTests: XCTestCase {
    let spacing = PixelSpacing(row: 0.5, column: 2)

    func testPolylineLengthScalesEachAxisByItsOwnSpacing() {
        // (0,0)→(3,0): 3 columns = 6 mm; (3,0)→(3,8): 8 rows = 4 mm; (3,8)→(0,4): √(6² + 2²) mm.
        let line = RegionShape.polyline([PixelPoint(column: 0, row: 0), PixelPoint(column: 3, row: 0),
                                         PixelPoint(column: 3, row: 8), PixelPoint(column: 0, row: 4)])
        let m = line.measurements(spacing: spacing)
        XCTAssertEqual(m.lengthMM!, 10 + 40.0.squareRoot(), accuracy: 1e-12)
        XCTAssertNil(m.areaMM2)
        XCTAssertNil(m.perimeterMM)
    }

    func testPolygonAreaAndPerimeter() {
        // A right triangle of 4 columns by 6 rows: legs 8 mm and 3 mm.
        let triangle = RegionShape.polygon([PixelPoint(column: 1, row: 1), PixelPoint(column: 5, row: 1),
                                            PixelPoint(column: 1, row: 7)])
        let m = triangle.measurements(spacing: spacing)
        XCTAssertEqual(m.areaMM2, 12)
        XCTAssertEqual(m.perimeterMM!, 8 + 3 + 73.0.squareRoot(), accuracy: 1e-12)
        XCTAssertNil(m.lengthMM)
    }

    func testPolygonAreaDoesNotDependOnWindingDirection() {
        let clockwise = [PixelPoint(column: 0, row: 0), PixelPoint(column: 4, row: 0),
                         PixelPoint(column: 4, row: 2), PixelPoint(column: 0, row: 2)]
        let a = RegionShape.polygon(clockwise).measurements(spacing: spacing)
        let b = RegionShape.polygon(clockwise.reversed()).measurements(spacing: spacing)
        XCTAssertEqual(a.areaMM2, 8)
        XCTAssertEqual(b.areaMM2, 8)
    }

    func testRectangleAxesAreaAndPerimeter() {
        let m = RegionShape.rectangle(origin: PixelPoint(column: 10, row: 20), width: 3, height: 4)
            .measurements(spacing: spacing)
        XCTAssertEqual(m, ShapeMeasurements(areaMM2: 12, perimeterMM: 16, horizontalAxisMM: 6, verticalAxisMM: 2))
    }

    func testEllipseAxesAndArea() {
        // Radii 5 columns (10 mm) and 8 rows (4 mm): diameters 20 and 8 mm, area π·10·4.
        let m = RegionShape.ellipse(center: PixelPoint(column: 50, row: 50), columnRadius: 5, rowRadius: 8)
            .measurements(spacing: spacing)
        XCTAssertEqual(m.horizontalAxisMM, 20)
        XCTAssertEqual(m.verticalAxisMM, 8)
        XCTAssertEqual(m.areaMM2!, Double.pi * 40, accuracy: 1e-12)
    }

    func testEllipsePerimeterIsExact() {
        // Semi-axes 10 and 4 mm. Reference: 4·10·E(e), e² = 1 − 0.16, from the series
        // E = π/2·(1 − Σ ((2n)!/(2ⁿn!)²)² e²ⁿ/(2n−1)), summed here to convergence.
        let e2 = 1 - 0.16
        var term = 1.0, sum = 1.0
        for n in 1..<2000 {
            term *= Double(2 * n - 1) / Double(2 * n) * Double(2 * n - 1) / Double(2 * n) * e2
            sum -= term / Double(2 * n - 1)
        }
        let reference = 4 * 10 * Double.pi / 2 * sum
        let m = RegionShape.ellipse(center: PixelPoint(column: 50, row: 50), columnRadius: 5, rowRadius: 8)
            .measurements(spacing: spacing)
        XCTAssertEqual(m.perimeterMM!, reference, accuracy: 1e-9)
        XCTAssertEqual(m.perimeterMM!, 46.026225191, accuracy: 1e-8)  // numeric quadrature of the arc length
    }

    func testCirclePerimeterIsTwoPiR() {
        let m = RegionShape.ellipse(center: PixelPoint(column: 9, row: 9), columnRadius: 3, rowRadius: 3)
            .measurements(spacing: PixelSpacing(row: 0.7, column: 0.7))
        XCTAssertEqual(m.perimeterMM!, 2 * Double.pi * 2.1, accuracy: 1e-12)
    }

    func testPointHasNoMeasurements() {
        XCTAssertEqual(RegionShape.point(PixelPoint(column: 1, row: 1)).measurements(spacing: spacing),
                       ShapeMeasurements())
    }

    func testNoMeasurementsWithoutPixelSpacing() {
        let frame = FrameGeometry(rows: 64, columns: 64)
        XCTAssertNil(frame.measurements(of: .rectangle(origin: PixelPoint(column: 0, row: 0), width: 2, height: 2)))
        let measured = FrameGeometry(rows: 64, columns: 64, pixelSpacing: spacing)
        XCTAssertEqual(measured.measurements(of: .rectangle(origin: PixelPoint(column: 0, row: 0), width: 2, height: 2))?.areaMM2, 4)
    }

    func testLongestAxisIsTheWidestVertexPairInMillimetres() {
        let anisotropic = PixelSpacing(row: 2, column: 0.5)
        // Vertices (0,0), (8,0), (0,3): across 8 × 0.5 = 4 mm, down 3 × 2 = 6 mm, the diagonal √(16 + 36).
        let triangle = RegionShape.polygon([PixelPoint(column: 0, row: 0), PixelPoint(column: 8, row: 0), PixelPoint(column: 0, row: 3)])
        XCTAssertEqual(triangle.longestAxis(spacing: anisotropic)!, 52.0.squareRoot(), accuracy: 1e-12)
        let line = RegionShape.polyline([PixelPoint(column: 0, row: 0), PixelPoint(column: 3, row: 4)])
        XCTAssertEqual(line.longestAxis(spacing: PixelSpacing(row: 2, column: 2)), 10)
    }

    func testLongestAxisOfRectanglesAndEllipsesIsTheLongerImageAxis() {
        let anisotropic = PixelSpacing(row: 2, column: 0.5)
        XCTAssertEqual(RegionShape.rectangle(origin: PixelPoint(column: 1, row: 1), width: 10, height: 2).longestAxis(spacing: anisotropic), 5)
        XCTAssertEqual(RegionShape.ellipse(center: PixelPoint(column: 9, row: 9), columnRadius: 4, rowRadius: 3).longestAxis(spacing: anisotropic), 12)
        XCTAssertNil(RegionShape.point(PixelPoint(column: 1, row: 1)).longestAxis(spacing: anisotropic))
    }
}
