/// A rectangle of a JPEG 2000 coordinate system (reference grid, tile-component,
/// resolution or subband): samples x0..<x1, y0..<y1.
struct J2KRect: Equatable {
    var x0: Int, y0: Int, x1: Int, y1: Int

    var width: Int { x1 - x0 }
    var height: Int { y1 - y0 }
    var isEmpty: Bool { x1 <= x0 || y1 <= y0 }

    /// The rectangle's coordinates divided by 2^`shift`, rounded up (B-14, B-15).
    func scaledDown(by shift: Int) -> J2KRect {
        J2KRect(x0: ceilShift(x0, shift), y0: ceilShift(y0, shift), x1: ceilShift(x1, shift), y1: ceilShift(y1, shift))
    }

    func intersection(_ other: J2KRect) -> J2KRect {
        J2KRect(x0: max(x0, other.x0), y0: max(y0, other.y0), x1: min(x1, other.x1), y1: min(y1, other.y1))
    }
}

/// ⌈value / 2^shift⌉, also for negative values.
@inline(__always)
func ceilShift(_ value: Int, _ shift: Int) -> Int {
    -((-value) >> shift)
}
