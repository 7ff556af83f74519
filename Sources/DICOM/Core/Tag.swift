/// A DICOM attribute tag: a (group, element) pair such as `(0010,0010)` Patient's Name.
///
/// Tags order the way they are encoded in a data set: by group, then by element.
///
/// ```swift
/// let name = Tag(0x0010, 0x0010)
/// print(name)            // (0010,0010)
/// name.isPrivate         // false
/// ```
public struct Tag: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let group: UInt16
    public let element: UInt16

    @inlinable public init(_ group: UInt16, _ element: UInt16) {
        self.group = group
        self.element = element
    }

    /// Builds a tag from its 32-bit form `0xGGGGEEEE`.
    @inlinable public init(_ value: UInt32) {
        self.group = UInt16(truncatingIfNeeded: value >> 16)
        self.element = UInt16(truncatingIfNeeded: value)
    }

    /// The 32-bit form `0xGGGGEEEE`.
    @inlinable public var value: UInt32 { UInt32(group) << 16 | UInt32(element) }

    /// Odd groups, other than 0001, 0003, 0005, 0007 and FFFF, are private (PS3.5 7.8.1).
    public var isPrivate: Bool { group & 1 == 1 && group > 0x0007 && group != 0xFFFF }

    /// A Private Creator element `(gggg,0010-00FF)` that reserves a block of a private group.
    public var isPrivateCreator: Bool { isPrivate && element >= 0x0010 && element <= 0x00FF }

    /// The Private Creator element that reserves this private element's block, e.g.
    /// `(0019,1012)` → `(0019,0010)`.
    public var privateCreatorTag: Tag? {
        guard isPrivate, element >= 0x1000 else { return nil }
        return Tag(group, element >> 8)
    }

    /// Group length elements `(gggg,0000)`.
    public var isGroupLength: Bool { element == 0 }

    /// The upper-case hexadecimal form used by DICOM JSON, e.g. `"00100010"`.
    public var hexString: String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }

    public var description: String {
        "(\(Self.hex4(group)),\(Self.hex4(element)))"
    }

    @inlinable public static func < (lhs: Tag, rhs: Tag) -> Bool { lhs.value < rhs.value }

    static func hex4(_ v: UInt16) -> String {
        let digits = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}

extension Tag {
    /// Parses `"GGGGEEEE"` or `"(GGGG,EEEE)"`.
    public init?(hex text: String) {
        let digits = text.filter { $0.isHexDigit }
        guard digits.count == 8, text.count <= 11, let v = UInt32(digits, radix: 16) else { return nil }
        self.init(v)
    }
}

/// Tags with a structural role in the encoding itself.
extension Tag {
    public static let item = Tag(0xFFFE, 0xE000)
    public static let itemDelimitation = Tag(0xFFFE, 0xE00D)
    public static let sequenceDelimitation = Tag(0xFFFE, 0xE0DD)

    public static let fileMetaInformationGroupLength = Tag(0x0002, 0x0000)
    public static let transferSyntaxUID = Tag(0x0002, 0x0010)
    public static let specificCharacterSet = Tag(0x0008, 0x0005)
    public static let pixelData = Tag(0x7FE0, 0x0010)
    public static let floatPixelData = Tag(0x7FE0, 0x0008)
    public static let doubleFloatPixelData = Tag(0x7FE0, 0x0009)
    public static let extendedOffsetTable = Tag(0x7FE0, 0x0001)
    public static let extendedOffsetTableLengths = Tag(0x7FE0, 0x0002)
    public static let bitsAllocated = Tag(0x0028, 0x0100)
    public static let pixelRepresentation = Tag(0x0028, 0x0103)
}
