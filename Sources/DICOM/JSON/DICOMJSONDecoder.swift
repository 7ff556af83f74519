import Foundation

/// Decodes the DICOM JSON Model (PS3.18 F.2) into a ``DataSet``: the inverse of
/// ``DICOMJSONEncoder``.
///
/// Values are encoded into bytes exactly as ``DICOMWriter`` writes them — little endian, padded
/// to even length — so a decoded data set can be written at once:
///
/// - text is UTF-8; when any value is non-ASCII, Specific Character Set (0008,0005) becomes
///   `ISO_IR 192` (JSON text is Unicode, whatever character set the original declared);
/// - DS numbers take the shortest text that reads back as the same double, cut to the
///   16 characters DS allows when it is longer; DS and IS given as JSON strings are kept as
///   written once checked;
/// - PN objects join Alphabetic, Ideographic and Phonetic with `=`; AT values are read from
///   8-digit hex; `InlineBinary` is base64; `BulkDataURI` is fetched through
///   ``bulkDataResolver``.
///
/// Every error is ``DICOMError/invalidJSON(path:reason:)`` with the path of the offending JSON
/// value, such as `00081115/Value/0/00081150/vr`.
///
/// ```swift
/// let json = #"{"00100010":{"vr":"PN","Value":[{"Alphabetic":"Doe^Jane"}]}}"#
/// let dataSet = try DICOMJSONDecoder().decode(json)
/// dataSet.string(Tag(0x0010, 0x0010))       // "Doe^Jane"
/// ```
public struct DICOMJSONDecoder: Sendable {
    /// Returns the bytes a `BulkDataURI` refers to. Without a resolver, a BulkDataURI is an error.
    public var bulkDataResolver: (@Sendable (String) throws -> [UInt8])?
    /// Read the top-level Pixel Data (7FE0,0010) binary as encapsulated items — Basic Offset
    /// Table item, then one item per fragment, as ``DICOMJSONEncoder`` writes compressed pixel
    /// data — instead of native pixel data. JSON does not say which it is; the transfer syntax
    /// that came with the document does.
    public var pixelDataIsEncapsulated = false
    /// The deepest sequence nesting accepted, as ``ReadOptions/maxSequenceDepth``.
    public var maxSequenceDepth = 64

    /// ```swift
    /// let decoder = DICOMJSONDecoder { uri in try fetch(uri) }
    /// ```
    public init(bulkDataResolver: (@Sendable (String) throws -> [UInt8])? = nil) {
        self.bulkDataResolver = bulkDataResolver
    }

    /// Decodes one data set from UTF-8 JSON text: an object mapping tags to attributes.
    ///
    /// ```swift
    /// let dataSet = try DICOMJSONDecoder().decode(Array(jsonData))
    /// ```
    public func decode(_ json: [UInt8]) throws(DICOMError) -> DataSet {
        var parser = JSONParser(bytes: json, maxDepth: 4 * maxSequenceDepth + 16)
        let document = try parser.parseDocument()
        var decoding = Decoding(options: self)
        return try decoding.topLevel(document, path: "")
    }

    /// Decodes one data set from JSON text.
    ///
    /// ```swift
    /// let dataSet = try DICOMJSONDecoder().decode(#"{"00080060":{"vr":"CS","Value":["CT"]}}"#)
    /// ```
    public func decode(_ json: String) throws(DICOMError) -> DataSet {
        try decode(Array(json.utf8))
    }

    /// Decodes a JSON array of data sets, as QIDO-RS and WADO-RS metadata responses carry;
    /// paths in errors start with the index, e.g. `2/00100020/vr`.
    ///
    /// ```swift
    /// let studies = try DICOMJSONDecoder().decodeArray(Array(responseBody))
    /// ```
    public func decodeArray(_ json: [UInt8]) throws(DICOMError) -> [DataSet] {
        var parser = JSONParser(bytes: json, maxDepth: 4 * maxSequenceDepth + 16)
        let document = try parser.parseDocument()
        guard case let .array(values) = document else {
            throw .invalidJSON(path: "", reason: "expected an array of data sets, found \(document.kind)")
        }
        var result: [DataSet] = []
        for (i, value) in values.enumerated() {
            var decoding = Decoding(options: self)
            result.append(try decoding.topLevel(value, path: String(i)))
        }
        return result
    }
}

// MARK: - JSON to DICOM

/// One decoding run; remembers whether any text was non-ASCII, which decides the character set.
private struct Decoding {
    let options: DICOMJSONDecoder
    var hasNonASCII = false

    init(options: DICOMJSONDecoder) { self.options = options }

    mutating func topLevel(_ value: JSONValue, path: String) throws(DICOMError) -> DataSet {
        var dataSet = try self.dataSet(value, path: path, depth: 0)
        Self.applyCharacterSets(&dataSet, inherited: .default, forceUTF8: hasNonASCII, isTopLevel: true)
        return dataSet
    }

    private mutating func dataSet(_ value: JSONValue, path: String, depth: Int) throws(DICOMError) -> DataSet {
        guard case let .object(members) = value else {
            throw .invalidJSON(path: path, reason: "expected an object mapping tags to attributes, found \(value.kind)")
        }
        var elements: [DataElement] = []
        var seen = Set<Tag>()
        for (key, member) in members {
            let here = Self.join(path, key)
            guard key.utf8.count == 8, key.utf8.allSatisfy(Self.isHexDigit), let raw = UInt32(key, radix: 16) else {
                throw .invalidJSON(path: here, reason: "an attribute key is 8 hexadecimal digits, group then element, such as \"00100010\"")
            }
            let tag = Tag(raw)
            guard tag.group != 0xFFFE else {
                throw .invalidJSON(path: here, reason: "\(tag) is an item or delimitation tag, not an attribute")
            }
            guard seen.insert(tag).inserted else {
                throw .invalidJSON(path: here, reason: "\(tag) appears more than once")
            }
            elements.append(try element(tag, member, path: here, depth: depth))
        }
        return DataSet(elements: elements)
    }

    // MARK: Attributes

    private mutating func element(_ tag: Tag, _ value: JSONValue, path: String, depth: Int) throws(DICOMError) -> DataElement {
        guard case let .object(fields) = value else {
            throw .invalidJSON(path: path, reason: "expected an attribute object with \"vr\", found \(value.kind)")
        }
        var found: [String: JSONValue] = [:]
        for (key, field) in fields {
            guard ["vr", "Value", "InlineBinary", "BulkDataURI"].contains(key) else {
                throw .invalidJSON(path: Self.join(path, key), reason: "unknown member; an attribute has \"vr\" and at most one of \"Value\", \"InlineBinary\", \"BulkDataURI\"")
            }
            guard found.updateValue(field, forKey: key) == nil else {
                throw .invalidJSON(path: Self.join(path, key), reason: "member appears more than once")
            }
        }
        guard let vrField = found["vr"] else {
            throw .invalidJSON(path: path, reason: "attribute has no \"vr\"")
        }
        guard case let .string(vrText) = vrField, let vr = VR(rawValue: vrText) else {
            let shown = if case let .string(text) = vrField { "\"\(text.prefix(8))\"" } else { vrField.kind }
            throw .invalidJSON(path: Self.join(path, "vr"), reason: "\(shown) is not a DICOM VR")
        }
        let payloads = ["Value", "InlineBinary", "BulkDataURI"].filter { found[$0] != nil }
        guard payloads.count <= 1 else {
            throw .invalidJSON(path: path, reason: "attribute has both \(payloads.joined(separator: " and ")); it may have only one")
        }

        if let inline = found["InlineBinary"] {
            let bytes = try Self.base64(inline, path: Self.join(path, "InlineBinary"))
            return try binaryElement(tag, vr: vr, bytes: bytes, path: Self.join(path, "InlineBinary"), depth: depth)
        }
        if let bulk = found["BulkDataURI"] {
            let bytes = try resolve(bulk, path: Self.join(path, "BulkDataURI"))
            return try binaryElement(tag, vr: vr, bytes: bytes, path: Self.join(path, "BulkDataURI"), depth: depth)
        }
        guard let valueField = found["Value"] else {
            // No value: an empty attribute (type 2 present but empty).
            return DataElement(tag: tag, vr: vr, value: vr == .SQ ? .sequence([]) : .bytes(ByteSlice(copying: [UInt8]())))
        }
        let valuePath = Self.join(path, "Value")
        guard case let .array(values) = valueField else {
            throw .invalidJSON(path: valuePath, reason: "\"Value\" is an array, found \(valueField.kind)")
        }
        if vr == .SQ {
            guard depth < options.maxSequenceDepth else {
                throw .invalidJSON(path: valuePath, reason: "sequences nested deeper than \(options.maxSequenceDepth) levels")
            }
            var items: [DataSet] = []
            for (i, item) in values.enumerated() {
                items.append(try dataSet(item, path: Self.join(valuePath, String(i)), depth: depth + 1))
            }
            return DataElement(tag: tag, vr: .SQ, value: .sequence(items))
        }
        let bytes = try primitive(tag, vr: vr, values: values, path: valuePath)
        return try Self.bytesElement(tag, vr: vr, bytes: bytes, path: valuePath)
    }

    private func binaryElement(_ tag: Tag, vr: VR, bytes: [UInt8], path: String, depth: Int) throws(DICOMError) -> DataElement {
        guard vr != .SQ else {
            throw .invalidJSON(path: path, reason: "a sequence (SQ) carries its items in \"Value\", not as binary")
        }
        if options.pixelDataIsEncapsulated, depth == 0, tag == .pixelData {
            return DataElement(tag: tag, vr: .OB, value: .encapsulated(try Self.encapsulated(bytes, path: path)))
        }
        return try Self.bytesElement(tag, vr: vr, bytes: bytes, path: path)
    }

    /// A primitive element holding `bytes` padded to even length, as the writer stores it;
    /// values the writer could not write are refused here already.
    private static func bytesElement(_ tag: Tag, vr: VR, bytes: [UInt8], path: String) throws(DICOMError) -> DataElement {
        let padded = DataSetEncoder.padded(bytes, vr: vr)
        if !vr.hasLongLength, padded.count > 0xFFFE {
            throw .invalidJSON(path: path, reason: "value is \(padded.count) bytes, but a \(vr) element holds at most 65534")
        }
        if padded.count >= Int(UInt32.max) {
            throw .invalidJSON(path: path, reason: "value is \(padded.count) bytes, more than a 32-bit length can state")
        }
        return DataElement(tag: tag, vr: vr, value: .bytes(ByteSlice(copying: padded)))
    }

    private func resolve(_ field: JSONValue, path: String) throws(DICOMError) -> [UInt8] {
        guard case let .string(uri) = field else {
            throw .invalidJSON(path: path, reason: "\"BulkDataURI\" is a string, found \(field.kind)")
        }
        guard let resolver = options.bulkDataResolver else {
            throw .invalidJSON(path: path, reason: "BulkDataURI \"\(uri)\" cannot be fetched: the decoder has no bulkDataResolver")
        }
        do {
            return try resolver(uri)
        } catch {
            throw .invalidJSON(path: path, reason: "BulkDataURI \"\(uri)\" could not be fetched: \(error)")
        }
    }

    private static func base64(_ field: JSONValue, path: String) throws(DICOMError) -> [UInt8] {
        guard case let .string(text) = field else {
            throw .invalidJSON(path: path, reason: "\"InlineBinary\" is a base64 string, found \(field.kind)")
        }
        // Line breaks are tolerated, as MIME-style encoders insert them; nothing else is.
        let compact = text.filter { $0 != "\n" && $0 != "\r" }
        guard let data = Data(base64Encoded: compact) else {
            throw .invalidJSON(path: path, reason: "\"InlineBinary\" is not valid base64")
        }
        return Array(data)
    }

    // MARK: Values

    private mutating func primitive(_ tag: Tag, vr: VR, values: [JSONValue], path: String) throws(DICOMError) -> [UInt8] {
        func at(_ i: Int) -> String { Self.join(path, String(i)) }
        var bytes: [UInt8] = []
        switch vr {
        case .US, .SS, .UL, .SL, .SV, .UV:
            for (i, value) in values.enumerated() {
                // LUT Descriptors state their first value unsigned even when the VR is SS
                // (PS3.3 C.11.1.1.1); the encoder writes it so, and it reads back the same.
                let unsignedFirst = vr == .SS && i == 0 && DICOMJSONEncoder.lutDescriptors.contains(tag.value)
                bytes += try Self.binaryInteger(value, vr: vr, unsignedFirst: unsignedFirst, path: at(i))
            }
        case .FL, .FD:
            for (i, value) in values.enumerated() {
                let number: Double
                switch value {
                case let .number(text):
                    guard let d = Double(text) else { throw .invalidJSON(path: at(i), reason: "\(text) is not a number") }
                    number = d
                case .null:
                    // The encoder writes NaN and infinities as null: JSON has no such numbers.
                    number = .nan
                default:
                    throw .invalidJSON(path: at(i), reason: "\(vr) value must be a number, found \(value.kind)")
                }
                if vr == .FL {
                    let single = Float(number)
                    guard single.isFinite || !number.isFinite else {
                        throw .invalidJSON(path: at(i), reason: "\(number) is out of range for FL (32-bit float)")
                    }
                    bytes += Self.littleEndian(UInt64(single.bitPattern), width: 4)
                } else {
                    bytes += Self.littleEndian(number.bitPattern, width: 8)
                }
            }
        case .AT:
            for (i, value) in values.enumerated() {
                guard case let .string(text) = value, text.utf8.count == 8, text.utf8.allSatisfy(Self.isHexDigit),
                      let raw = UInt32(text, radix: 16) else {
                    throw .invalidJSON(path: at(i), reason: "AT value is a tag as 8 hexadecimal digits, such as \"00100010\", found \(value.description)")
                }
                let tag = Tag(raw)
                bytes += Self.littleEndian(UInt64(tag.group), width: 2) + Self.littleEndian(UInt64(tag.element), width: 2)
            }
        case .OB, .OD, .OF, .OL, .OV, .OW, .UN:
            throw .invalidJSON(path: path, reason: "a \(vr) attribute carries its value as \"InlineBinary\" or \"BulkDataURI\", not \"Value\"")
        default:
            var texts: [String] = []
            for (i, value) in values.enumerated() {
                texts.append(try text(value, vr: vr, path: at(i)))
            }
            if vr.isSingleValuedText, texts.count > 1 {
                throw .invalidJSON(path: path, reason: "\(vr) holds a single value, found \(texts.count)")
            }
            let joined = texts.joined(separator: "\\")
            if joined.utf8.contains(where: { $0 >= 0x80 }) { hasNonASCII = true }
            bytes = Array(joined.utf8)
        }
        return bytes
    }

    /// One value of a text VR, as it is stored (before joining with backslashes).
    private func text(_ value: JSONValue, vr: VR, path: String) throws(DICOMError) -> String {
        let text: String
        switch (vr, value) {
        case (_, .null):
            return ""    // an empty value among others, e.g. "A\\\\C"
        case (.DS, let .number(number)):
            guard let d = Double(number), let formatted = Self.decimalString(d) else {
                throw .invalidJSON(path: path, reason: "\(number) cannot be a DS value")
            }
            return formatted
        case (.DS, let .string(s)):
            text = s.trimmingCharacters(in: " ")
            guard DecimalString.isValid(text), text.utf8.count <= 16 else {
                throw .invalidJSON(path: path, reason: "the string is not a decimal string (DS) of at most 16 characters")
            }
            return text
        case (.IS, .number(let t)), (.IS, .string(let t)):
            guard let n = Self.integer(t.trimmingCharacters(in: " ")), !n.negative || n.magnitude <= 1 << 31,
                  n.negative || n.magnitude < 1 << 31 else {
                throw .invalidJSON(path: path, reason: "\(value.kind) is not an integer in the IS range -2^31 ... 2^31-1")
            }
            return (n.negative ? "-" : "") + String(n.magnitude)
        case (.PN, let .object(groups)):
            return try personName(groups, path: path)
        case (_, let .string(s)):
            text = s
        default:
            throw .invalidJSON(path: path, reason: "\(vr) value must be \(vr == .PN ? "an object with Alphabetic, Ideographic or Phonetic" : "a string"), found \(value.kind)")
        }
        if !vr.isSingleValuedText, text.contains("\\") {
            throw .invalidJSON(path: path, reason: "\(vr) value contains a backslash, which separates values in DICOM")
        }
        return text
    }

    private func personName(_ groups: [(key: String, value: JSONValue)], path: String) throws(DICOMError) -> String {
        var parts = ["", "", ""]
        for (key, value) in groups {
            let index: Int
            switch key {
            case "Alphabetic": index = 0
            case "Ideographic": index = 1
            case "Phonetic": index = 2
            default:
                throw .invalidJSON(path: Self.join(path, key), reason: "a person name has Alphabetic, Ideographic and Phonetic groups only")
            }
            guard case let .string(text) = value else {
                throw .invalidJSON(path: Self.join(path, key), reason: "a name group is a string, found \(value.kind)")
            }
            guard !text.contains("="), !text.contains("\\") else {
                throw .invalidJSON(path: Self.join(path, key), reason: "a name group cannot contain '=' or '\\', which separate groups and values")
            }
            parts[index] = text
        }
        // Trailing empty groups are left out, so "Doe^J" does not become "Doe^J==".
        while parts.count > 1, parts.last?.isEmpty == true { parts.removeLast() }
        return parts.joined(separator: "=")
    }

    private static func binaryInteger(_ value: JSONValue, vr: VR, unsignedFirst: Bool, path: String) throws(DICOMError) -> [UInt8] {
        let text: String
        switch value {
        case let .number(t): text = t
        case let .string(t) where vr == .SV || vr == .UV: text = t   // 64-bit values may exceed JSON's safe integers
        default: throw .invalidJSON(path: path, reason: "\(vr) value must be an integer, found \(value.kind)")
        }
        let (width, minimum, maximum): (Int, Int64, UInt64) = switch vr {
        case .US: (2, 0, UInt64(UInt16.max))
        case .SS: (2, Int64(Int16.min), unsignedFirst ? UInt64(UInt16.max) : UInt64(Int16.max))
        case .UL: (4, 0, UInt64(UInt32.max))
        case .SL: (4, Int64(Int32.min), UInt64(Int32.max))
        case .SV: (8, Int64.min, UInt64(Int64.max))
        default: (8, 0, UInt64.max)
        }
        guard let n = integer(text),
              n.negative ? n.magnitude <= minimum.magnitude : n.magnitude <= maximum else {
            throw .invalidJSON(path: path, reason: "\(value.kind) is not an integer in the \(vr) range \(minimum) ... \(maximum)")
        }
        // Two's complement of the magnitude gives the bit pattern of a negative number.
        let pattern = n.negative ? 0 &- n.magnitude : n.magnitude
        return littleEndian(pattern, width: width)
    }

    /// The integer a JSON number states, as sign and magnitude so that both `Int64.min` and
    /// `UInt64.max` fit. "12.0" and "1.2e1" count as 12; fractions do not.
    static func integer(_ text: String) -> (negative: Bool, magnitude: UInt64)? {
        let negative = text.hasPrefix("-")
        let digits = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        if !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            guard let magnitude = UInt64(digits) else { return nil }
            return (negative && magnitude != 0, magnitude)
        }
        // Beyond 2^53 a double no longer names one integer, so such text is refused.
        guard DecimalString.isValid(text), let d = Double(text), d == d.rounded(),
              abs(d) <= 9_007_199_254_740_992 else { return nil }
        return (d < 0, UInt64(abs(d)))
    }

    static func littleEndian(_ value: UInt64, width: Int) -> [UInt8] {
        (0..<width).map { UInt8(truncatingIfNeeded: value >> UInt64(8 * $0)) }
    }

    /// A DS value for `value`: the shortest text that reads back as the same double when it
    /// fits in DS's 16 characters, otherwise the most precise text that does.
    static func decimalString(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        var text = value.description          // Swift prints the shortest round-tripping form
        if text.hasSuffix(".0") { text.removeLast(2) }
        text = compactExponent(text)
        if text.utf8.count <= 16 { return text }
        for digits in stride(from: 16, through: 1, by: -1) {
            let candidate = compactExponent(String(format: "%.\(digits)g", value))
            if candidate.utf8.count <= 16 { return candidate }
        }
        return nil
    }

    /// "1.5e+20" → "1.5e20", "1e-07" → "1e-7": the same number in fewer of DS's 16 characters.
    private static func compactExponent(_ text: String) -> String {
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return text }
        let mantissa = text[..<e]
        var exponent = text[text.index(after: e)...]
        var sign = ""
        if exponent.first == "+" { exponent = exponent.dropFirst() }
        if exponent.first == "-" { sign = "-"; exponent = exponent.dropFirst() }
        while exponent.count > 1, exponent.first == "0" { exponent = exponent.dropFirst() }
        return "\(mantissa)e\(sign)\(exponent)"
    }

    /// Items as ``DICOMJSONEncoder`` writes encapsulated pixel data: the Basic Offset Table
    /// item, then fragments; a trailing Sequence Delimitation Item is accepted.
    private static func encapsulated(_ bytes: [UInt8], path: String) throws(DICOMError) -> EncapsulatedPixelData {
        let storage = ByteStorage(copying: bytes)
        let buffer = storage.bytes
        var position = 0
        var offsets: [UInt32] = []
        var fragments: [ByteSlice] = []
        var isFirst = true
        while position < buffer.count {
            guard buffer.count - position >= 8 else {
                throw .invalidJSON(path: path, reason: "encapsulated pixel data: item header at byte \(position) is cut short")
            }
            let group = buffer.uint16(at: position, littleEndian: true)
            let element = buffer.uint16(at: position + 2, littleEndian: true)
            let length = Int(buffer.uint32(at: position + 4, littleEndian: true))
            if group == 0xFFFE, element == 0xE0DD, !isFirst, position + 8 == buffer.count { break }
            guard group == 0xFFFE, element == 0xE000 else {
                throw .invalidJSON(path: path, reason: "encapsulated pixel data: expected an item (FFFE,E000) at byte \(position), found \(Tag(group, element))")
            }
            guard length <= buffer.count - position - 8 else {
                throw .invalidJSON(path: path, reason: "encapsulated pixel data: item at byte \(position) claims \(length) bytes, \(buffer.count - position - 8) remain")
            }
            let range = (position + 8)..<(position + 8 + length)
            if isFirst {
                guard length % 4 == 0 else {
                    throw .invalidJSON(path: path, reason: "encapsulated pixel data: Basic Offset Table length \(length) is not a multiple of 4")
                }
                offsets = stride(from: range.lowerBound, to: range.upperBound, by: 4).map { buffer.uint32(at: $0, littleEndian: true) }
                isFirst = false
            } else {
                fragments.append(ByteSlice(storage: storage, range: range))
            }
            position = range.upperBound
        }
        guard !isFirst else {
            throw .invalidJSON(path: path, reason: "encapsulated pixel data needs at least the Basic Offset Table item")
        }
        let end = min(position, buffer.count)
        return EncapsulatedPixelData(basicOffsetTable: offsets, fragments: fragments,
                                     rawValue: ByteSlice(storage: storage, range: 0..<end))
    }

    // MARK: Character sets

    /// Sets (0008,0005) to ISO_IR 192 where text was non-ASCII — at the top level, and in
    /// every item that declares its own set, since all text was written as UTF-8 — and gives
    /// each data set the character set it declares or inherits.
    static func applyCharacterSets(_ dataSet: inout DataSet, inherited: SpecificCharacterSet,
                                   forceUTF8: Bool, isTopLevel: Bool) {
        if forceUTF8, isTopLevel || dataSet.contains(.specificCharacterSet) {
            dataSet.set(DataElement(tag: .specificCharacterSet, vr: .CS,
                                    value: .bytes(ByteSlice(copying: Array("ISO_IR 192".utf8)))))
        }
        let characterSet = dataSet[.specificCharacterSet]?.bytes.map {
            SpecificCharacterSet(terms: DataSetParser.characterSetTerms($0))
        } ?? inherited
        dataSet.characterSet = characterSet
        for element in dataSet.elements {
            guard case var .sequence(items) = element.value else { continue }
            for i in items.indices {
                applyCharacterSets(&items[i], inherited: characterSet, forceUTF8: forceUTF8, isTopLevel: false)
            }
            var updated = element
            updated.value = .sequence(items)
            dataSet.set(updated)
        }
    }

    // MARK: Helpers

    static func join(_ path: String, _ component: String) -> String {
        path.isEmpty ? component : path + "/" + component
    }

    static func isHexDigit(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
    }
}

// MARK: - JSON text

/// A parsed JSON value. Numbers keep their text, so integers beyond 2^53 and the exact digits
/// of a decimal survive; objects keep their member order.
enum JSONValue: CustomStringConvertible {
    case object([(key: String, value: JSONValue)])
    case array([JSONValue])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    /// What kind of value this is, for error messages.
    var kind: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"   // never the text itself: it may be patient data bound for a log
        case let .number(n): "the number \(n)"
        case let .bool(b): b ? "true" : "false"
        case .null: "null"
        }
    }

    var description: String { kind }
}

/// A strict RFC 8259 parser. Hand-written rather than JSONSerialization so that numbers keep
/// their text (UV values above 2^53, DS digits), behaviour is the same on every platform, and
/// a syntax error names the JSON path it occurred at.
struct JSONParser {
    let bytes: [UInt8]
    let maxDepth: Int
    private var position = 0
    private var path: [String] = []

    init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    mutating func parseDocument() throws(DICOMError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }   // a UTF-8 byte order mark
        skipWhitespace()
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard position == bytes.count else { throw error("unexpected text after the JSON value") }
        return value
    }

    private func error(_ reason: String) -> DICOMError {
        .invalidJSON(path: path.joined(separator: "/"), reason: "\(reason) (byte \(position))")
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws(DICOMError) -> JSONValue {
        guard position < bytes.count else { throw error("the JSON text ends where a value was expected") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error("unexpected character '\(Self.printable(bytes[position]))' where a value was expected")
        }
    }

    private mutating func literal(_ word: StaticString) throws(DICOMError) {
        let expected = word.withUTF8Buffer { Array($0) }
        guard bytes.count - position >= expected.count, Array(bytes[position..<(position + expected.count)]) == expected else {
            throw error("invalid literal; expected \(word)")
        }
        position += expected.count
    }

    private mutating func parseObject(depth: Int) throws(DICOMError) -> JSONValue {
        guard depth <= maxDepth else { throw error("JSON nested deeper than \(maxDepth) levels") }
        position += 1
        var members: [(key: String, value: JSONValue)] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw error(position < bytes.count ? "expected a quoted member name" : "the JSON text ends inside an object")
            }
            let key = try parseString()
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw error("expected ':' after member name \"\(key)\"") }
            position += 1
            skipWhitespace()
            path.append(key)
            let value = try parseValue(depth: depth)
            path.removeLast()
            members.append((key, value))
            skipWhitespace()
            guard position < bytes.count else { throw error("the JSON text ends inside an object") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
            throw error("expected ',' or '}' in an object")
        }
    }

    private mutating func parseArray(depth: Int) throws(DICOMError) -> JSONValue {
        guard depth <= maxDepth else { throw error("JSON nested deeper than \(maxDepth) levels") }
        position += 1
        var values: [JSONValue] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .array(values) }
        while true {
            skipWhitespace()
            path.append(String(values.count))
            let value = try parseValue(depth: depth)
            path.removeLast()
            values.append(value)
            skipWhitespace()
            guard position < bytes.count else { throw error("the JSON text ends inside an array") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(values) }
            throw error("expected ',' or ']' in an array")
        }
    }

    private mutating func parseString() throws(DICOMError) -> String {
        position += 1   // the opening quote
        var utf8: [UInt8] = []
        while true {
            guard position < bytes.count else { throw error("the JSON text ends inside a string") }
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                // Decoding replaces invalid sequences, so a changed byte count reveals them.
                let text = String(decoding: utf8, as: UTF8.self)
                guard text.utf8.elementsEqual(utf8) else { throw error("string is not valid UTF-8") }
                return text
            case UInt8(ascii: "\\"):
                try parseEscape(into: &utf8)
            case 0..<0x20:
                throw error("control character U+\(String(byte, radix: 16, uppercase: true)) must be escaped in a string")
            default:
                utf8.append(byte)
            }
        }
    }

    private mutating func parseEscape(into utf8: inout [UInt8]) throws(DICOMError) {
        guard position < bytes.count else { throw error("the JSON text ends inside a string") }
        let c = bytes[position]
        position += 1
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(c)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = UInt32(try hex4())
            if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate must be followed by an escaped low surrogate.
                guard bytes.count - position >= 2, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                    throw error("unpaired surrogate \\u\(String(scalar, radix: 16, uppercase: true))")
                }
                position += 2
                let low = UInt32(try hex4())
                guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate \\u\(String(scalar, radix: 16, uppercase: true))") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else {
                throw error("unpaired surrogate \\u\(String(scalar, radix: 16, uppercase: true))")
            }
            utf8.append(contentsOf: String(Character(unicode)).utf8)
        default:
            throw error("invalid escape '\\\(Self.printable(c))' in a string")
        }
    }

    private mutating func hex4() throws(DICOMError) -> UInt16 {
        guard bytes.count - position >= 4,
              let value = UInt16(String(decoding: bytes[position..<(position + 4)], as: UTF8.self), radix: 16),
              bytes[position..<(position + 4)].allSatisfy(Decoding.isHexDigit) else {
            throw error("\\u must be followed by 4 hexadecimal digits")
        }
        position += 4
        return value
    }

    private mutating func parseNumber() throws(DICOMError) -> String {
        let start = position
        func digits() -> Int {
            let from = position
            while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 { position += 1 }
            return position - from
        }
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        let integerStart = position
        guard digits() > 0 else { throw error("a number needs digits") }
        if bytes[integerStart] == UInt8(ascii: "0"), position - integerStart > 1 {
            throw error("numbers cannot have leading zeros")
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw error("a number needs digits after '.'") }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw error("a number needs digits in its exponent") }
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private static func printable(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : "\\u{\(String(byte, radix: 16))}"
    }
}
