import DICOM

/// The Extended Offset Table (7FE0,0001) and its lengths (7FE0,0002) (PS3.3 C.7.6.3.1.8):
/// for each frame, the offset of its fragment's item tag from the first item after the
/// (empty) Basic Offset Table, and the frame's length in bytes. Used for frames past 4 GiB,
/// where the 32-bit Basic Offset Table cannot reach.
///
/// ```swift
/// if let table = ExtendedOffsetTable(dataSet: file.dataSet) {
///     table.offsets.count            // one per frame
/// }
/// ```
public struct ExtendedOffsetTable: Equatable, Sendable {
    public var offsets: [UInt64]
    public var lengths: [UInt64]

    public init(offsets: [UInt64], lengths: [UInt64]) {
        self.offsets = offsets
        self.lengths = lengths
    }

    /// Reads both elements, or nil when either is absent or empty or their counts differ;
    /// pydicom ignores a table whose two halves disagree, and so does Concord. Values are
    /// little-endian: every encapsulated transfer syntax is.
    public init?(dataSet: DataSet) {
        guard let offsetBytes = dataSet.bytes(.extendedOffsetTable), let lengthBytes = dataSet.bytes(.extendedOffsetTableLengths),
              !offsetBytes.isEmpty, offsetBytes.count == lengthBytes.count
        else { return nil }
        self.offsets = Self.uint64s(offsetBytes.buffer)
        self.lengths = Self.uint64s(lengthBytes.buffer)
    }

    private static func uint64s(_ buffer: UnsafeRawBufferPointer) -> [UInt64] {
        stride(from: 0, to: buffer.count - buffer.count % 8, by: 8).map {
            UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: $0, as: UInt64.self))
        }
    }
}
