/// Decides the VR of elements whose encoding does not state it: every element of an
/// Implicit VR data set, and explicit elements marked UN that the dictionary knows.
///
/// Some attributes have a VR that depends on other attributes (PS3.5 Annex A; PS3.6 lists
/// them as "US or SS", "OB or OW"): Smallest Image Pixel Value is SS when Pixel
/// Representation is 1, Pixel Data is OW in Implicit VR, and so on. Those are settled after the
/// whole tree is parsed, because the deciding attribute may come later or in an ancestor.
enum VRResolver {
    /// The VR of `tag` in an implicit-VR data set whose Private Creators read so far are
    /// `creators`, and whether it is still ambiguous.
    static func implicitVR(for tag: Tag, creators: [Tag: String]) -> (VR, Bool) {
        if tag.isPrivate {
            if tag.isPrivateCreator { return (.LO, false) }
            if let creatorTag = tag.privateCreatorTag, let creator = creators[creatorTag],
               let vrs = DataDictionary.privateVRs(for: tag, trimmedCreator: creator), let first = vrs.first {
                return (first, vrs.count > 1)
            }
            return (.UN, false)
        }
        if tag.isGroupLength { return (.UL, false) }
        if let known = publicVRs[tag.value] { return known }
        guard let entry = DataDictionary.entry(for: tag) else { return (.UN, false) }
        return (entry.vr, entry.vrs.count > 1)
    }

    /// The VR of every fixed public tag, and whether it is ambiguous: a plain table for the
    /// per-element lookup of Implicit VR parsing (no entry is built or copied).
    private static let publicVRs: [UInt32: (VR, Bool)] = DataDictionary.exact.mapValues { ($0.vr, $0.vrs.count > 1) }

    /// The VR `tag` would be read with in an implicit-VR encoding of `dataSet`.
    static func implicitVR(for tag: Tag, in dataSet: DataSet) -> (VR, Bool) {
        var creators: [Tag: String] = [:]
        if let creatorTag = tag.privateCreatorTag, let name = privateCreator(of: tag, in: dataSet) {
            creators[creatorTag] = name
        }
        return implicitVR(for: tag, creators: creators)
    }

    /// Settles ambiguous VRs and replaces explicit UN with the dictionary VR where known,
    /// as pydicom and DCMTK do, walking the tree with what each data set's ancestors say.
    static func resolve(_ dataSet: inout DataSet, ambiguous: Set<Int>, isImplicit: Bool,
                        options: ReadOptions) throws(DICOMError) {
        try resolve(&dataSet, parent: nil, ambiguous: ambiguous, isImplicit: isImplicit, options: options, depth: 0)
    }

    /// What the context-dependent rules read from a data set and its ancestors. It is taken
    /// before the data set changes, so no second reference to the data set is held while its
    /// elements are updated in place (which would copy them).
    private struct Context {
        /// From the nearest data set, this one or an ancestor, that has Pixel Representation.
        var pixelRepresentation: Int?
        var bitsAllocated: Int?
        var waveformBitsAllocated: Int?
        var lutDescriptorFirstValue: Int?
        var creators: [Tag: String] = [:]
        var characterSet: SpecificCharacterSet

        init(_ dataSet: DataSet, parent: Context?) {
            pixelRepresentation = dataSet.integers(.pixelRepresentation).first ?? parent?.pixelRepresentation
            bitsAllocated = dataSet.integers(.bitsAllocated).first
            waveformBitsAllocated = dataSet.integers(Tag(0x5400, 0x1004)).first
            lutDescriptorFirstValue = dataSet.integers(Tag(0x0028, 0x3002)).first
            characterSet = dataSet.characterSet
            for element in dataSet.elements where element.tag.isPrivateCreator {
                if let value = element.bytes, let name = creatorName(value) { creators[element.tag] = name }
            }
        }
    }

    private static func resolve(_ dataSet: inout DataSet, parent: Context?, ambiguous: Set<Int>,
                                isImplicit: Bool, options: ReadOptions, depth: Int) throws(DICOMError) {
        let context = Context(dataSet, parent: parent)
        try dataSet.updateElements { (element: inout DataElement) throws(DICOMError) in
            if !ambiguous.isEmpty, element.vr != .SQ, ambiguous.contains(element.offset) {
                element.vr = settle(element, context: context, isImplicit: isImplicit)
            } else if !isImplicit, element.vr == .UN, case let .bytes(value) = element.value {
                try replaceUnknown(&element, value: value, context: context, options: options, depth: depth)
            }
            markWrongLength(&element)
            if case var .sequence(items) = element.value {
                element.value = .sequence([])  // leaves `items` the only reference while it changes
                for i in items.indices {
                    try resolve(&items[i], parent: context, ambiguous: ambiguous,
                                isImplicit: isImplicit, options: options, depth: depth + 1)
                }
                element.value = .sequence(items)
            }
        }
    }

    /// The rules of PS3.5 Annex A and PS3.3 for attributes whose VR depends on context.
    private static func settle(_ element: DataElement, context: Context, isImplicit: Bool) -> VR {
        let tag = element.tag
        switch tag {
        case .pixelData:
            if element.encapsulated != nil { return .OB }
            if isImplicit { return .OW }
            return (context.bitsAllocated ?? 16) > 8 ? .OW : .OB
        case _ where usOrSSTags.contains(tag.value):
            return (context.pixelRepresentation ?? 0) == 0 ? .US : .SS
        case _ where waveformTags.contains(tag.value):
            if isImplicit { return .OW }
            return (context.waveformBitsAllocated ?? 16) > 8 ? .OW : .OB
        case Tag(0x0028, 0x3006):
            return context.lutDescriptorFirstValue == 1 ? .US : .OW
        case _ where tag.group & 0xFF00 == 0x6000 && tag.element == 0x3000:
            return .OW
        default:
            return DataDictionary.entry(for: tag)?.vr ?? element.vr
        }
    }

    /// Attributes whose VR is US when Pixel Representation is 0 and SS when it is 1.
    private static let usOrSSTags: Set<UInt32> = [
        0x0018_9810, 0x0022_1452, 0x0028_0104, 0x0028_0105, 0x0028_0106, 0x0028_0107, 0x0028_0108,
        0x0028_0109, 0x0028_0110, 0x0028_0111, 0x0028_0120, 0x0028_0121, 0x0028_1101, 0x0028_1102,
        0x0028_1103, 0x0028_3002, 0x0040_9211, 0x0040_9216, 0x0060_3004, 0x0060_3006,
    ]

    /// Waveform attributes that are OB or OW according to Waveform Bits Allocated.
    private static let waveformTags: Set<UInt32> = [0x5400_0110, 0x5400_0112, 0x5400_100A, 0x5400_1010]

    /// An explicit UN element whose tag the dictionary knows gets the dictionary VR; a UN
    /// holding a known sequence is parsed as Implicit VR Little Endian items (PS3.5 6.2.2).
    private static func replaceUnknown(_ element: inout DataElement, value: ByteSlice, context: Context,
                                       options: ReadOptions, depth: Int) throws(DICOMError) {
        let entry: DictionaryEntry?
        if element.tag.isPrivate {
            if element.tag.isPrivateCreator { element.vr = .LO; return }
            entry = element.tag.privateCreatorTag.flatMap { context.creators[$0] }.flatMap {
                DataDictionary.privateEntry(for: element.tag, creator: $0)
            }
        } else if value.count < 0xFFFF {
            entry = DataDictionary.entry(for: element.tag)
        } else {
            entry = nil
        }
        guard let entry, entry.vr != .UN else { return }
        if entry.vr == .SQ {
            var parser = DataSetParser(storage: value.storage, options: options)
            element.value = .sequence(try parser.parseImplicitItems(in: value.range, characterSet: context.characterSet,
                                                                    depth: depth + 1))
            element.vr = .SQ
            return
        }
        element.vr = entry.vr
        if entry.vrs.count > 1 {
            element.vr = settle(element, context: context, isImplicit: true)
        }
    }

    /// Numbers whose byte count is not a multiple of their size cannot be read as numbers;
    /// they are kept as UN so nothing is lost.
    private static func markWrongLength(_ element: inout DataElement) {
        guard let width = element.vr.numericWidth, let value = element.bytes, value.count % width != 0 else { return }
        element.vr = .UN
    }

    static func privateCreator(of tag: Tag, in dataSet: DataSet) -> String? {
        guard let creatorTag = tag.privateCreatorTag, let creator = dataSet[creatorTag]?.bytes else { return nil }
        return creatorName(creator)
    }

    /// A Private Creator value without padding; nil when empty.
    static func creatorName(_ value: ByteSlice) -> String? {
        let text = value.trimmedText
        return text.isEmpty ? nil : text
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String { self[...].trimmingCharacters(in: set) }
}
