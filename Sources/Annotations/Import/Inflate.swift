import CZlib

/// How the importers' compressed input is wrapped.
enum DeflateWrapper {
    /// A zlib stream (RFC 1950), as in PNG's IDAT chunks.
    case zlib
    /// A gzip member (RFC 1952), as in `.nii.gz`.
    case gzip
}

/// Why inflating stopped short.
enum InflateFailure: Error {
    case corrupt(String)
    case truncated
}

/// Inflates `input` until the stream ends or `limit` bytes have come out, whichever is first,
/// so a small file can never make the importer allocate more than the caller allows.
///
/// - Returns: the bytes, and whether the compressed stream ended within them.
func inflate(_ input: [UInt8], wrapper: DeflateWrapper, limit: Int) throws(InflateFailure) -> (bytes: [UInt8], ended: Bool) {
    var stream = z_stream()
    let windowBits = wrapper == .zlib ? MAX_WBITS : MAX_WBITS + 16
    guard inflateInit2_(&stream, windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
        throw .corrupt("zlib could not start inflating")
    }
    defer { inflateEnd(&stream) }

    var output = [UInt8]()
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    let result = input.withUnsafeBytes { source -> Result<(bytes: [UInt8], ended: Bool), InflateFailure> in
        guard let base = source.baseAddress else { return .failure(.truncated) }
        stream.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(source.count)
        while output.count < limit {
            let room = min(chunk.count, limit - output.count)
            let status: Int32 = chunk.withUnsafeMutableBytes { buffer in
                stream.next_out = buffer.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(room)
                return CZlib.inflate(&stream, Z_NO_FLUSH)
            }
            output.append(contentsOf: chunk[0..<(room - Int(stream.avail_out))])
            switch status {
            case Z_STREAM_END:
                return .success((output, true))
            case Z_OK:
                continue
            case Z_BUF_ERROR where stream.avail_in == 0:
                return .failure(.truncated)
            default:
                return .failure(.corrupt(stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"))
            }
        }
        return .success((output, false))
    }
    return try result.get()
}
