/// One attribute of a data set: its tag, its VR and its value, still undecoded.
///
/// Values point into the bytes they were read from; decoding happens in the typed accessors
/// (``DataSet/string(_:)``, ``DataSet/integers(_:)``, …) only when a caller asks.
public struct DataElement: Sendable {
    public var tag: Tag
    public var vr: VR
    public var value: ElementValue
    /// Byte offset of the element header in the stream it was read from (0 for built elements).
    public var offset: Int

    public init(tag: Tag, vr: VR, value: ElementValue, offset: Int = 0) {
        self.tag = tag
        self.vr = vr
        self.value = value
        self.offset = offset
    }

    /// The raw value bytes for a primitive element; nil for sequences and encapsulated data.
    public var bytes: ByteSlice? {
        if case let .bytes(b) = value { return b }
        return nil
    }

    /// The items of a sequence; nil for other elements.
    public var items: [DataSet]? {
        if case let .sequence(items) = value { return items }
        return nil
    }

    /// Fragments of encapsulated (compressed) pixel data; nil otherwise.
    public var encapsulated: EncapsulatedPixelData? {
        if case let .encapsulated(e) = value { return e }
        return nil
    }

    /// True when the element holds no value (zero length, or a sequence with no items).
    public var isEmpty: Bool {
        switch value {
        case let .bytes(b): b.isEmpty
        case let .sequence(items): items.isEmpty
        case .encapsulated: false
        }
    }
}

/// What an element holds.
public enum ElementValue: Sendable {
    /// The bytes of a primitive value exactly as stored (with padding, in the stream's byte order).
    case bytes(ByteSlice)
    /// The items of a sequence (SQ), each a nested data set.
    case sequence([DataSet])
    /// Encapsulated pixel data: an offset table and fragments (PS3.5 A.4).
    case encapsulated(EncapsulatedPixelData)
}
