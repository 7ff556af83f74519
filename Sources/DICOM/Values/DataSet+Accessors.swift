import Foundation

/// Typed access to values by tag. Every accessor returns an empty array or nil when the
/// element is absent, empty, or of a VR that cannot hold the requested type.
extension DataSet {
    /// The text values of a string element, decoded and without padding.
    public func strings(_ tag: Tag) -> [String] {
        self[tag]?.strings(characterSet: characterSet) ?? []
    }

    /// The first text value of a string element.
    public func string(_ tag: Tag) -> String? { strings(tag).first }

    /// Integer values: binary US/SS/UL/SL/SV/UV, or IS text parsed as integers.
    public func integers(_ tag: Tag) -> [Int] {
        guard let element = self[tag] else { return [] }
        if element.vr == .IS { return element.strings(characterSet: characterSet).compactMap { Int($0) } }
        return element.binaryIntegers(littleEndian: isLittleEndian).map { Int($0) }
    }

    /// Floating-point values: FL, FD, OF, OD, DS text, or any integer VR.
    public func doubles(_ tag: Tag) -> [Double] {
        guard let element = self[tag] else { return [] }
        switch element.vr {
        case .DS, .IS: return element.strings(characterSet: characterSet).compactMap { DecimalString.double($0) }
        case .FL, .FD, .OF, .OD: return element.floatingPoint(littleEndian: isLittleEndian)
        default: return element.binaryIntegers(littleEndian: isLittleEndian).map(Double.init)
        }
    }

    /// DS or IS values as exact decimals, as the text states them.
    public func decimals(_ tag: Tag) -> [Decimal] {
        guard let element = self[tag], element.vr == .DS || element.vr == .IS else { return [] }
        return element.strings(characterSet: characterSet).compactMap { DecimalString.isValid($0) ? Decimal(string: $0) : nil }
    }

    public func personNames(_ tag: Tag) -> [PersonName] {
        guard self[tag]?.vr == .PN else { return [] }
        return strings(tag).map(PersonName.init)
    }

    public func dates(_ tag: Tag) -> [DICOMDate] { strings(tag).compactMap(DICOMDate.init) }
    public func times(_ tag: Tag) -> [DICOMTime] { strings(tag).compactMap(DICOMTime.init) }
    public func dateTimes(_ tag: Tag) -> [DICOMDateTime] { strings(tag).compactMap(DICOMDateTime.init) }

    public func attributeTags(_ tag: Tag) -> [Tag] {
        self[tag]?.attributeTags(littleEndian: isLittleEndian) ?? []
    }

    /// The raw bytes of a primitive element, without copying.
    public func bytes(_ tag: Tag) -> ByteSlice? { self[tag]?.bytes }

    /// The items of a sequence element.
    public func sequence(_ tag: Tag) -> [DataSet]? { self[tag]?.items }
}

/// The DS grammar of PS3.5 6.2: `[+-]digits[.digits][(e|E)[+-]digits]`, at most 16 bytes.
/// Parsing is stricter than `Double(_:)`, which would also take "inf" and "nan".
enum DecimalString {
    static func isValid(_ text: String) -> Bool {
        var it = text.utf8.makeIterator()
        var c = it.next()
        if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { c = it.next() }
        var mantissaDigits = 0
        while let d = c, d >= 0x30, d <= 0x39 { mantissaDigits += 1; c = it.next() }
        if c == UInt8(ascii: ".") {
            c = it.next()
            while let d = c, d >= 0x30, d <= 0x39 { mantissaDigits += 1; c = it.next() }
        }
        guard mantissaDigits > 0 else { return false }
        if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            c = it.next()
            if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { c = it.next() }
            var exponentDigits = 0
            while let d = c, d >= 0x30, d <= 0x39 { exponentDigits += 1; c = it.next() }
            guard exponentDigits > 0 else { return false }
        }
        return c == nil
    }

    static func double(_ text: String) -> Double? { isValid(text) ? Double(text) : nil }
}
