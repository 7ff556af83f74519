import Foundation

/// VOI LUT Function (0028,1056): how a window maps modality values to output (PS3.3 C.11.2.1.3).
public enum VOIFunction: String, Equatable, Sendable, CaseIterable {
    /// C.11.2.1.2.1, the default: a straight line through the window, with the half-pixel
    /// offsets of the original ACR-NEMA definition.
    case linear = "LINEAR"
    /// C.11.2.1.3.2: the straight line exactly from centre − width/2 to centre + width/2.
    case linearExact = "LINEAR_EXACT"
    /// C.11.2.1.3.1: a logistic curve centred on the window centre.
    case sigmoid = "SIGMOID"
}

/// A VOI window: Window Center (0028,1050), Window Width (0028,1051) and the VOI LUT Function
/// that maps modality values through them (PS3.3 C.11.2.1.2).
///
/// ```swift
/// let window = Window(center: 40, width: 400)
/// window(240, outputRange: 0...255)   // 255.0
/// window(40, outputRange: 0...255)    // 127.81954887218045 (LINEAR's half-pixel offset)
/// ```
public struct Window: Equatable, Sendable {
    public var center: Double
    public var width: Double
    public var function: VOIFunction
    /// Window Center & Width Explanation (0028,1055) for this window, if the data set gives one.
    public var explanation: String?

    public init(center: Double, width: Double, function: VOIFunction = .linear, explanation: String? = nil) {
        self.center = center
        self.width = width
        self.function = function
        self.explanation = explanation
    }

    /// Whether the width is one the function is defined for: at least 1 for LINEAR
    /// (C.11.2.1.2.1), greater than 0 for LINEAR_EXACT and SIGMOID.
    public var isValid: Bool {
        guard center.isFinite, width.isFinite else { return false }
        return function == .linear ? width >= 1 : width > 0
    }

    /// Maps the modality value `x` into `outputRange` with the exact formulas of C.11.2.1.2.1
    /// (LINEAR), C.11.2.1.3.2 (LINEAR_EXACT) and C.11.2.1.3.1 (SIGMOID).
    ///
    /// The arithmetic is ordered as pydicom's `apply_windowing` orders it, so results agree
    /// to the last bit for the linear functions.
    @inlinable public func callAsFunction(_ x: Double, outputRange: ClosedRange<Double>) -> Double {
        let yMin = outputRange.lowerBound, yRange = outputRange.upperBound - outputRange.lowerBound
        switch function {
        case .linear, .linearExact:
            // LINEAR is LINEAR_EXACT on centre − 0.5 and width − 1.
            let c = function == .linear ? center - 0.5 : center
            let w = function == .linear ? width - 1 : width
            if x <= c - w / 2 { return yMin }
            if x > c + w / 2 { return outputRange.upperBound }
            return ((x - c) / w + 0.5) * yRange + yMin
        case .sigmoid:
            return yRange / (1 + exp(-4 * (x - center) / width)) + yMin
        }
    }
}
