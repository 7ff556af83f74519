import DICOM

/// The Red, Green and Blue Palette Color Lookup Tables of a PALETTE COLOR image (PS3.3
/// C.7.6.3.1.5, C.7.9), from plain or segmented LUT data.
///
/// ```swift
/// let palette = try PaletteColorLUT(dataSet: ds, isSigned: false)
/// let (r, g, b) = palette[storedValue]      // 8- or 16-bit entries, see `bitsPerEntry`
/// ```
public struct PaletteColorLUT: Equatable, Sendable {
    public var red: LookupTable
    public var green: LookupTable
    public var blue: LookupTable

    public init(red: LookupTable, green: LookupTable, blue: LookupTable) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// Reads the three palettes of `dataSet`.
    ///
    /// Plain LUT data holds 8-bit entries when it has one byte per entry and 16-bit words
    /// otherwise (the test pydicom's `apply_color_lut` uses). Words under a descriptor of 8 bits
    /// that exceed 255 are taken as 16-bit entries, since some writers scale 8-bit palettes into
    /// the high byte while keeping the descriptor.
    ///
    /// - Parameter isSigned: Pixel Representation is 1, so each descriptor's first mapped value
    ///   is two's complement.
    public init(dataSet: DataSet, isSigned: Bool) throws(PixelDataError) {
        let channels: [(descriptor: Tag, data: Tag, segmented: Tag)] = [
            (.redPaletteColorLookupTableDescriptor, .redPaletteColorLookupTableData, .segmentedRedPaletteColorLookupTableData),
            (.greenPaletteColorLookupTableDescriptor, .greenPaletteColorLookupTableData, .segmentedGreenPaletteColorLookupTableData),
            (.bluePaletteColorLookupTableDescriptor, .bluePaletteColorLookupTableData, .segmentedBluePaletteColorLookupTableData),
        ]
        var tables: [LookupTable] = []
        for channel in channels {
            tables.append(try Self.channel(channel.descriptor, channel.data, channel.segmented,
                                           in: dataSet, isSigned: isSigned))
        }
        self.init(red: tables[0], green: tables[1], blue: tables[2])
    }

    /// The colour of stored value `value`.
    @inlinable public subscript(value: Int) -> (red: UInt16, green: UInt16, blue: UInt16) {
        (red[value], green[value], blue[value])
    }

    private static func channel(_ descriptorTag: Tag, _ dataTag: Tag, _ segmentedTag: Tag,
                                in dataSet: DataSet, isSigned: Bool) throws(PixelDataError) -> LookupTable {
        guard let descriptorElement = dataSet[descriptorTag] else {
            throw .missingAttribute(descriptorTag, keyword: keyword(descriptorTag))
        }
        let descriptor = try LUTDescriptor(element: descriptorElement, littleEndian: dataSet.isLittleEndian,
                                           firstMappedIsSigned: isSigned)
        let count = descriptor.entryCount
        var bits = descriptor.bitsPerEntry
        var entries: [UInt16]
        if let element = dataSet[dataTag], let bytes = element.bytes {
            let length = bytes.count
            if length == count || (count % 2 == 1 && length == count + 1) {
                entries = bytes.buffer.prefix(count).map { UInt16($0) }
                bits = 8
            } else if length == 2 * count {
                entries = element.words16(littleEndian: dataSet.isLittleEndian)
                if bits <= 8, entries.contains(where: { $0 > 255 }) { bits = 16 }
            } else {
                throw .invalidAttribute(dataTag, keyword: keyword(dataTag),
                                        reason: "has \(length) bytes, which is neither 1 nor 2 bytes for each of the descriptor's \(count) entries")
            }
        } else if let element = dataSet[segmentedTag], let bytes = element.bytes {
            // 8-bit segment data is a byte stream in stored order, as pydicom reads it.
            let data = bits <= 8 ? bytes.buffer.map { UInt16($0) } : element.words16(littleEndian: dataSet.isLittleEndian)
            let expanded = try SegmentedLUT.expand(data, bitsPerEntry: bits, littleEndian: dataSet.isLittleEndian,
                                                   tag: segmentedTag)
            guard expanded.count >= count else {
                throw .invalidAttribute(segmentedTag, keyword: keyword(segmentedTag),
                                        reason: "expands to \(expanded.count) entries but the descriptor declares \(count)")
            }
            entries = Array(expanded.prefix(count))
        } else {
            throw .missingAttribute(dataTag, keyword: keyword(dataTag))
        }
        guard let table = LookupTable(entries: entries, firstMappedValue: descriptor.firstMappedValue,
                                      bitsPerEntry: bits) else {
            throw .invalidAttribute(dataTag, keyword: keyword(dataTag), reason: "is empty")
        }
        return table
    }
}
