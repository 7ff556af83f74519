/// The PackBits byte-run scheme RLE Lossless segments use (PS3.5 G.3.1).
enum PackBits {
    /// Decodes one segment of `count` bytes at `source`, writing at most `length` bytes to
    /// `destination`, `stride` bytes apart. Returns how many bytes were written.
    ///
    /// Every read is checked against `count`: a run that claims more bytes than the segment
    /// holds copies what is there and stops, as pydicom does, and the caller reports the
    /// shortfall. Decoded bytes beyond `length` are padding and are dropped. Each header byte
    /// consumes input, so the loop always ends.
    static func decode(source: UnsafeRawPointer, count: Int,
                       into destination: UnsafeMutablePointer<UInt8>, stride: Int, length: Int) -> Int {
        let src = source.assumingMemoryBound(to: UInt8.self)
        var i = 0
        var written = 0
        while written < length, i < count {
            let header = Int(src[i])
            i += 1
            if header < 128 {
                // Literal run of header + 1 bytes.
                let n = min(header + 1, count - i, length - written)
                if stride == 1 {
                    (destination + written).update(from: src + i, count: n)
                } else {
                    var d = destination + written * stride
                    var s = src + i
                    for _ in 0..<n {
                        d.pointee = s.pointee
                        d += stride
                        s += 1
                    }
                }
                written += n
                i += header + 1
            } else if header > 128 {
                // Repeat the next byte 257 - header times.
                guard i < count else { break }
                let value = src[i]
                i += 1
                let n = min(257 - header, length - written)
                if stride == 1 {
                    (destination + written).update(repeating: value, count: n)
                } else {
                    var d = destination + written * stride
                    for _ in 0..<n {
                        d.pointee = value
                        d += stride
                    }
                }
                written += n
            }
            // 128 is a no-op by definition.
        }
        return written
    }
}
