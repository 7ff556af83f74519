/// Choices that control how much of a stream the parser reads and what it tolerates.
///
/// ```swift
/// var options = ReadOptions()
/// options.stopBeforePixelData = true     // headers only
/// let file = try DICOMFile(path: "ct.dcm", options: options)
/// ```
public struct ReadOptions: Sendable {
    /// Stop at (7FE0,0010) Pixel Data (and the float variants) of the top-level data set.
    public var stopBeforePixelData = false
    /// Stop at the first top-level element whose tag is greater than or equal to this one.
    public var stopAtTag: Tag?
    /// The deepest sequence nesting accepted; deeper input is rejected, never recursed into.
    public var maxSequenceDepth = 64
    /// The largest inflated size accepted for a Deflated transfer syntax, guarding against
    /// decompression bombs.
    public var maxInflatedSize = 1 << 30
    /// Keep what was read before the end of a truncated stream instead of failing, as pydicom
    /// does. The truncation is reported in ``DICOMFile/truncation``.
    public var toleratesTruncation = false

    public init() {}
}
