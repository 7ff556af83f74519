/// Compressed pixel data as PS3.5 A.4 encodes it: a Basic Offset Table item followed by
/// fragments, each fragment a range of the original bytes.
public struct EncapsulatedPixelData: Sendable {
    /// The offsets of the Basic Offset Table item (empty when the table is empty).
    public var basicOffsetTable: [UInt32]
    /// The fragments after the offset table, in stream order.
    public var fragments: [ByteSlice]
    /// All bytes of the value: every item header and body, without the sequence delimiter.
    /// This is what DICOM JSON carries as InlineBinary for encapsulated pixel data.
    public var rawValue: ByteSlice

    public init(basicOffsetTable: [UInt32], fragments: [ByteSlice], rawValue: ByteSlice) {
        self.basicOffsetTable = basicOffsetTable
        self.fragments = fragments
        self.rawValue = rawValue
    }
}
