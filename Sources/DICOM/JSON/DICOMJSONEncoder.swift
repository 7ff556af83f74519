import Foundation

/// Encodes a data set in the DICOM JSON Model (PS3.18 F.2).
///
/// Numbers (IS, DS, binary integers and floats) are JSON numbers; PN values are objects with
/// `Alphabetic`, `Ideographic` and `Phonetic`; AT values are 8-digit hex strings; binary
/// values are base64 `InlineBinary`, or a `BulkDataURI` when they are longer than
/// ``bulkDataThreshold`` bytes and a ``bulkDataURI`` provider is set.
///
/// ```swift
/// let json = try DICOMJSONEncoder().encode(file.dataSet)    // UTF-8 bytes
/// ```
public struct DICOMJSONEncoder: Sendable {
    /// Binary values longer than this many bytes become BulkDataURI when a provider is set.
    public var bulkDataThreshold: Int = 1024
    /// Returns the URI for a bulk binary element, given the path of tags that leads to it.
    public var bulkDataURI: (@Sendable ([Tag]) -> String)?

    public init() {}

    /// The JSON text of `dataSet` as UTF-8.
    public func encode(_ dataSet: DataSet) throws(DICOMError) -> [UInt8] {
        var writer = JSONWriter()
        var path: [Tag] = []
        try write(dataSet, into: &writer, path: &path)
        return writer.bytes
    }

    private func write(_ dataSet: DataSet, into w: inout JSONWriter, path: inout [Tag]) throws(DICOMError) {
        w.raw("{")
        var first = true
        for element in dataSet.elements {
            if !first { w.raw(",") }
            first = false
            w.raw("\"")
            w.raw(element.tag.hexString)
            w.raw("\":")
            path.append(element.tag)
            try write(element, of: dataSet, into: &w, path: &path)
            path.removeLast()
        }
        w.raw("}")
    }

    private func write(_ element: DataElement, of dataSet: DataSet, into w: inout JSONWriter, path: inout [Tag]) throws(DICOMError) {
        w.raw("{\"vr\":\"")
        w.raw(element.vr.rawValue)
        w.raw("\"")
        switch element.value {
        case let .sequence(items):
            w.raw(",\"Value\":[")
            for (i, item) in items.enumerated() {
                if i > 0 { w.raw(",") }
                try write(item, into: &w, path: &path)
            }
            w.raw("]")
        case let .encapsulated(pixels):
            binary(pixels.rawValue, into: &w, path: path)
        case let .bytes(bytes):
            try primitive(element, bytes: bytes, of: dataSet, into: &w, path: path)
        }
        w.raw("}")
    }

    private func primitive(_ element: DataElement, bytes: ByteSlice, of dataSet: DataSet,
                           into w: inout JSONWriter, path: [Tag]) throws(DICOMError) {
        let vr = element.vr
        if vr.isBulkBinary {
            if !bytes.isEmpty { binary(bytes, into: &w, path: path) }
            return
        }
        let little = dataSet.isLittleEndian
        switch vr {
        case .US, .SS, .UL, .SL, .SV:
            var numbers = element.binaryIntegers(littleEndian: little)
            if Self.lutDescriptors.contains(element.tag.value), vr == .SS, let f = numbers.first, f < 0 {
                numbers[0] = f + 65536
            }
            writeValues(numbers, into: &w) { w, v in w.integer(v) }
        case .UV:
            writeValues(element.unsignedIntegers(littleEndian: little), into: &w) { w, v in w.unsigned(v) }
        case .FL, .FD:
            writeValues(element.floatingPoint(littleEndian: little), into: &w) { w, v in w.double(v) }
        case .AT:
            writeValues(element.attributeTags(littleEndian: little), into: &w) { w, v in w.string(v.hexString) }
        case .IS:
            let numbers = try element.strings(characterSet: dataSet.characterSet).map { (text: String) throws(DICOMError) -> Int64? in
                if text.isEmpty { return nil }
                guard let n = Self.integerString(text) else {
                    throw .encoding(reason: "\(element.tag) IS value '\(text)' is not an integer")
                }
                return n
            }
            writeValues(numbers, into: &w) { w, v in if let v { w.integer(v) } else { w.raw("null") } }
        case .DS:
            let numbers = try element.strings(characterSet: dataSet.characterSet).map { (text: String) throws(DICOMError) -> Double? in
                if text.isEmpty { return nil }
                guard let n = DecimalString.double(text) else {
                    throw .encoding(reason: "\(element.tag) DS value '\(text)' is not a decimal number")
                }
                return n
            }
            writeValues(numbers, into: &w) { w, v in if let v { w.double(v) } else { w.raw("null") } }
        case .PN:
            writeValues(element.strings(characterSet: dataSet.characterSet).map(PersonName.init), into: &w) { w, name in
                w.raw("{\"Alphabetic\":")
                w.string(name.alphabetic)
                if let i = name.ideographic { w.raw(",\"Ideographic\":"); w.string(i) }
                if let p = name.phonetic { w.raw(",\"Phonetic\":"); w.string(p) }
                w.raw("}")
            }
        default:
            writeValues(element.strings(characterSet: dataSet.characterSet), into: &w) { w, s in w.string(s) }
        }
    }

    private func writeValues<T>(_ values: [T], into w: inout JSONWriter, _ each: (inout JSONWriter, T) -> Void) {
        guard !values.isEmpty else { return }
        w.raw(",\"Value\":[")
        for (i, v) in values.enumerated() {
            if i > 0 { w.raw(",") }
            each(&w, v)
        }
        w.raw("]")
    }

    private func binary(_ bytes: ByteSlice, into w: inout JSONWriter, path: [Tag]) {
        if let bulkDataURI, bytes.count > bulkDataThreshold {
            w.raw(",\"BulkDataURI\":")
            w.string(bulkDataURI(path))
            return
        }
        w.raw(",\"InlineBinary\":\"")
        w.raw(Data(bytes.buffer).base64EncodedString())
        w.raw("\"")
    }

    /// IS text as an integer; "12.0" is accepted as 12, as pydicom does, "12.5" is not.
    static func integerString(_ text: String) -> Int64? {
        if let n = Int64(text.hasPrefix("+") ? String(text.dropFirst()) : text) { return n }
        guard let d = DecimalString.double(text), d == d.rounded(), abs(d) < 9.2e18 else { return nil }
        return Int64(d)
    }

    /// LUT Descriptor attributes, whose first value is always unsigned (PS3.3 C.11.1.1.1).
    static let lutDescriptors: Set<UInt32> = [0x0028_1101, 0x0028_1102, 0x0028_1103, 0x0028_3002, 0x0028_1221, 0x0028_1222, 0x0028_1223]
}
