import DICOM

/// The stored bytes of one frame, still pointing into the file: one or more fragments of
/// encapsulated pixel data, or the slice of a native Pixel Data value that holds the frame.
///
/// ```swift
/// let pixels = try PixelData(file: DICOMFile(path: "us-multiframe.dcm"))
/// let encoded = try pixels.encodedFrame(500)   // no bytes copied, nothing decoded
/// encoded.fragments.count                      // 1
/// encoded.count                                // compressed size of frame 500
/// ```
public struct EncodedFrame: Sendable {
    /// 0-based frame number, for error messages.
    public let index: Int
    /// The fragments that make up the frame, in order.
    public let fragments: [ByteSlice]
    /// Bits to skip at the start of the first fragment before the frame's first sample.
    /// Always 0 for encapsulated frames; native frames of 1-bit data need not start on a
    /// byte boundary (a 10 × 10 frame is 12.5 bytes).
    public let bitOffset: Int

    public init(index: Int, fragments: [ByteSlice], bitOffset: Int = 0) {
        self.index = index
        self.fragments = fragments
        self.bitOffset = bitOffset
    }

    /// Total bytes over all fragments.
    public var count: Int { fragments.reduce(0) { $0 + $1.count } }

    /// The byte at `offset` counted across fragment boundaries, or nil past the end. Lets
    /// header parsers peek at a split codestream without joining it.
    public func byte(at offset: Int) -> UInt8? {
        guard offset >= 0 else { return nil }
        var remaining = offset
        for fragment in fragments {
            if remaining < fragment.count { return fragment[remaining] }
            remaining -= fragment.count
        }
        return nil
    }

    /// Calls `body` with the frame's bytes as one contiguous buffer, copying only when the
    /// frame is split over several fragments.
    public func withContiguousBytes<R>(_ body: (UnsafeRawBufferPointer) throws(PixelDataError) -> R) throws(PixelDataError) -> R {
        if fragments.count == 1 { return try body(fragments[0].buffer) }
        let joined = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
        defer { joined.deallocate() }
        var position = 0
        for fragment in fragments {
            let source = fragment.buffer
            if !source.isEmpty {
                UnsafeMutableRawBufferPointer(rebasing: joined[position..<(position + source.count)]).copyMemory(from: source)
            }
            position += source.count
        }
        return try body(UnsafeRawBufferPointer(rebasing: joined[0..<position]))
    }
}
