/// A JPEG 2000 Part 1 decoder in Swift for reversible (lossless) codestreams, which
/// ``JPEG2000Decoder`` tries before OpenJPEG.
///
/// It exists for speed: OpenJPEG 2.5 spends about 80 ns a pixel on a 512 × 512 16-bit CT
/// frame, which kept Concord from beating pydicom (whose OpenJPEG uses every core). On that
/// benchmark (`concord-decode-bench --mode sequential`, release build, one core) it takes
/// 15.7 ms a frame against OpenJPEG's 20.9, 94% of it in tier-1 (the three coding passes).
///
/// It decodes bare codestreams with any number of tiles and tile-parts, one to 16384
/// components of up to 16 bits, signed or unsigned, the reversible 5/3 wavelet with up to 32
/// levels, the reversible colour transform, every progression order, precincts, several
/// quality layers, SOP and EPH markers, and every Part 1 code-block style (bypass, context
/// reset, termination on each pass, vertically causal contexts, predictable termination,
/// segmentation symbols). The output is the same as the OpenJPEG path's, byte for byte,
/// including OpenJPEG's midpoint reconstruction when layers leave passes out and its
/// clamping to the sample range.
///
/// It declines, at header time, and leaves to OpenJPEG: JP2 files (the wrapper is read by
/// OpenJPEG), the irreversible 9/7 wavelet and quantization (lossy: its float rounding is
/// OpenJPEG's), regions of interest (RGN), progression order changes (POC), packed packet
/// headers (PPM, PPT), Part 2 and Part 15 (HTJ2K) capabilities and code blocks, image
/// offsets, subsampled components, samples deeper than 16 bits and unknown markers.
enum J2KLosslessDecoder {
    /// Decodes `stream`, read from `input`, into `destination`, a frame of `description`,
    /// asking it for memory only once the codestream's size (SIZ) matches the data set's;
    /// the decoding's own memory is `workspace`.
    static func decode(_ stream: J2KCodestream, _ input: UnsafeRawBufferPointer, description: PixelDescription,
                       into destination: inout FrameDestination, in workspace: J2KWorkspace) throws(JPEG2000Failure) {
        let rows = description.rows, columns = description.columns, spp = description.samplesPerPixel
        guard stream.components.count == spp else {
            throw JPEG2000Failure("the codestream has \(stream.components.count) components but Samples per Pixel is \(spp)")
        }
        guard stream.width == columns, stream.height == rows else {
            throw JPEG2000Failure("the codestream is \(stream.width)x\(stream.height) but the data set says "
                                  + "\(columns)x\(rows) (Columns x Rows)")
        }
        let precision = stream.components[0].precision
        let codecBits = precision <= 8 ? 8 : 16
        guard codecBits <= description.bitsAllocated else {
            throw JPEG2000Failure("the codestream's \(precision)-bit samples do not fit Bits Allocated \(description.bitsAllocated)")
        }
        let bytesPerSample = description.bytesPerSample
        guard destination.count == rows * columns * spp * bytesPerSample else {
            throw JPEG2000Failure("the output holds \(destination.count) bytes; the frame needs \(rows * columns * spp * bytesPerSample)")
        }
        try destination.write { (output) throws(JPEG2000Failure) in
            try decode(stream, input, description: description, precision: precision, codecBits: codecBits,
                       into: output, in: workspace)
        }
    }

    /// Decodes the checked `stream` into `output`, which holds exactly one frame.
    private static func decode(_ stream: J2KCodestream, _ input: UnsafeRawBufferPointer, description: PixelDescription,
                               precision: Int, codecBits: Int,
                               into output: UnsafeMutableRawBufferPointer, in workspace: J2KWorkspace) throws(JPEG2000Failure) {
        let columns = description.columns, spp = description.samplesPerPixel
        let bytesPerSample = description.bytesPerSample
        guard let base = output.baseAddress else { throw JPEG2000Failure("the frame has no bytes to write") }
        let writer = SampleWriter(base: base, columns: columns, samplesPerPixel: spp, bytesPerSample: bytesPerSample,
                                  codecBits: codecBits, isSigned: description.isSigned)

        let blocks = workspace.blocks
        // One plane per component, as large as the largest tile (sizes checked against the
        // data set above).
        let area = min(stream.tileWidth, stream.width) * min(stream.tileHeight, stream.height)
        let planes = workspace.planes(spp, area: area)
        for t in stream.tiles.indices {
            var tile = try J2KTile(stream, index: t)
            // The tile's packet data in one piece: the codestream's own bytes for a single
            // tile-part, a joined copy of several.
            let parts = stream.tiles[t].data
            var copy: UnsafeMutableRawBufferPointer?
            defer { copy?.deallocate() }
            let data: UnsafeRawBufferPointer
            if parts.count == 1 {
                data = UnsafeRawBufferPointer(rebasing: input[parts[0]])
            } else {
                let joined = UnsafeMutableRawBufferPointer.allocate(byteCount: parts.reduce(0) { $0 + $1.count },
                                                                    alignment: 1)
                var filled = 0
                for part in parts {
                    UnsafeMutableRawBufferPointer(rebasing: joined[filled...]).copyMemory(from: UnsafeRawBufferPointer(rebasing: input[part]))
                    filled += part.count
                }
                copy = joined
                data = UnsafeRawBufferPointer(joined)
            }
            var packets = J2KPacketDecoder()
            try packets.decode(&tile, data: data)
            // Each block's contributions, in the order they came (which is pass order).
            let contributions = packets.contributions
            var starts = [Int](repeating: 0, count: tile.blocks.count + 1)
            for c in contributions { starts[c.block + 1] += 1 }
            for b in tile.blocks.indices { starts[b + 1] += starts[b] }
            var sorted = contributions
            var fill = starts
            for c in contributions {
                sorted[fill[c.block]] = c
                fill[c.block] += 1
            }

            let width = tile.rect.width, height = tile.rect.height
            for c in 0..<spp {
                let component = tile.components[c]
                let buffer = planes[c]
                do {
                    for b in tile.blocks.indices where tile.blocks[b].component == c {
                        let block = tile.blocks[b]
                        let band = tile.bands[block.band]
                        let origin = buffer + (band.bufferY + block.rect.y0 - band.rect.y0) * width
                            + band.bufferX + block.rect.x0 - band.rect.x0
                        try blocks.decode(block, orientation: band.orientation, magnitudeBits: band.magnitudeBits,
                                          style: component.style.blockStyle, contributions: sorted[starts[b]..<starts[b + 1]],
                                          data: data, output: origin, outputStride: width)
                    }
                    workspace.wavelet.inverse(component, buffer: buffer, stride: width)
                }
            }
            if tile.components[0].style.usesColourTransform {
                inverseColourTransform(planes[0], planes[1], planes[2], count: width * height)
            }
            for c in 0..<spp {
                let info = stream.components[c]
                writer.write(planes[c], component: c, rect: tile.rect, precision: info.precision, isSigned: info.isSigned)
            }
        }
        // pydicom's sign correction (MONOCHROME only), as on the OpenJPEG path.
        let monochrome = description.photometricInterpretation == "MONOCHROME1"
            || description.photometricInterpretation == "MONOCHROME2"
        if monochrome && stream.components[0].isSigned != description.isSigned {
            StoredBits.normalize(output, bytesPerSample: bytesPerSample, bitsStored: precision, isSigned: description.isSigned)
        }
    }

    /// The inverse reversible component transform (G.2) on the first three planes.
    private static func inverseColourTransform(_ y0: UnsafeMutablePointer<Int32>, _ y1: UnsafeMutablePointer<Int32>,
                                               _ y2: UnsafeMutablePointer<Int32>, count: Int) {
        for i in 0..<count {
            let g = y0[i] &- ((y1[i] &+ y2[i]) >> 2)
            y0[i] = y2[i] &+ g
            y2[i] = y1[i] &+ g
            y1[i] = g
        }
    }
}

/// Writes a reconstructed tile-component into the interleaved frame: DC level shift and
/// clamp to the component's range (as OpenJPEG does after its inverse transforms), then
/// the container rules of the OpenJPEG path (``JPEG2000Decoder``'s copy).
private struct SampleWriter {
    let base: UnsafeMutableRawPointer
    let columns: Int, samplesPerPixel: Int, bytesPerSample: Int
    let codecBits: Int
    let isSigned: Bool

    func write(_ plane: UnsafeMutablePointer<Int32>, component c: Int, rect: J2KRect, precision: Int, isSigned signed: Bool) {
        let shift: Int32 = signed ? 0 : 1 << (precision - 1)
        let low: Int32 = signed ? -(1 << (precision - 1)) : 0
        let high: Int32 = signed ? (1 << (precision - 1)) - 1 : (1 << precision) - 1
        let step = samplesPerPixel * bytesPerSample
        let width = rect.width
        let straight = codecBits == bytesPerSample * 8
        if straight && bytesPerSample == 2 && samplesPerPixel == 1 {
            // One 16-bit component, the usual CT or MR frame: a loop the compiler vectorizes.
            for y in 0..<rect.height {
                let source = plane + y * width
                let d = (base + ((rect.y0 + y) * columns + rect.x0) * 2).assumingMemoryBound(to: UInt16.self)
                for x in 0..<width {
                    d[x] = UInt16(truncatingIfNeeded: min(max(source[x] &+ shift, low), high)).littleEndian
                }
            }
            return
        }
        for y in 0..<rect.height {
            let source = plane + y * width
            var d = base + (((rect.y0 + y) * columns + rect.x0) * samplesPerPixel + c) * bytesPerSample
            for x in 0..<width {
                let v = min(max(source[x] &+ shift, low), high)
                let value = straight ? Int64(v) : JPEG2000Decoder.reinterpret(v, bits: codecBits, signed: isSigned)
                switch bytesPerSample {
                case 1: d.storeBytes(of: UInt8(truncatingIfNeeded: value), as: UInt8.self)
                case 2: d.storeBytes(of: UInt16(truncatingIfNeeded: value).littleEndian, as: UInt16.self)
                default: d.storeBytes(of: UInt32(truncatingIfNeeded: value).littleEndian, as: UInt32.self)
                }
                d += step
            }
        }
    }
}
