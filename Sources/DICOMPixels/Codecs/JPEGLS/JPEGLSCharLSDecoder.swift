import CCharLS
import DICOM

/// Decodes JPEG-LS codestreams with CharLS: the fallback for codestreams the Swift
/// decoder declines (see ``JPEGLSDecoder``).
///
/// CharLS writes straight into the output when its sample size matches Bits Allocated and
/// the samples arrive interleaved; otherwise (planar "none" interleave with colour, or
/// 8-bit precision in 16-bit containers) one intermediate buffer is rearranged.
enum JPEGLSCharLSDecoder {
    /// Decodes one JPEG-LS codestream held in `input` into `destination`, once its header has
    /// been checked against the data set. `description` is one ``JPEGLSDecoder`` has accepted
    /// (integer samples of 8 or 16 bits, 1 or 3 per pixel).
    static func decode(_ input: UnsafeRawBufferPointer, description: PixelDescription,
                       into destination: inout FrameDestination) throws(JPEGLSFailure) {
        let rows = description.rows, columns = description.columns, spp = description.samplesPerPixel
        let bytesPerSample = description.bytesPerSample
        guard let source = input.baseAddress, input.count > 0 else {
            throw JPEGLSFailure("the frame is empty")
        }
        // CharLS 2.4.1 (Debian 12) can loop forever when the scan data runs out before the
        // decoder is done (a codestream cut short), so a frame must still hold its EOI
        // marker after the first scan. JPEG-LS bit stuffing keeps FF D9 out of scan data;
        // bytes after EOI (padding, junk) are allowed, as decoders ignore them.
        guard hasEOIAfterScan(source.assumingMemoryBound(to: UInt8.self), count: input.count) else {
            throw JPEGLSFailure("the codestream has no EOI marker after its scan (truncated?)")
        }
        guard let decoder = charls_jpegls_decoder_create() else {
            throw JPEGLSFailure("CharLS could not create a decoder")
        }
        defer { charls_jpegls_decoder_destroy(decoder) }

        try check(charls_jpegls_decoder_set_source_buffer(decoder, source, input.count))
        try check(charls_jpegls_decoder_read_header(decoder))
        var info = charls_frame_info()
        try check(charls_jpegls_decoder_get_frame_info(decoder, &info))
        var mode = CHARLS_INTERLEAVE_MODE_NONE
        try check(charls_jpegls_decoder_get_interleave_mode(decoder, &mode))

        // Everything CharLS reports is checked against the data set before any copy.
        guard Int(info.width) == columns, Int(info.height) == rows else {
            throw JPEGLSFailure("the codestream is \(info.width)x\(info.height) but the data set says "
                                + "\(columns)x\(rows) (Columns x Rows)")
        }
        guard Int(info.component_count) == spp else {
            throw JPEGLSFailure("the codestream has \(info.component_count) components but Samples per Pixel is \(spp)")
        }
        let precision = Int(info.bits_per_sample)
        guard (2...16).contains(precision) else {
            throw JPEGLSFailure("the codestream's sample precision \(precision) is outside 2...16")
        }
        // CharLS returns one byte per sample up to 8 bits, two (native order) above.
        let codecBytes = precision <= 8 ? 1 : 2
        guard codecBytes <= bytesPerSample else {
            throw JPEGLSFailure("the codestream's \(precision)-bit samples do not fit Bits Allocated \(description.bitsAllocated)")
        }
        let sampleCount = rows * columns * spp
        var size = 0
        try check(charls_jpegls_decoder_get_destination_size(decoder, 0, &size))
        guard size == sampleCount * codecBytes else {
            throw JPEGLSFailure("CharLS needs \(size) bytes for a frame of \(sampleCount) samples of \(codecBytes) bytes")
        }

        guard destination.count == sampleCount * bytesPerSample else {
            throw JPEGLSFailure("the output holds \(destination.count) bytes; a frame of \(sampleCount) samples of "
                                + "\(bytesPerSample) bytes needs \(sampleCount * bytesPerSample)")
        }
        try destination.write { (output) throws(JPEGLSFailure) in
            guard let out = output.baseAddress else { throw JPEGLSFailure("the frame has no samples") }
            let planar = spp > 1 && mode == CHARLS_INTERLEAVE_MODE_NONE
            if codecBytes == bytesPerSample && !planar {
                try check(charls_jpegls_decoder_decode_to_buffer(decoder, out, output.count, 0))
            } else {
                let decoded = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 2)
                defer { decoded.deallocate() }
                guard let decodedBase = decoded.baseAddress else { throw JPEGLSFailure("the frame has no samples") }
                try check(charls_jpegls_decoder_decode_to_buffer(decoder, decodedBase, size, 0))
                // "None" interleave gives whole component planes one after the other.
                let pixels = rows * columns
                for i in 0..<sampleCount {
                    let from = planar ? (i % spp) * pixels + i / spp : i
                    let value: UInt16 = codecBytes == 1
                        ? UInt16(decoded[from])
                        : UInt16(littleEndian: decoded.loadUnaligned(fromByteOffset: 2 * from, as: UInt16.self))
                    if bytesPerSample == 1 {
                        output[i] = UInt8(truncatingIfNeeded: value)
                    } else {
                        output.storeBytes(of: value.littleEndian, toByteOffset: 2 * i, as: UInt16.self)
                    }
                }
            }
            // CharLS stores 16-bit samples in native order; make them little-endian.
            #if _endian(big)
            if bytesPerSample == 2 {
                for i in 0..<sampleCount {
                    let v = output.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)
                    output.storeBytes(of: v.littleEndian, toByteOffset: 2 * i, as: UInt16.self)
                }
            }
            #endif
            if description.isSigned {
                StoredBits.normalize(output, bytesPerSample: bytesPerSample, bitsStored: precision, isSigned: true)
            }
        }
    }

    /// Whether an SOS marker is followed, somewhere later, by an EOI marker.
    static func hasEOIAfterScan(_ bytes: UnsafePointer<UInt8>, count: Int) -> Bool {
        var sos = -1
        var i = 0
        while i + 1 < count {
            if bytes[i] == 0xFF && bytes[i + 1] == 0xDA { sos = i; break }
            i += 1
        }
        guard sos >= 0 else { return false }
        var j = count - 2
        while j > sos {
            if bytes[j] == 0xFF && bytes[j + 1] == 0xD9 { return true }
            j -= 1
        }
        return false
    }

    private static func check(_ status: charls_jpegls_errc) throws(JPEGLSFailure) {
        guard status != CHARLS_JPEGLS_ERRC_SUCCESS else { return }
        let message = charls_get_error_message(status).map { String(cString: $0) } ?? "error \(status.rawValue)"
        throw JPEGLSFailure("CharLS: \(message)")
    }
}
