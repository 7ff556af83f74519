/// Parses the elements of a data set from bytes, recursing into sequences.
///
/// The parser never trusts a length: every length is checked against the bytes that remain
/// before anything is sliced, nesting is bounded by ``ReadOptions/maxSequenceDepth``, and every
/// step consumes at least one header, so any input ends in a data set or a ``DICOMError``.
struct DataSetParser {
    let storage: ByteStorage
    let options: ReadOptions
    /// Offsets of elements whose VR came from the dictionary as an ambiguous choice
    /// ("US or SS", "OB or OW", …); ``VRResolver`` settles them once the whole tree is known.
    private(set) var ambiguous: Set<Int> = []
    /// Whether any element may need ``VRResolver`` after parsing: an ambiguous or UN VR, or
    /// a number whose length is not a multiple of its size. Most files need nothing.
    private(set) var needsResolution = false
    /// Set when truncation was tolerated.
    private(set) var truncation: DICOMError?

    private var bytes: UnsafeRawBufferPointer { storage.bytes }

    init(storage: ByteStorage, options: ReadOptions) {
        self.storage = storage
        self.options = options
    }

    /// How the elements of one data set are encoded.
    struct Encoding {
        var explicitVR: Bool
        var littleEndian: Bool
    }

    /// Where a data set stops.
    enum Boundary {
        /// At the end of the range: a defined-length item or the whole stream.
        case end(Int)
        /// At an Item Delimitation Item (undefined-length item); `end` bounds the search.
        case itemDelimiter(end: Int)
    }

    /// Parses one data set starting at `start`. Returns it and the offset just past it.
    mutating func parseDataSet(from start: Int, boundary: Boundary, encoding: Encoding,
                               characterSet inherited: SpecificCharacterSet, depth: Int,
                               isTopLevel: Bool = false, stopAtGroupChange: UInt16? = nil)
        throws(DICOMError) -> (DataSet, Int)
    {
        var elements: [DataElement] = []
        // A typical image header has 100–200 top-level elements; items have a few.
        elements.reserveCapacity(isTopLevel ? 160 : 8)
        var creators: [Tag: String] = [:]
        var characterSet = inherited
        var position = start
        let end: Int
        switch boundary {
        case let .end(e): end = e
        case let .itemDelimiter(e): end = e
        }

        while position < end {
            // The File Meta group ends where group 0002 does, however few bytes follow.
            if let stopGroup = stopAtGroupChange, end - position >= 2,
               bytes.uint16(at: position, littleEndian: encoding.littleEndian) != stopGroup { break }
            guard end - position >= 8 else {
                try tolerate(.truncated(offset: position, reason: "element header needs 8 bytes, \(end - position) remain"))
                position = end
                break
            }
            let group = bytes.uint16(at: position, littleEndian: encoding.littleEndian)
            let elementNumber = bytes.uint16(at: position + 2, littleEndian: encoding.littleEndian)
            let tag = Tag(group, elementNumber)

            if tag == .itemDelimitation {
                guard case .itemDelimiter = boundary else {
                    throw .malformed(offset: position, reason: "item delimitation (FFFE,E00D) outside an undefined-length item")
                }
                return (DataSet(elements: elements, characterSet: characterSet, isLittleEndian: encoding.littleEndian), position + 8)
            }
            if group == 0xFFFE {
                throw .malformed(offset: position, reason: "unexpected \(tag) where a data element was expected")
            }
            if isTopLevel, shouldStop(at: tag) { break }

            let header: Header
            do throws(DICOMError) {
                header = try readHeader(at: position, tag: tag, end: end, encoding: encoding, creators: creators)
            } catch {
                guard case .truncated = error else { throw error }
                try tolerate(error)
                position = end
                break
            }
            let valueStart = position + header.size
            var element: DataElement
            var next: Int
            if header.length == undefinedLength {
                (element, next) = try parseUndefinedLength(tag: tag, vr: header.vr, headerOffset: position,
                                                           valueStart: valueStart, end: end, encoding: encoding,
                                                           characterSet: characterSet, depth: depth)
            } else {
                var length = Int(header.length)
                if length > end - valueStart {
                    let error = DICOMError.truncated(offset: position, reason: "\(tag) \(header.vr) value length \(length) exceeds the \(end - valueStart) bytes that remain")
                    try tolerate(error)
                    length = end - valueStart
                }
                let range = valueStart..<(valueStart + length)
                if header.vr == .SQ {
                    let items = try parseItems(in: range, encoding: encoding, characterSet: characterSet, depth: depth + 1)
                    element = DataElement(tag: tag, vr: .SQ, value: .sequence(items), offset: position)
                } else {
                    element = DataElement(tag: tag, vr: header.vr, value: .bytes(ByteSlice(storage: storage, range: range)), offset: position)
                }
                next = range.upperBound
            }
            if header.isAmbiguous { ambiguous.insert(position) }
            // A UN read from the dictionary is already all the dictionary knows; only a UN
            // written in the stream may name an attribute the dictionary knows better.
            if header.isAmbiguous || (header.isExplicit && element.vr == .UN) || Self.hasWrongLength(element) {
                needsResolution = true
            }
            if tag.isPrivateCreator, let value = element.bytes, let name = VRResolver.creatorName(value) {
                creators[tag] = name
            }
            if tag == .specificCharacterSet, let value = element.bytes {
                characterSet = SpecificCharacterSet(terms: Self.characterSetTerms(value))
            }
            elements.append(element)
            position = next
        }

        if case .itemDelimiter = boundary {
            try tolerate(.truncated(offset: position, reason: "undefined-length item has no item delimitation before the end of its enclosing value"))
        }
        return (DataSet(elements: elements, characterSet: characterSet, isLittleEndian: encoding.littleEndian), position)
    }

    // MARK: - Element headers

    private struct Header {
        var vr: VR
        var length: UInt32
        var size: Int
        var isAmbiguous: Bool
        /// The VR was written in the stream (explicit VR), not looked up in the dictionary.
        var isExplicit: Bool
    }

    private func readHeader(at position: Int, tag: Tag, end: Int, encoding: Encoding,
                            creators: [Tag: String]) throws(DICOMError) -> Header {
        if encoding.explicitVR {
            if let vr = VR(byte0: bytes[position + 4], byte1: bytes[position + 5]) {
                if vr.hasLongLength {
                    guard end - position >= 12 else {
                        throw .truncated(offset: position, reason: "\(tag) \(vr) header needs 12 bytes, \(end - position) remain")
                    }
                    return Header(vr: vr, length: bytes.uint32(at: position + 8, littleEndian: encoding.littleEndian), size: 12,
                                  isAmbiguous: false, isExplicit: true)
                }
                return Header(vr: vr, length: UInt32(bytes.uint16(at: position + 6, littleEndian: encoding.littleEndian)), size: 8,
                          isAmbiguous: false, isExplicit: true)
            }
            if bytes.looksLikeVR(at: position + 4) {
                let text = String(decoding: [bytes[position + 4], bytes[position + 5]], as: UTF8.self)
                throw .malformed(offset: position, reason: "\(tag) has unknown VR '\(text)'")
            }
            // Some writers switch to implicit VR inside sequences; read this element as implicit.
        }
        let length = bytes.uint32(at: position + 4, littleEndian: encoding.littleEndian)
        let (vr, isAmbiguous) = VRResolver.implicitVR(for: tag, creators: creators)
        return Header(vr: vr, length: length, size: 8, isAmbiguous: isAmbiguous, isExplicit: false)
    }

    private func shouldStop(at tag: Tag) -> Bool {
        if options.stopBeforePixelData,
           tag == .pixelData || tag == .floatPixelData || tag == .doubleFloatPixelData { return true }
        if let stop = options.stopAtTag, tag >= stop { return true }
        return false
    }

    // MARK: - Undefined length

    private mutating func parseUndefinedLength(tag: Tag, vr: VR, headerOffset: Int, valueStart: Int, end: Int,
                                               encoding: Encoding, characterSet: SpecificCharacterSet,
                                               depth: Int) throws(DICOMError) -> (DataElement, Int) {
        let startsWithItem = end - valueStart >= 4
            && bytes.uint16(at: valueStart, littleEndian: encoding.littleEndian) == 0xFFFE
            && bytes.uint16(at: valueStart + 2, littleEndian: encoding.littleEndian) == 0xE000
        if vr == .SQ || vr == .UN {
            // PS3.5 6.2.2: an undefined-length UN value is a sequence in Implicit VR Little Endian.
            let inner = vr == .UN ? Encoding(explicitVR: false, littleEndian: true) : encoding
            let (items, next) = try parseUndefinedItems(from: valueStart, end: end, encoding: inner,
                                                        characterSet: characterSet, depth: depth + 1)
            return (DataElement(tag: tag, vr: .SQ, value: .sequence(items), offset: headerOffset), next)
        }
        if startsWithItem {
            let (pixels, next) = try parseFragments(from: valueStart, end: end, encoding: encoding)
            return (DataElement(tag: tag, vr: vr == .OW ? .OW : .OB, value: .encapsulated(pixels), offset: headerOffset), next)
        }
        // Any other undefined-length value runs to the next Sequence Delimitation Item.
        var scan = valueStart
        while end - scan >= 8 {
            if bytes.uint16(at: scan, littleEndian: encoding.littleEndian) == 0xFFFE,
               bytes.uint16(at: scan + 2, littleEndian: encoding.littleEndian) == 0xE0DD {
                let slice = ByteSlice(storage: storage, range: valueStart..<scan)
                return (DataElement(tag: tag, vr: vr, value: .bytes(slice), offset: headerOffset), scan + 8)
            }
            scan += 1
        }
        try tolerate(.truncated(offset: headerOffset, reason: "\(tag) has undefined length and no sequence delimitation item before the end"))
        return (DataElement(tag: tag, vr: vr, value: .bytes(ByteSlice(storage: storage, range: valueStart..<end)), offset: headerOffset), end)
    }

    // MARK: - Sequences

    fileprivate mutating func parseItems(in range: Range<Int>, encoding: Encoding, characterSet: SpecificCharacterSet,
                                     depth: Int) throws(DICOMError) -> [DataSet] {
        try checkDepth(depth, at: range.lowerBound)
        var items: [DataSet] = []
        var position = range.lowerBound
        while position < range.upperBound {
            let (item, next) = try parseItem(at: position, end: range.upperBound, encoding: encoding,
                                             characterSet: characterSet, depth: depth, allowsSequenceEnd: false)
            guard let item else { break }
            items.append(item)
            position = next
        }
        return items
    }

    private mutating func parseUndefinedItems(from start: Int, end: Int, encoding: Encoding,
                                              characterSet: SpecificCharacterSet, depth: Int) throws(DICOMError) -> ([DataSet], Int) {
        try checkDepth(depth, at: start)
        var items: [DataSet] = []
        var position = start
        while true {
            guard position < end else {
                try tolerate(.truncated(offset: position, reason: "undefined-length sequence has no sequence delimitation item"))
                return (items, end)
            }
            let (item, next) = try parseItem(at: position, end: end, encoding: encoding,
                                             characterSet: characterSet, depth: depth, allowsSequenceEnd: true)
            position = next
            guard let item else { return (items, position) }
            items.append(item)
        }
    }

    /// Parses one item; returns nil for the Sequence Delimitation Item.
    private mutating func parseItem(at position: Int, end: Int, encoding: Encoding, characterSet: SpecificCharacterSet,
                                    depth: Int, allowsSequenceEnd: Bool) throws(DICOMError) -> (DataSet?, Int) {
        guard end - position >= 8 else {
            try tolerate(.truncated(offset: position, reason: "item header needs 8 bytes, \(end - position) remain"))
            return (nil, end)
        }
        let tag = Tag(bytes.uint16(at: position, littleEndian: encoding.littleEndian),
                      bytes.uint16(at: position + 2, littleEndian: encoding.littleEndian))
        let length = bytes.uint32(at: position + 4, littleEndian: encoding.littleEndian)
        if tag == .sequenceDelimitation, allowsSequenceEnd { return (nil, position + 8) }
        guard tag == .item else {
            throw .malformed(offset: position, reason: "expected an item (FFFE,E000) in a sequence, found \(tag)")
        }
        let start = position + 8
        if length == undefinedLength {
            let (item, next) = try parseDataSet(from: start, boundary: .itemDelimiter(end: end), encoding: encoding,
                                                characterSet: characterSet, depth: depth)
            return (item, next)
        }
        var itemEnd = start + Int(length)
        if Int(length) > end - start {
            try tolerate(.truncated(offset: position, reason: "item length \(length) exceeds the \(end - start) bytes that remain"))
            itemEnd = end
        }
        let (item, _) = try parseDataSet(from: start, boundary: .end(itemEnd), encoding: encoding,
                                         characterSet: characterSet, depth: depth)
        return (item, itemEnd)
    }

    private func checkDepth(_ depth: Int, at offset: Int) throws(DICOMError) {
        if depth > options.maxSequenceDepth {
            throw .limitExceeded(offset: offset, reason: "sequences nested deeper than \(options.maxSequenceDepth) levels")
        }
    }

    // MARK: - Encapsulated pixel data

    private mutating func parseFragments(from start: Int, end: Int, encoding: Encoding) throws(DICOMError) -> (EncapsulatedPixelData, Int) {
        var position = start
        var offsets: [UInt32] = []
        var fragments: [ByteSlice] = []
        var isFirst = true
        while true {
            guard end - position >= 8 else {
                try tolerate(.truncated(offset: position, reason: "encapsulated pixel data has no sequence delimitation item"))
                let raw = ByteSlice(storage: storage, range: start..<end)
                return (EncapsulatedPixelData(basicOffsetTable: offsets, fragments: fragments, rawValue: raw), end)
            }
            let group = bytes.uint16(at: position, littleEndian: encoding.littleEndian)
            let element = bytes.uint16(at: position + 2, littleEndian: encoding.littleEndian)
            let length = bytes.uint32(at: position + 4, littleEndian: encoding.littleEndian)
            if group == 0xFFFE, element == 0xE0DD {
                let raw = ByteSlice(storage: storage, range: start..<position)
                return (EncapsulatedPixelData(basicOffsetTable: offsets, fragments: fragments, rawValue: raw), position + 8)
            }
            guard group == 0xFFFE, element == 0xE000 else {
                throw .malformed(offset: position, reason: "expected a fragment item (FFFE,E000) in encapsulated pixel data, found \(Tag(group, element))")
            }
            guard length != undefinedLength, Int(length) <= end - position - 8 else {
                try tolerate(.truncated(offset: position, reason: "fragment length \(length) exceeds the \(end - position - 8) bytes that remain"))
                let raw = ByteSlice(storage: storage, range: start..<end)
                return (EncapsulatedPixelData(basicOffsetTable: offsets, fragments: fragments, rawValue: raw), end)
            }
            let range = (position + 8)..<(position + 8 + Int(length))
            if isFirst {
                guard length % 4 == 0 else {
                    throw .malformed(offset: position, reason: "Basic Offset Table length \(length) is not a multiple of 4")
                }
                offsets = stride(from: range.lowerBound, to: range.upperBound, by: 4).map {
                    bytes.uint32(at: $0, littleEndian: encoding.littleEndian)
                }
                isFirst = false
            } else {
                fragments.append(ByteSlice(storage: storage, range: range))
            }
            position = range.upperBound
        }
    }

    // MARK: - Helpers

    /// Records `error` when truncation is tolerated; throws it otherwise.
    private mutating func tolerate(_ error: DICOMError) throws(DICOMError) {
        guard options.toleratesTruncation else { throw error }
        if truncation == nil { truncation = error }
    }

    private static func hasWrongLength(_ element: DataElement) -> Bool {
        guard let width = element.vr.numericWidth, let value = element.bytes else { return false }
        return value.count % width != 0
    }

    static func characterSetTerms(_ value: ByteSlice) -> [String] {
        String(decoding: value.buffer, as: UTF8.self)
            .split(separator: "\\", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: " \0") }
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        var s = self[...]
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}

extension ByteSlice {
    /// The value as text without leading and trailing spaces and NULs, decoded as UTF-8:
    /// for the ASCII values of Private Creator and Specific Character Set.
    var trimmedText: String {
        let buffer = self.buffer
        var lower = 0, upper = buffer.count
        while lower < upper, buffer[lower] == 0x20 || buffer[lower] == 0x00 { lower += 1 }
        while upper > lower, buffer[upper - 1] == 0x20 || buffer[upper - 1] == 0x00 { upper -= 1 }
        return String(decoding: UnsafeRawBufferPointer(rebasing: buffer[lower..<upper]), as: UTF8.self)
    }
}

extension DataSetParser {
    /// Parses the items of a defined-length value as an Implicit VR Little Endian sequence:
    /// how a sequence stored under VR UN is encoded (PS3.5 6.2.2).
    mutating func parseImplicitItems(in range: Range<Int>, characterSet: SpecificCharacterSet,
                                     depth: Int) throws(DICOMError) -> [DataSet] {
        try parseItems(in: range, encoding: Encoding(explicitVR: false, littleEndian: true),
                       characterSet: characterSet, depth: depth)
    }
}
