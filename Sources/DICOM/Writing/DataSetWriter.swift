/// Encodes data sets into bytes in a transfer syntax: the inverse of the parser.
///
/// Values in a ``DataSet`` are kept exactly as read, in the byte order of the stream they came
/// from (``DataSet/isLittleEndian``), so writing is mostly copying. What the writer decides:
///
/// - **Byte order.** Output is always little endian; values of numeric VRs read from a
///   big-endian stream are byte-swapped word by word.
/// - **Padding.** Odd-length values get one trailing ``VR/paddingByte`` (PS3.5 7.1.1).
/// - **Sequences and items** get defined lengths, computed after their content is written. The
///   model does not record which length form the input used, and defined lengths reproduce the
///   input byte for byte whenever it used them too. The one exception is Implicit VR output of a
///   sequence whose tag the data dictionary does not know as SQ (an unknown private tag): that
///   sequence gets an undefined length, because a reader can only tell such a value is a
///   sequence from the undefined length (PS3.5 6.2.2) — a defined one would read back as UN.
/// - **Group lengths** `(gggg,0000)` are kept where present and recomputed, as DCMTK does by
///   default (`+g=`): dropping them would change the bytes of inputs that have them, and a
///   stale value would mislead readers that still honour them.
/// - **Encapsulated pixel data** is written as a Basic Offset Table item, one item per fragment
///   and a Sequence Delimitation Item, under an undefined length and VR OB (PS3.5 A.4).
struct DataSetEncoder {
    /// The syntax being written; the data set part is explicit or implicit VR little endian.
    let syntax: TransferSyntax
    private(set) var bytes: [UInt8] = []
    /// Where the writer is, for error messages: each entry is an element and, inside a
    /// sequence, the item index.
    private var path: [(tag: Tag, item: Int?)] = []

    init(syntax: TransferSyntax) {
        self.syntax = syntax
    }

    /// Rejects syntaxes this writer cannot produce.
    static func checkWritable(_ syntax: TransferSyntax) throws(DICOMError) {
        guard syntax.isLittleEndian else {
            throw .encoding(reason: "transfer syntax \(syntax.uid) is big endian, which is retired (PS3.5 A.3) and not written; use Explicit VR Little Endian (1.2.840.10008.1.2.1)")
        }
        if !syntax.isExplicitVR, syntax.isEncapsulated || syntax.isDeflated {
            throw .encoding(reason: "transfer syntax \(syntax.uid) combines implicit VR with compression, which DICOM does not define")
        }
    }

    // MARK: - Data sets

    mutating func write(_ dataSet: DataSet, isTopLevel: Bool) throws(DICOMError) {
        // The group length element waiting for its group to end: where its 4-byte value sits
        // and where the group's counted bytes start.
        var pendingGroupLength: (group: UInt16, valueAt: Int, countFrom: Int)?
        for element in dataSet.elements {
            if let pending = pendingGroupLength, element.tag.group != pending.group {
                try patchGroupLength(pending)
                pendingGroupLength = nil
            }
            if element.tag.isGroupLength {
                if let pending = pendingGroupLength { try patchGroupLength(pending) }
                pendingGroupLength = writeGroupLengthPlaceholder(element.tag)
                continue
            }
            path.append((element.tag, nil))
            try write(element, in: dataSet, isTopLevel: isTopLevel)
            path.removeLast()
        }
        if let pending = pendingGroupLength { try patchGroupLength(pending) }
    }

    private mutating func writeGroupLengthPlaceholder(_ tag: Tag) -> (group: UInt16, valueAt: Int, countFrom: Int) {
        writeHeader(tag: tag, vr: .UL, length: 4)
        let valueAt = bytes.count
        appendUInt32(0)
        return (tag.group, valueAt, bytes.count)
    }

    private mutating func patchGroupLength(_ pending: (group: UInt16, valueAt: Int, countFrom: Int)) throws(DICOMError) {
        let length = bytes.count - pending.countFrom
        guard length < Int(UInt32.max) else {
            throw .encoding(reason: "group \(Tag.hex4(pending.group)) at \(location) is \(length) bytes long, more than a group length can state")
        }
        patchUInt32(UInt32(length), at: pending.valueAt)
    }

    // MARK: - Elements

    private mutating func write(_ element: DataElement, in dataSet: DataSet, isTopLevel: Bool) throws(DICOMError) {
        switch element.value {
        case let .bytes(value):
            if isTopLevel, syntax.isEncapsulated, element.tag == .pixelData {
                throw .encoding(reason: "\(element.tag) holds native (uncompressed) pixel data, but \(syntax.uid) needs encapsulated pixel data; write it as Explicit VR Little Endian or compress it first")
            }
            try writePrimitive(element, value: value, littleEndianSource: dataSet.isLittleEndian)
        case let .sequence(items):
            try writeSequence(element.tag, items: items, in: dataSet)
        case let .encapsulated(pixels):
            guard syntax.isEncapsulated else {
                throw .encoding(reason: "\(location) holds encapsulated (compressed) pixel data, which \(syntax.uid) cannot carry; decompress it first or write it in a compressed transfer syntax")
            }
            try writeEncapsulated(element, pixels: pixels)
        }
    }

    private mutating func writePrimitive(_ element: DataElement, value: ByteSlice, littleEndianSource: Bool) throws(DICOMError) {
        let vr = element.vr
        let padded = value.count + (value.count & 1)
        try checkLength(padded, vr: vr)
        writeHeader(tag: element.tag, vr: vr, length: UInt32(padded))
        let start = bytes.count
        bytes.append(contentsOf: value.buffer)
        if !littleEndianSource, let width = Self.swapWidth(vr) {
            Self.swapWords(&bytes, from: start, width: width)
        }
        if value.count & 1 == 1 { bytes.append(vr.paddingByte) }
    }

    /// The word size to byte-swap when converting a value from big to little endian, or nil
    /// for VRs that are byte streams (text, OB, UN). AT is a pair of 16-bit numbers.
    static func swapWidth(_ vr: VR) -> Int? {
        switch vr {
        case .US, .SS, .OW, .AT: 2
        case .UL, .SL, .FL, .OF, .OL: 4
        case .FD, .OD, .SV, .UV, .OV: 8
        default: nil
        }
    }

    /// Reverses each `width`-byte word from `start` to the end; a trailing partial word (only
    /// possible in malformed input) is left as it is.
    static func swapWords(_ bytes: inout [UInt8], from start: Int, width: Int) {
        var i = start
        while i + width <= bytes.count {
            bytes[i..<(i + width)].reverse()
            i += width
        }
    }

    private func checkLength(_ length: Int, vr: VR) throws(DICOMError) {
        if syntax.isExplicitVR, !vr.hasLongLength, length > 0xFFFE {
            throw .encoding(reason: "\(location) \(vr) value is \(length) bytes, but an explicit VR \(vr) element can hold at most 65534; shorten it or use a VR with a 32-bit length (such as UT or UN)")
        }
        if length >= Int(undefinedLength) {
            throw .encoding(reason: "\(location) value is \(length) bytes, more than a 32-bit length can state")
        }
    }

    // MARK: - Sequences

    private mutating func writeSequence(_ tag: Tag, items: [DataSet], in dataSet: DataSet) throws(DICOMError) {
        let undefined = !syntax.isExplicitVR && VRResolver.implicitVR(for: tag, in: dataSet).0 != .SQ
        writeHeader(tag: tag, vr: .SQ, length: undefined ? undefinedLength : 0)
        let lengthAt = bytes.count - 4
        let start = bytes.count
        for (index, item) in items.enumerated() {
            path[path.count - 1].item = index
            writeItemHeader(.item, length: 0)
            let itemLengthAt = bytes.count - 4
            let itemStart = bytes.count
            try write(item, isTopLevel: false)
            try patchLength(bytes.count - itemStart, at: itemLengthAt)
        }
        path[path.count - 1].item = nil
        if undefined {
            writeItemHeader(.sequenceDelimitation, length: 0)
        } else {
            try patchLength(bytes.count - start, at: lengthAt)
        }
    }

    private mutating func patchLength(_ length: Int, at offset: Int) throws(DICOMError) {
        guard length < Int(undefinedLength) else {
            throw .encoding(reason: "\(location) is \(length) bytes long, more than a 32-bit length can state")
        }
        patchUInt32(UInt32(length), at: offset)
    }

    // MARK: - Encapsulated pixel data

    private mutating func writeEncapsulated(_ element: DataElement, pixels: EncapsulatedPixelData) throws(DICOMError) {
        // PS3.5 A.4 requires OB. Some writers said OW; the parser keeps that, but writing it
        // back would only make readers such as DCMTK warn, so the output says OB.
        writeHeader(tag: element.tag, vr: .OB, length: undefinedLength)
        try checkLength(pixels.basicOffsetTable.count * 4, vr: .OB)
        writeItemHeader(.item, length: UInt32(pixels.basicOffsetTable.count * 4))
        for offset in pixels.basicOffsetTable { appendUInt32(offset) }
        for fragment in pixels.fragments {
            // Items have even length (PS3.5 A.4); codecs ignore a trailing pad byte.
            let padded = fragment.count + (fragment.count & 1)
            try checkLength(padded, vr: .OB)
            writeItemHeader(.item, length: UInt32(padded))
            bytes.append(contentsOf: fragment.buffer)
            if fragment.count & 1 == 1 { bytes.append(0) }
        }
        writeItemHeader(.sequenceDelimitation, length: 0)
    }

    // MARK: - Headers and numbers

    private mutating func writeHeader(tag: Tag, vr: VR, length: UInt32) {
        appendUInt16(tag.group)
        appendUInt16(tag.element)
        if syntax.isExplicitVR {
            bytes.append(contentsOf: vr.rawValue.utf8)
            if vr.hasLongLength {
                appendUInt16(0)
                appendUInt32(length)
            } else {
                appendUInt16(UInt16(truncatingIfNeeded: length))
            }
        } else {
            appendUInt32(length)
        }
    }

    /// Item and delimitation headers have no VR in any syntax (PS3.5 7.5).
    private mutating func writeItemHeader(_ tag: Tag, length: UInt32) {
        appendUInt16(tag.group)
        appendUInt16(tag.element)
        appendUInt32(length)
    }

    private mutating func appendUInt16(_ v: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: v))
        bytes.append(UInt8(truncatingIfNeeded: v >> 8))
    }

    private mutating func appendUInt32(_ v: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt32(shift))) }
    }

    private mutating func patchUInt32(_ v: UInt32, at offset: Int) {
        for i in 0..<4 { bytes[offset + i] = UInt8(truncatingIfNeeded: v >> UInt32(8 * i)) }
    }

    /// The element being written, e.g. `(0008,1115)[0] > (0008,1150)`.
    private var location: String {
        path.map { entry in entry.item.map { "\(entry.tag)[\($0)]" } ?? "\(entry.tag)" }.joined(separator: " > ")
    }
}

// MARK: - Values as the writer stores them

extension DataSetEncoder {
    /// `value` padded to even length with the VR's padding byte, as it is stored and written.
    static func padded(_ value: [UInt8], vr: VR) -> [UInt8] {
        value.count & 1 == 0 ? value : value + [vr.paddingByte]
    }
}
