import COpenJPH
import DICOM

/// Decodes High-Throughput JPEG 2000 frames (1.2.840.10008.1.2.4.201 lossless, …4.202
/// lossless RPCL, …4.203) with OpenJPH where it can, and with OpenJPEG otherwise.
///
/// OpenJPH (Debian `libopenjph-dev` 0.9.0, through the `COpenJPH` C shim) is the HTJ2K
/// reference decoder by the format's author, and about twice as fast as OpenJPEG 2.5 on HT
/// code-blocks (1.3 against 2.5 ms for a 512×512 16-bit CT frame). Each frame's header
/// (``HTJ2KCodestream``) decides which library decodes it:
///
/// - **OpenJPH**: a bare J2K codestream with HT code-blocks only, the reversible 5/3 wavelet,
///   at most 16 bits per component, no subsampling, and none of the markers OpenJPH 0.9.0
///   lacks (COC, QCC, RGN, POC, PPM, PPT, coding markers in tile-parts, derived quantization).
///   That covers the usual codestreams of the lossless syntaxes (ojph_compress, for one,
///   writes nothing else).
/// - **OpenJPEG** (``JPEG2000Decoder``): everything else — a JP2 file, the 9/7 irreversible
///   wavelet (whose rounding differs between decoders; pydicom uses OpenJPEG, and the two
///   must agree within ±1), Part 1 or mixed code-blocks, deeper or subsampled components.
///
/// Both paths give the same bytes for the same frame, and what pydicom's
/// `pixel_array(..., raw=True)` returns: the container is sized from the first component's
/// precision and read with Pixel Representation's sign, widened to Bits Allocated; components
/// are interleaved; the RCT is undone (YBR_RCT comes out as RGB); samples are clamped to their
/// precision as OpenJPEG clamps them; for MONOCHROME1/2 a codestream whose signedness
/// differs from Pixel Representation is sign-corrected as pydicom does.
///
/// OpenJPH 0.9.0, as Debian builds it, aborts on some malformed headers and on marker codes
/// inside coded data (failed assertions), and frees a stray pointer after some header
/// errors. So a frame is only handed to it after ``HTJ2KCodestream`` has checked its header
/// segments, its tile-part lengths and its coded data for marker codes; a truncated frame
/// fails that check with `PixelDataError.corruptFrame`, as OpenJPEG's strict mode makes it fail.
///
/// ```swift
/// let pixels = try HTJ2KDecoder().decode(frame, description: description,
///                                        transferSyntax: "1.2.840.10008.1.2.4.201")
/// ```
public struct HTJ2KDecoder: FrameDecoder {
    /// The transfer syntaxes this decoder handles.
    public static let transferSyntaxUIDs = ["1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203"]

    /// The library that decodes a frame.
    enum Library: Equatable {
        case openJPH
        /// OpenJPEG, and why OpenJPH does not.
        case openJPEG(reason: String)
    }

    public init() {}

    public func decode(_ frame: EncodedFrame, description: PixelDescription,
                       transferSyntax: String) throws(PixelDataError) -> [UInt8] {
        try frame.decoded(by: HTJ2KDecoder.decode, description: description, transferSyntax: transferSyntax)
    }

    /// Decodes into `output`; see ``FrameDecoder/decode(_:description:transferSyntax:into:)``.
    public func decode(_ frame: EncodedFrame, description: PixelDescription, transferSyntax: String,
                       into output: UnsafeMutableRawBufferPointer) throws(PixelDataError) {
        var destination = FrameDestination(output)
        try frame.decode(by: HTJ2KDecoder.decode, description: description, transferSyntax: transferSyntax, into: &destination)
    }

    /// The library ``decode(_:description:into:)`` uses for `input`.
    ///
    /// - Throws: ``JPEG2000Failure`` when the J2K codestream is structurally broken.
    static func library(for input: UnsafeRawBufferPointer) throws(JPEG2000Failure) -> Library {
        try route(input).library
    }

    /// Which library decodes `input`, with the header ``HTJ2KCodestream`` checked when it is OpenJPH.
    private static func route(_ input: UnsafeRawBufferPointer) throws(JPEG2000Failure)
        -> (library: Library, codestream: HTJ2KCodestream?) {
        guard isJ2K(input) else { return (.openJPEG(reason: "the frame is not a bare J2K codestream"), nil) }
        let codestream = try HTJ2KCodestream(input)
        if let obstacle = codestream.openJPHObstacle { return (.openJPEG(reason: obstacle), nil) }
        return (.openJPH, codestream)
    }

    /// SOC then SIZ: a bare codestream rather than a JP2 file (or garbage, which OpenJPEG names).
    private static func isJ2K(_ input: UnsafeRawBufferPointer) -> Bool {
        input.count >= 4 && input[0] == 0xFF && input[1] == 0x4F && input[2] == 0xFF && input[3] == 0x51
    }

    /// Decodes one HTJ2K codestream (or JP2 file) held in `input` into `destination`, once
    /// its header has been checked against the data set; every byte is written on success.
    static func decode(_ input: UnsafeRawBufferPointer, description: PixelDescription,
                       into destination: inout FrameDestination) throws(JPEG2000Failure) {
        let length = description.decodedFrameLength
        guard destination.count == length else {
            throw JPEG2000Failure("the output holds \(destination.count) bytes; the frame needs \(length)")
        }
        guard let codestream = try route(input).codestream else {
            try JPEG2000Decoder.decode(input, description: description, into: &destination)
            return
        }
        let rows = description.rows, spp = description.samplesPerPixel
        let bytesPerSample = description.bytesPerSample
        try JPEG2000Decoder.check(description)
        try JPEG2000Decoder.check(components: codestream.components.count, width: Int64(codestream.width),
                                  height: Int64(codestream.height), against: description)
        let first = codestream.components[0]
        let codecBits = first.precision <= 8 ? 8 : 16
        guard codecBits <= description.bitsAllocated else {
            throw JPEG2000Failure("the codestream's \(first.precision)-bit samples do not fit Bits Allocated \(description.bitsAllocated)")
        }

        try destination.write { (output) throws(JPEG2000Failure) in
            guard let base = output.baseAddress else { throw JPEG2000Failure("the frame has no samples") }
            var writer = LineWriter(base: base, description: description, codecBits: codecBits,
                                    components: codestream.components)
            var message = [CChar](repeating: 0, count: 256)
            let status = withUnsafeMutablePointer(to: &writer) { context in
                copenjph_decode(input.baseAddress?.assumingMemoryBound(to: UInt8.self), input.count, { context, component, row, samples, count in
                    guard let context, let samples else { return 1 }
                    return context.assumingMemoryBound(to: LineWriter.self).pointee
                        .write(component: Int(component), row: Int(row), samples: samples, count: count) ? 0 : 1
                }, context, &message, message.count)
            }
            if let failure = writer.failure { throw failure }
            guard status == COPENJPH_OK else {
                let reason = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                throw JPEG2000Failure("OpenJPH: " + (reason.isEmpty ? "decoding stopped" : reason))
            }
            guard writer.lines == rows * spp else {
                throw JPEG2000Failure("OpenJPH returned \(writer.lines) of \(rows * spp) lines")
            }
            // pydicom's sign correction (MONOCHROME only), as in JPEG2000Decoder.
            let monochrome = description.photometricInterpretation == "MONOCHROME1"
                || description.photometricInterpretation == "MONOCHROME2"
            if monochrome && first.isSigned != description.isSigned {
                StoredBits.normalize(UnsafeMutableRawBufferPointer(rebasing: output[0..<length]), bytesPerSample: bytesPerSample,
                                     bitsStored: first.precision, isSigned: description.isSigned)
            }
        }
    }
}

/// Writes each line OpenJPH hands back straight into its place in the interleaved output,
/// converted to the output container.
private struct LineWriter {
    let base: UnsafeMutableRawPointer
    let rows: Int, columns: Int, samplesPerPixel: Int, bytesPerSample: Int
    /// The container pydicom reads the samples in: 8 or 16 bits.
    let codecBits: Int
    let isSigned: Bool
    /// Each component's value range; OpenJPEG clamps reconstructed samples to it.
    let ranges: [ClosedRange<Int32>]
    var lines = 0
    var failure: JPEG2000Failure?

    /// `base` holds the frame's `decodedFrameLength` bytes.
    init(base: UnsafeMutableRawPointer, description: PixelDescription, codecBits: Int,
         components: [HTJ2KCodestream.Component]) {
        self.base = base
        rows = description.rows
        columns = description.columns
        samplesPerPixel = description.samplesPerPixel
        bytesPerSample = description.bytesPerSample
        self.codecBits = codecBits
        isSigned = description.isSigned
        ranges = components.map { component in
            let bits = Int32(component.precision)
            return component.isSigned ? -(1 << (bits - 1))...(1 << (bits - 1)) - 1 : 0...(1 << bits) - 1
        }
    }

    /// Stores one line; false (with `failure` set) when it is not the next line of the
    /// frame — so that once all `rows × samplesPerPixel` have come, every byte is written.
    mutating func write(component: Int, row: Int, samples: UnsafePointer<Int32>, count: Int) -> Bool {
        guard row == lines / samplesPerPixel, component == lines % samplesPerPixel, row < rows, count == columns else {
            failure = JPEG2000Failure("OpenJPH returned a \(count)-sample line for component \(component + 1), row \(row), "
                                      + "where line \(lines % samplesPerPixel + 1) of row \(lines / samplesPerPixel) "
                                      + "of a \(columns)x\(rows) image was due")
            return false
        }
        let range = ranges[component]
        let start = base + (row * columns * samplesPerPixel + component) * bytesPerSample
        switch bytesPerSample {
        case 1: store(samples, count: count, range: range, into: start, as: UInt8.self)
        case 2: store(samples, count: count, range: range, into: start, as: UInt16.self)
        default: store(samples, count: count, range: range, into: start, as: UInt32.self)
        }
        lines += 1
        return true
    }

    /// One line into containers of `T`, every `samplesPerPixel`-th one from `start`.
    @inline(__always)
    private func store<T: FixedWidthInteger>(_ samples: UnsafePointer<Int32>, count: Int, range: ClosedRange<Int32>,
                                             into start: UnsafeMutableRawPointer, as: T.Type) {
        let step = samplesPerPixel * MemoryLayout<T>.size
        if codecBits == T.bitWidth {
            // Same container width: plain truncation. One sample per pixel gets its own loop,
            // with a constant stride the compiler vectorises.
            if samplesPerPixel == 1 {
                for x in 0..<count {
                    let v = min(max(samples[x], range.lowerBound), range.upperBound)
                    start.storeBytes(of: T(truncatingIfNeeded: v).littleEndian, toByteOffset: x &* MemoryLayout<T>.size, as: T.self)
                }
            } else {
                for x in 0..<count {
                    let v = min(max(samples[x], range.lowerBound), range.upperBound)
                    start.storeBytes(of: T(truncatingIfNeeded: v).littleEndian, toByteOffset: x &* step, as: T.self)
                }
            }
        } else {
            // A wider container: the sample is read in the codec's width with Pixel
            // Representation's sign first, as pydicom does (see JPEG2000Decoder).
            for x in 0..<count {
                let v = min(max(samples[x], range.lowerBound), range.upperBound)
                let value = T(truncatingIfNeeded: Self.reinterpret(v, bits: codecBits, signed: isSigned))
                start.storeBytes(of: value.littleEndian, toByteOffset: x &* step, as: T.self)
            }
        }
    }

    /// `v` truncated to a `bits`-wide container and read back as signed or unsigned.
    @inline(__always)
    private static func reinterpret(_ v: Int32, bits: Int, signed: Bool) -> Int64 {
        switch (bits, signed) {
        case (8, true): Int64(Int8(truncatingIfNeeded: v))
        case (8, false): Int64(UInt8(truncatingIfNeeded: v))
        case (_, true): Int64(Int16(truncatingIfNeeded: v))
        default: Int64(UInt16(truncatingIfNeeded: v))
        }
    }
}
