import CZlib

/// How a deflate stream (RFC 1951) is wrapped, which zlib tells apart by its window bits.
package enum DeflateWrapper: Sendable {
    /// No wrapper: the Deflated Explicit VR Little Endian transfer syntax (PS3.5 A.5).
    case raw
    /// A zlib stream (RFC 1950), as in PNG's IDAT chunks.
    case zlib
    /// A gzip member (RFC 1952), as in `.nii.gz`.
    case gzip

    var windowBits: Int32 {
        switch self {
        case .raw: -MAX_WBITS
        case .zlib: MAX_WBITS
        case .gzip: MAX_WBITS + 16
        }
    }
}

/// Where ``inflate(_:wrapper:limit:)`` stopped.
package enum InflateEnd: Equatable, Sendable {
    /// The stream's final block was inflated.
    case streamEnded
    /// `limit` bytes came out before the stream ended.
    case limitReached
    /// The input ran out before the final block.
    case truncated
    /// zlib refused the data, after consuming this many input bytes.
    case corrupt(String, consumed: Int)
}

/// Inflates `input` until the stream ends, `limit` bytes have come out, or the data fails —
/// whichever is first, so that a small input can never make the caller allocate more than it
/// allows. The bytes inflated so far come back in every case.
package func inflate(_ input: UnsafeRawBufferPointer, wrapper: DeflateWrapper,
                     limit: Int) -> (bytes: [UInt8], end: InflateEnd) {
    guard let base = input.baseAddress, !input.isEmpty else { return ([], .truncated) }
    var stream = z_stream()
    guard inflateInit2_(&stream, wrapper.windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
        return ([], .corrupt("zlib could not start inflating", consumed: 0))
    }
    defer { inflateEnd(&stream) }
    stream.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
    stream.avail_in = uInt(input.count)

    var output = [UInt8]()
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
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
            return (output, .streamEnded)
        case Z_OK:
            continue
        case Z_BUF_ERROR where stream.avail_in == 0:
            return (output, .truncated)
        default:
            let reason = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
            return (output, .corrupt(reason, consumed: input.count - Int(stream.avail_in)))
        }
    }
    return (output, .limitReached)
}
