import CZlib

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
    var stream = z_stream()
    guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
        throw .malformed(offset: startOffset, reason: "zlib could not start inflating")
    }
    defer { inflateEnd(&stream) }

    var output = [UInt8]()
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    guard let base = input.baseAddress, !input.isEmpty else { return ([], nil) }
    stream.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
    stream.avail_in = uInt(input.count)
    while true {
        let status: Int32 = chunk.withUnsafeMutableBytes { buffer in
            stream.next_out = buffer.baseAddress?.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(buffer.count)
            return inflate(&stream, Z_NO_FLUSH)
        }
        let produced = chunk.count - Int(stream.avail_out)
        output.append(contentsOf: chunk[0..<produced])
        if output.count > limit {
            throw .limitExceeded(offset: startOffset, reason: "deflated data set inflates past \(limit) bytes")
        }
        switch status {
        case Z_STREAM_END:
            return (output, nil)
        case Z_OK:
            continue
        case Z_BUF_ERROR where stream.avail_in == 0:
            let error = DICOMError.truncated(offset: startOffset + input.count,
                                             reason: "the deflated data set ends before its final block")
            guard toleratesTruncation else { throw error }
            return (output, error)
        default:
            let consumed = input.count - Int(stream.avail_in)
            throw .malformed(offset: startOffset + consumed, reason: "corrupt deflate stream (zlib status \(status))")
        }
    }
}
