import DICOM

/// The three values of a LUT Descriptor (PS3.3 C.11.1.1.1, C.11.2.1.1, C.7.6.3.1.5): how many
/// entries the table has, the first input value it maps, and the bits per entry.
public struct LUTDescriptor: Equatable, Sendable {
    /// Number of entries, 1...65536 (a stored 0 means 65536).
    public var entryCount: Int
    /// The input value that maps to the first entry.
    public var firstMappedValue: Int
    /// Bits per entry: the table's outputs lie in 0...2^bits − 1.
    public var bitsPerEntry: Int

    public init(entryCount: Int, firstMappedValue: Int, bitsPerEntry: Int) {
        self.entryCount = entryCount
        self.firstMappedValue = firstMappedValue
        self.bitsPerEntry = bitsPerEntry
    }

    /// Reads a descriptor element.
    ///
    /// The element's VR (US or SS) is not trusted for the sign of the values, because implicit
    /// VR files and many writers get it wrong: the entry count and bit depth are always
    /// unsigned, and the first mapped value is two's complement when `firstMappedIsSigned`
    /// (or when the element says SS).
    public init(element: DataElement, littleEndian: Bool, firstMappedIsSigned: Bool) throws(PixelDataError) {
        let words = element.words16(littleEndian: littleEndian)
        guard words.count >= 3 else {
            throw .invalidAttribute(element.tag, keyword: keyword(element.tag),
                                    reason: "has \(words.count) values; a LUT descriptor needs 3")
        }
        let signed = firstMappedIsSigned || element.vr == .SS
        self.entryCount = words[0] == 0 ? 65536 : Int(words[0])
        self.firstMappedValue = signed ? Int(Int16(bitPattern: words[1])) : Int(words[1])
        self.bitsPerEntry = Int(words[2])
        guard (1...16).contains(bitsPerEntry) else {
            throw .invalidAttribute(element.tag, keyword: keyword(element.tag),
                                    reason: "declares \(bitsPerEntry) bits per entry; 1 to 16 are allowed")
        }
    }
}

/// A lookup table: `entries[0]` is the output for ``firstMappedValue``; inputs below it map
/// to the first entry and inputs past the end to the last entry, as PS3.3 C.11.1.1.1 requires.
///
/// ```swift
/// if let lut = LookupTable(entries: [10, 20, 30], firstMappedValue: -1, bitsPerEntry: 8) {
///     lut[-5]   // 10
///     lut[0]    // 20
///     lut[9]    // 30
/// }
/// ```
public struct LookupTable: Equatable, Sendable {
    /// Output values, one per input from ``firstMappedValue`` upwards. Never empty.
    public let entries: [UInt16]
    /// The input value that maps to `entries[0]`.
    public let firstMappedValue: Int
    /// Bits per entry; outputs are meant to lie in 0...``maximumOutput``.
    public let bitsPerEntry: Int

    /// A table from its parts; nil when `entries` is empty or `bitsPerEntry` is outside 1...16.
    public init?(entries: [UInt16], firstMappedValue: Int, bitsPerEntry: Int) {
        guard !entries.isEmpty, (1...16).contains(bitsPerEntry) else { return nil }
        self.entries = entries
        self.firstMappedValue = firstMappedValue
        self.bitsPerEntry = bitsPerEntry
    }

    /// The largest output the declared bit depth allows, 2^bits − 1.
    public var maximumOutput: Int { (1 << bitsPerEntry) - 1 }

    /// The output for `input`, clamping inputs outside the mapped range to the first or last entry.
    @inlinable public subscript(input: Int) -> UInt16 {
        let (index, overflow) = input.subtractingReportingOverflow(firstMappedValue)
        if overflow { return input < firstMappedValue ? entries[0] : entries[entries.count - 1] }
        if index <= 0 { return entries[0] }
        if index >= entries.count { return entries[entries.count - 1] }
        return entries[index]
    }

    /// Reads a LUT from an item holding LUT Descriptor (0028,3002) and LUT Data (0028,3006), as
    /// in the Modality LUT Sequence and the VOI LUT Sequence.
    ///
    /// LUT Data may be US or OW; either way it is read as 16-bit words in the data set's byte
    /// order. A table whose data has exactly one byte per entry (8-bit entries packed into OW)
    /// is read byte by byte.
    public init(item: DataSet, firstMappedIsSigned: Bool) throws(PixelDataError) {
        guard let descriptorElement = item[.lutDescriptor] else {
            throw .missingAttribute(.lutDescriptor, keyword: "LUTDescriptor")
        }
        guard let dataElement = item[.lutData] else {
            throw .missingAttribute(.lutData, keyword: "LUTData")
        }
        let descriptor = try LUTDescriptor(element: descriptorElement, littleEndian: item.isLittleEndian,
                                           firstMappedIsSigned: firstMappedIsSigned)
        let entries = try lutEntries(dataElement, count: descriptor.entryCount,
                                     bitsPerEntry: descriptor.bitsPerEntry, littleEndian: item.isLittleEndian)
        guard let table = LookupTable(entries: entries, firstMappedValue: descriptor.firstMappedValue,
                                      bitsPerEntry: descriptor.bitsPerEntry) else {
            throw .invalidAttribute(.lutData, keyword: "LUTData", reason: "is empty")
        }
        self = table
    }
}

/// The first `count` entries of a LUT Data element: bytes when 8-bit entries are packed one per
/// byte, 16-bit words otherwise.
func lutEntries(_ element: DataElement, count: Int, bitsPerEntry: Int, littleEndian: Bool) throws(PixelDataError) -> [UInt16] {
    let byteCount = element.bytes?.count ?? 0
    if bitsPerEntry <= 8, byteCount == count || (count > 1 && count % 2 == 1 && byteCount == count + 1),
       element.vr != .US, element.vr != .SS {
        // 8-bit entries packed into OW (the +1 is the padding byte of an odd count).
        guard let bytes = element.bytes else { return [] }
        return bytes.buffer.prefix(count).map { UInt16($0) }
    }
    let words = element.words16(littleEndian: littleEndian)
    guard words.count >= count else {
        throw .invalidAttribute(element.tag, keyword: keyword(element.tag),
                                reason: "holds \(words.count) entries but the descriptor declares \(count)")
    }
    return Array(words.prefix(count))
}

/// The DICOM keyword of a tag, for error messages.
func keyword(_ tag: Tag) -> String {
    DataDictionary.entry(for: tag)?.keyword ?? "\(tag)"
}

extension DataElement {
    /// The value read as consecutive 16-bit words, whatever its VR (US, SS, OW, OB, UN): LUT
    /// attributes are often written with the "wrong" one of their allowed VRs.
    func words16(littleEndian: Bool) -> [UInt16] {
        guard let bytes else { return [] }
        let buffer = bytes.buffer
        let count = buffer.count / 2
        var words = [UInt16](repeating: 0, count: count)
        for i in 0..<count {
            let raw = buffer.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)
            words[i] = littleEndian ? UInt16(littleEndian: raw) : UInt16(bigEndian: raw)
        }
        return words
    }
}
