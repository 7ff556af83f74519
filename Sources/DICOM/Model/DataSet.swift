/// An ordered collection of data elements: a whole DICOM object, the File Meta group, or one
/// item of a sequence.
///
/// Elements are kept in ascending tag order. A data set also remembers how its values are
/// encoded — byte order and character set — because decoding happens lazily.
///
/// ```swift
/// let file = try DICOMFile(path: "ct.dcm")
/// let ds = file.dataSet
/// ds.string(.patientID)             // "12345"
/// ds.integers(.rows)                // [512]
/// ds.personNames(.patientName).first?.familyName
/// ```
public struct DataSet: Sendable {
    /// The elements in ascending tag order.
    public private(set) var elements: [DataElement]
    /// The character set that text values of this data set are decoded with. Items inherit
    /// the set of their enclosing data set unless they carry their own (0008,0005).
    public var characterSet: SpecificCharacterSet
    /// Byte order of the stored numeric values.
    public var isLittleEndian: Bool

    public init(elements: [DataElement] = [], characterSet: SpecificCharacterSet = .default,
                isLittleEndian: Bool = true) {
        var sorted = elements
        if !Self.isAscending(sorted) { sorted.sort { $0.tag < $1.tag } }
        self.elements = sorted
        self.characterSet = characterSet
        self.isLittleEndian = isLittleEndian
    }

    public var count: Int { elements.count }
    public var isEmpty: Bool { elements.isEmpty }
    public var tags: [Tag] { elements.map(\.tag) }

    /// The element with `tag`, or nil.
    public subscript(tag: Tag) -> DataElement? {
        guard let i = index(of: tag) else { return nil }
        return elements[i]
    }

    public func contains(_ tag: Tag) -> Bool { index(of: tag) != nil }

    /// Inserts `element`, replacing any element with the same tag.
    public mutating func set(_ element: DataElement) {
        let i = insertionIndex(of: element.tag)
        if i < elements.count, elements[i].tag == element.tag {
            elements[i] = element
        } else {
            elements.insert(element, at: i)
        }
    }

    /// Removes the element with `tag`, returning it.
    @discardableResult
    public mutating func remove(_ tag: Tag) -> DataElement? {
        guard let i = index(of: tag) else { return nil }
        return elements.remove(at: i)
    }

    /// Replaces the elements in place, keeping tag order; used by VR resolution.
    mutating func updateElements(_ body: (inout DataElement) throws(DICOMError) -> Void) throws(DICOMError) {
        for i in elements.indices { try body(&elements[i]) }
    }

    private func index(of tag: Tag) -> Int? {
        let i = insertionIndex(of: tag)
        return i < elements.count && elements[i].tag == tag ? i : nil
    }

    private func insertionIndex(of tag: Tag) -> Int {
        var low = 0, high = elements.count
        while low < high {
            let mid = (low + high) / 2
            if elements[mid].tag < tag { low = mid + 1 } else { high = mid }
        }
        return low
    }

    private static func isAscending(_ elements: [DataElement]) -> Bool {
        var i = 1
        while i < elements.count {
            if !(elements[i - 1].tag < elements[i].tag) { return false }
            i += 1
        }
        return true
    }
}
