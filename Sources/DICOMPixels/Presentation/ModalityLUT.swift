import DICOM

/// The Modality LUT (PS3.3 C.11.1): turns stored pixel values into modality values such as
/// Hounsfield units, either by Rescale Slope/Intercept or by a Modality LUT Sequence table.
///
/// ```swift
/// let modality = try ModalityLUT(dataSet: ds, isSigned: description.isSigned)
/// modality(1000)          // -24.0 for a CT with intercept -1024
/// ```
public enum ModalityLUT: Equatable, Sendable {
    /// No Modality LUT module: modality values are the stored values.
    case identity
    /// Output = stored × slope + intercept (C.11.1.1.2).
    case rescale(slope: Double, intercept: Double)
    /// Output = the Modality LUT Sequence's table applied to the stored value (C.11.1.1.1).
    case table(LookupTable)

    /// Reads the Modality LUT module of `dataSet`; for enhanced multi-frame objects pass the
    /// frame's merged attributes (``FunctionalGroups/attributes(for:in:)``).
    ///
    /// A Modality LUT Sequence takes precedence over Rescale Slope/Intercept (the standard
    /// forbids both; pydicom and DCMTK prefer the table too). When only one of slope and
    /// intercept is present the other takes its neutral value (1 or 0), as a viewer would.
    ///
    /// - Parameter isSigned: Pixel Representation is 1, so the LUT's first mapped value is
    ///   two's complement.
    public init(dataSet: DataSet, isSigned: Bool) throws(PixelDataError) {
        if let item = dataSet.sequence(.modalityLUTSequence)?.first {
            self = .table(try LookupTable(item: item, firstMappedIsSigned: isSigned))
            return
        }
        let slope = try decimal(.rescaleSlope, in: dataSet)
        let intercept = try decimal(.rescaleIntercept, in: dataSet)
        if slope == nil, intercept == nil {
            self = .identity
        } else {
            self = .rescale(slope: slope ?? 1, intercept: intercept ?? 0)
        }
    }

    /// The modality value of an integer stored value.
    @inlinable public func callAsFunction(_ stored: Int) -> Double {
        switch self {
        case .identity: Double(stored)
        case let .rescale(slope, intercept): Double(stored) * slope + intercept
        case let .table(table): Double(table[stored])
        }
    }

    /// The modality value of a floating-point stored value (Float Pixel Data); a table maps
    /// the value rounded down.
    @inlinable public func callAsFunction(_ stored: Double) -> Double {
        switch self {
        case .identity: stored
        case let .rescale(slope, intercept): stored * slope + intercept
        case let .table(table):
            stored.isFinite ? Double(table[Int(max(min(stored, 1e15), -1e15).rounded(.down))]) : stored
        }
    }

    /// The range modality values can take for stored values of `bitsStored` bits: the table's
    /// declared output range, or the stored range mapped through the rescale.
    public func outputRange(bitsStored: Int, isSigned: Bool) -> ClosedRange<Double> {
        let bits = min(max(bitsStored, 1), 63)
        let low = isSigned ? -Double(sign: .plus, exponent: bits - 1, significand: 1) : 0
        let high = isSigned ? Double(sign: .plus, exponent: bits - 1, significand: 1) - 1
            : Double(sign: .plus, exponent: bits, significand: 1) - 1
        switch self {
        case .identity:
            return low...high
        case let .rescale(slope, intercept):
            let a = low * slope + intercept, b = high * slope + intercept
            return min(a, b)...max(a, b)
        case let .table(table):
            return 0...Double(table.maximumOutput)
        }
    }
}

/// The first value of a DS attribute; nil when absent or empty, an error when it is not a number.
func decimal(_ tag: Tag, in dataSet: DataSet) throws(PixelDataError) -> Double? {
    guard let element = dataSet[tag], !element.isEmpty else { return nil }
    guard let value = dataSet.doubles(tag).first, value.isFinite else {
        throw .invalidAttribute(tag, keyword: keyword(tag), reason: "is \"\(dataSet.string(tag) ?? "")\", not a number")
    }
    return value
}
