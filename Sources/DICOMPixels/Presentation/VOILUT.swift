import DICOM

/// The VOI LUT (PS3.3 C.11.2): the transform that picks the range of modality values of
/// interest and maps it to display values, either a ``Window`` or a VOI LUT Sequence table.
///
/// ```swift
/// let windows = try VOILUT.windows(in: ds)            // every centre/width pair, in order
/// let voi = try VOILUT.select(in: ds, index: 1, firstMappedIsSigned: true)
/// ```
public enum VOILUT: Equatable, Sendable {
    /// Window Center/Width with a VOI LUT Function.
    case window(Window)
    /// One item of the VOI LUT Sequence (0028,3010).
    case table(LookupTable)

    /// The windows of `dataSet`, pairing the n-th Window Center with the n-th Window Width
    /// (and the n-th explanation), all with the data set's VOI LUT Function (LINEAR when absent).
    public static func windows(in dataSet: DataSet) throws(PixelDataError) -> [Window] {
        let centers = dataSet.doubles(.windowCenter), widths = dataSet.doubles(.windowWidth)
        guard !centers.isEmpty, !widths.isEmpty else { return [] }
        let function: VOIFunction
        if let name = dataSet.string(.voilutFunction), !name.isEmpty {
            guard let known = VOIFunction(rawValue: name.uppercased()) else {
                throw .invalidAttribute(.voilutFunction, keyword: "VOILUTFunction",
                                        reason: "is \"\(name)\"; LINEAR, LINEAR_EXACT and SIGMOID are supported")
            }
            function = known
        } else {
            function = .linear
        }
        let explanations = dataSet.strings(.windowCenterWidthExplanation)
        return zip(centers, widths).enumerated().map { i, pair in
            Window(center: pair.0, width: pair.1, function: function,
                   explanation: i < explanations.count ? explanations[i] : nil)
        }
    }

    /// The tables of the VOI LUT Sequence, in order.
    ///
    /// - Parameter firstMappedIsSigned: whether the LUT's input (the Modality LUT's output)
    ///   can be negative, so the descriptor's first mapped value is two's complement.
    public static func tables(in dataSet: DataSet, firstMappedIsSigned: Bool) throws(PixelDataError) -> [LookupTable] {
        guard let items = dataSet.sequence(.voilutSequence) else { return [] }
        var tables: [LookupTable] = []
        for item in items {
            tables.append(try LookupTable(item: item, firstMappedIsSigned: firstMappedIsSigned))
        }
        return tables
    }

    /// The VOI transform a viewer applies by default: the `index`-th VOI LUT Sequence table when
    /// the data set has one and `preferTable` is true (as pydicom's `apply_voi_lut` does),
    /// otherwise the `index`-th window; nil when the data set has neither.
    ///
    /// - Throws: ``PixelDataError/invalidAttribute(_:keyword:reason:)`` when `index` names a
    ///   window or table that does not exist, or a window's width is not one its function allows.
    public static func select(in dataSet: DataSet, index: Int = 0, preferTable: Bool = true,
                              firstMappedIsSigned: Bool) throws(PixelDataError) -> VOILUT? {
        let tables = try tables(in: dataSet, firstMappedIsSigned: firstMappedIsSigned)
        let windows = try windows(in: dataSet)
        if !tables.isEmpty, preferTable || windows.isEmpty {
            guard tables.indices.contains(index) else {
                throw .invalidAttribute(.voilutSequence, keyword: "VOILUTSequence",
                                        reason: "has \(tables.count) items; there is no VOI LUT \(index)")
            }
            return .table(tables[index])
        }
        guard !windows.isEmpty else { return nil }
        guard windows.indices.contains(index) else {
            throw .invalidAttribute(.windowCenter, keyword: "WindowCenter",
                                    reason: "has \(windows.count) values; there is no window \(index)")
        }
        let window = windows[index]
        guard window.isValid else {
            throw .invalidAttribute(.windowWidth, keyword: "WindowWidth",
                                    reason: "is \(window.width), which \(window.function.rawValue) windowing does not allow (\(window.function == .linear ? "at least 1" : "more than 0") is required)")
        }
        return .window(window)
    }
}
