/// Inflates the raw deflate stream (RFC 1951, no zlib header) that follows the File Meta
/// group in the Deflated Explicit VR Little Endian transfer syntax (PS3.5 A.5).
///
/// - Returns: the inflated bytes, and the truncation when the stream ended early and
///   `toleratesTruncation` let it through.
/// - Throws: ``DICOMError/malformed(offset:reason:)`` when the stream is corrupt,
///   ``DICOMError/truncated(offset:reason:)`` when it ends before its final block,
///   ``DICOMError/limitExceeded(offset:reason:)`` when it inflates past `limit` bytes.
func inflateRaw(_ input: UnsafeRawBufferPointer, startOffset: Int, limit: Int,
                toleratesTruncation: Bool) throws(DICOMError) -> ([UInt8], DICOMError?) {
    guard !input.isEmpty else { return ([], nil) }
    // One byte more than allowed tells "exactly at the limit" from "past it".
    let (output, end) = inflate(input, wrapper: .raw, limit: limit + 1)
    if output.count > limit {
        throw .limitExceeded(offset: startOffset, reason: "deflated data set inflates past \(limit) bytes")
    }
    switch end {
    case .streamEnded, .limitReached:
        return (output, nil)
    case .truncated:
        let error = DICOMError.truncated(offset: startOffset + input.count,
                                         reason: "the deflated data set ends before its final block")
        guard toleratesTruncation else { throw error }
        return (output, error)
    case let .corrupt(reason, consumed):
        throw .malformed(offset: startOffset + consumed, reason: "corrupt deflate stream (\(reason))")
    }
}
