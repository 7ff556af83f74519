import COpenJPEG
import DICOM
import Foundation

/// Decodes JPEG 2000 frames: JPEG 2000 lossless (1.2.840.10008.1.2.4.90) and lossy (…4.91),
/// and High-Throughput JPEG 2000 (…4.201 lossless, …4.202 lossless RPCL, …4.203).
///
/// Reversible (lossless) bare codestreams go to ``J2KLosslessDecoder``, a Swift Part 1
/// decoder with the same output as OpenJPEG's, byte for byte, and a quarter faster (15.7
/// against 20.9 ms a 512 × 512 16-bit CT frame, one core). What it declines when reading
/// the headers — JP2 files, the 9/7 wavelet, HTJ2K and the rarer features it lists — goes
/// to OpenJPEG 2.5. A codestream the Swift decoder finds corrupt is an error; OpenJPEG
/// does not get a second try.
///
/// OpenJPEG reads the frame through a memory stream over its bytes (a bare J2K codestream,
/// or a JP2 file, told apart by their signatures). OpenJPEG undoes the
/// multi-component transform itself, so YBR_RCT/YBR_ICT frames come out as RGB, as with
/// pydicom. The output is what pydicom's `pixel_array(..., raw=True)` returns: components
/// interleaved (row, column, sample) in little-endian containers of Bits Allocated, values
/// interpreted with Pixel Representation; for MONOCHROME1/2, when the codestream's
/// signedness differs from Pixel Representation, samples are sign-extended (or masked) from
/// the codestream precision, as pydicom does. Subsampled components (not used in DICOM)
/// are expanded by replication; unlike pylibjpeg-openjpeg, no sYCC→RGB conversion follows.
///
/// OpenJPEG runs in strict mode, so a truncated codestream is an error instead of a
/// partially decoded (blurred) image; its error messages are collected and returned as the
/// reason of `PixelDataError.corruptFrame`.
///
/// ```swift
/// let pixels = try JPEG2000Decoder().decode(frame, description: description,
///                                           transferSyntax: "1.2.840.10008.1.2.4.90")
/// ```
public struct JPEG2000Decoder: FrameDecoder {
    /// The transfer syntaxes this decoder handles.
    public static let transferSyntaxUIDs = [
        "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91",
        "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203",
    ]

    /// The Swift decoder's memory, kept between frames.
    private let workspaces = J2KWorkspacePool()

    public init() {}

    public func decode(_ frame: EncodedFrame, description: PixelDescription,
                       transferSyntax: String) throws(PixelDataError) -> [UInt8] {
        try frame.decoded(by: codec, description: description, transferSyntax: transferSyntax)
    }

    /// Decodes into `output`; see ``FrameDecoder/decode(_:description:transferSyntax:into:)``.
    public func decode(_ frame: EncodedFrame, description: PixelDescription, transferSyntax: String,
                       into output: UnsafeMutableRawBufferPointer) throws(PixelDataError) {
        var destination = FrameDestination(output)
        try frame.decode(by: codec, description: description, transferSyntax: transferSyntax, into: &destination)
    }

    /// The codestream decoder this instance uses: the Swift one first, in its workspaces.
    private var codec: EncodedFrame.Codec<JPEG2000Failure> {
        let swiftWorkspaces = workspaces
        return { (input, description, destination) throws(JPEG2000Failure) in
            try JPEG2000Decoder.decode(input, description: description, into: &destination, swiftWorkspaces: swiftWorkspaces)
        }
    }

    /// Decodes one J2K codestream or JP2 file held in `input` into `destination`: with
    /// ``J2KLosslessDecoder``, in `swiftWorkspaces`, when they are given and it accepts the
    /// codestream's headers, otherwise with OpenJPEG (``HTJ2KDecoder`` gives none: what
    /// OpenJPH declines goes to OpenJPEG alone). A codestream the Swift decoder finds
    /// corrupt is an error; OpenJPEG does not get a second try.
    static func decode(_ input: UnsafeRawBufferPointer, description: PixelDescription,
                       into destination: inout FrameDestination,
                       swiftWorkspaces: J2KWorkspacePool? = nil) throws(JPEG2000Failure) {
        if let swiftWorkspaces,
           try decodeInSwift(input, description: description, into: &destination, workspaces: swiftWorkspaces) {
            return
        }
        try decodeWithOpenJPEG(input, description: description, into: &destination)
    }

    /// Decodes with ``J2KLosslessDecoder`` in one of `workspaces`; false, with nothing
    /// written, when it declines the codestream (a JP2 file, or a feature it leaves to
    /// OpenJPEG).
    static func decodeInSwift(_ input: UnsafeRawBufferPointer, description: PixelDescription,
                              into destination: inout FrameDestination,
                              workspaces: J2KWorkspacePool = J2KWorkspacePool()) throws(JPEG2000Failure) -> Bool {
        guard case .decodable(let stream) = try swiftVerdict(input, description: description) else { return false }
        try workspaces.withWorkspace { (workspace) throws(JPEG2000Failure) in
            try J2KLosslessDecoder.decode(stream, input, description: description, into: &destination, in: workspace)
        }
        return true
    }

    /// What ``J2KLosslessDecoder`` makes of the codestream's headers.
    static func swiftVerdict(_ input: UnsafeRawBufferPointer, description: PixelDescription) throws(JPEG2000Failure)
        -> J2KCodestream.Verdict {
        guard description.storage == .integer, [1, 2, 4].contains(description.bytesPerSample),
              description.bitsAllocated >= 8, description.rows > 0, description.columns > 0 else {
            return .declined("the data set's pixel description")
        }
        guard input.count >= 4, input[0] == 0xFF, input[1] == 0x4F, input[2] == 0xFF, input[3] == 0x51 else {
            return .declined("not a bare codestream")
        }
        return try J2KCodestream.read(input)
    }

    /// Decodes with OpenJPEG, asking `destination` for memory once OpenJPEG has decoded the frame.
    static func decodeWithOpenJPEG(_ input: UnsafeRawBufferPointer, description: PixelDescription,
                                   into destination: inout FrameDestination) throws(JPEG2000Failure) {
        try check(description)
        guard let source = input.baseAddress, input.count >= 12 else {
            throw JPEG2000Failure("the frame has \(input.count) bytes, too few for a JPEG 2000 codestream")
        }
        let bytes = source.assumingMemoryBound(to: UInt8.self)
        let format: CODEC_FORMAT
        if bytes[0] == 0xFF, bytes[1] == 0x4F, bytes[2] == 0xFF, bytes[3] == 0x51 {
            format = OPJ_CODEC_J2K
        } else if (0..<12).allSatisfy({ bytes[$0] == jp2Signature[$0] }) {
            format = OPJ_CODEC_JP2
        } else {
            throw JPEG2000Failure("the frame is neither a JPEG 2000 codestream (SOC, SIZ) nor a JP2 file")
        }

        let messages = MessageLog()
        let stream = MemoryStream(source, count: input.count)
        try withExtendedLifetime((messages, stream)) { () throws(JPEG2000Failure) in
            guard let codec = opj_create_decompress(format) else {
                throw JPEG2000Failure("OpenJPEG could not create a decoder")
            }
            defer { opj_destroy_codec(codec) }
            let log = Unmanaged.passUnretained(messages).toOpaque()
            opj_set_error_handler(codec, { message, context in
                guard let message, let context else { return }
                Unmanaged<MessageLog>.fromOpaque(context).takeUnretainedValue().append(String(cString: message))
            }, log)
            opj_set_warning_handler(codec, { _, _ in }, nil)
            opj_set_info_handler(codec, { _, _ in }, nil)

            var parameters = opj_dparameters_t()
            opj_set_default_decoder_parameters(&parameters)
            guard opj_setup_decoder(codec, &parameters) != 0 else { throw messages.failure("setting up the decoder failed") }
            // A truncated codestream is an error rather than a silently blurred image.
            _ = opj_decoder_set_strict_mode(codec, 1)

            guard let opjStream = stream.makeStream() else { throw JPEG2000Failure("OpenJPEG could not create a stream") }
            defer { opj_stream_destroy(opjStream) }

            var imagePointer: UnsafeMutablePointer<opj_image_t>?
            guard opj_read_header(opjStream, codec, &imagePointer) != 0, let header = imagePointer else {
                if let imagePointer { opj_image_destroy(imagePointer) }
                throw messages.failure("reading the header failed")
            }
            defer { opj_image_destroy(header) }

            // Check the declared geometry before decoding, so a frame that cannot fit the
            // data set is rejected without spending the time to decode it.
            let image = header.pointee
            try check(components: Int(image.numcomps), width: Int64(image.x1) - Int64(image.x0),
                      height: Int64(image.y1) - Int64(image.y0), against: description)
            guard opj_decode(codec, opjStream, header) != 0, opj_end_decompress(codec, opjStream) != 0 else {
                throw messages.failure("decoding failed")
            }
            let decoded = header.pointee
            try destination.write { (output) throws(JPEG2000Failure) in
                try copy(decoded, description: description, into: output)
            }
        }
    }

    /// What any JPEG 2000 frame needs of the data set: integer samples in 8-, 16- or 32-bit
    /// containers, and some pixels.
    static func check(_ description: PixelDescription) throws(JPEG2000Failure) {
        let rows = description.rows, columns = description.columns, spp = description.samplesPerPixel
        guard description.storage == .integer, [1, 2, 4].contains(description.bytesPerSample),
              description.bitsAllocated >= 8 else {
            throw JPEG2000Failure("Bits Allocated \(description.bitsAllocated) cannot hold JPEG 2000 samples")
        }
        guard rows > 0, columns > 0, spp > 0 else {
            throw JPEG2000Failure("the image has no pixels (\(rows) x \(columns), \(spp) samples)")
        }
    }

    /// The codestream's image (SIZ) checked against the data set before decoding, so a frame
    /// that cannot fit it is rejected without spending the time to decode it.
    static func check(components: Int, width: Int64, height: Int64,
                      against description: PixelDescription) throws(JPEG2000Failure) {
        guard components == description.samplesPerPixel else {
            throw JPEG2000Failure("the codestream has \(components) components but Samples per Pixel is \(description.samplesPerPixel)")
        }
        guard width == Int64(description.columns), height == Int64(description.rows) else {
            throw JPEG2000Failure("the codestream is \(width)x\(height) "
                                  + "but the data set says \(description.columns)x\(description.rows) (Columns x Rows)")
        }
    }

    /// "jP  " signature box that opens every JP2 file (ISO/IEC 15444-1 I.5.1).
    private static let jp2Signature: [UInt8] = [0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A]

    /// Copies the decoded components into the interleaved output after checking every size
    /// OpenJPEG reports against the data set.
    private static func copy(_ image: opj_image_t, description: PixelDescription,
                             into out: UnsafeMutableRawBufferPointer) throws(JPEG2000Failure) {
        let rows = description.rows, columns = description.columns, spp = description.samplesPerPixel
        let bytesPerSample = description.bytesPerSample
        guard let comps = image.comps, Int(image.numcomps) == spp else {
            throw JPEG2000Failure("OpenJPEG returned \(image.numcomps) components; \(spp) were expected")
        }
        // pydicom sizes its container from the first component's precision and reads it
        // with Pixel Representation's sign, then widens to Bits Allocated.
        let precision = Int(comps[0].prec)
        guard (1...32).contains(precision) else {
            throw JPEG2000Failure("the codestream's sample precision \(precision) is outside 1...32")
        }
        let codecBits = precision <= 8 ? 8 : precision <= 16 ? 16 : 32
        guard codecBits <= description.bitsAllocated else {
            throw JPEG2000Failure("the codestream's \(precision)-bit samples do not fit Bits Allocated \(description.bitsAllocated)")
        }
        let isSigned = description.isSigned

        var planes: [(data: UnsafeMutablePointer<Int32>, width: Int, dx: Int, dy: Int)] = []
        for c in 0..<spp {
            let comp = comps[c]
            let dx = Int(comp.dx), dy = Int(comp.dy)
            guard let data = comp.data, dx >= 1, dy >= 1, comp.factor == 0 else {
                throw JPEG2000Failure("OpenJPEG returned no samples for component \(c + 1)")
            }
            // Component c covers ceil(columns / dx) × ceil(rows / dy) samples (x0 = y0 = 0 in DICOM).
            guard image.x0 == 0, image.y0 == 0,
                  Int(comp.w) == (columns + dx - 1) / dx, Int(comp.h) == (rows + dy - 1) / dy else {
                throw JPEG2000Failure("component \(c + 1) is \(comp.w)x\(comp.h) with sampling \(dx)x\(dy), "
                                      + "which does not tile a \(columns)x\(rows) image")
            }
            planes.append((data, Int(comp.w), dx, dy))
        }

        // The loops below write every sample of every component, so `out` needs no zero fill.
        let count = rows * columns * spp * bytesPerSample
        guard out.count == count, let base = out.baseAddress else {
            throw JPEG2000Failure("the output holds \(out.count) bytes; the frame needs \(count)")
        }
        let step = spp * bytesPerSample
        for (c, plane) in planes.enumerated() {
            let straight = plane.dx == 1 && plane.dy == 1
            for y in 0..<rows {
                let srcRow = plane.data + (y / plane.dy) * plane.width
                var d = base + (y * columns * spp + c) * bytesPerSample
                // Fast path: same container width, no sign or size change to apply.
                if straight && codecBits == bytesPerSample * 8 {
                    switch bytesPerSample {
                    case 1:
                        for x in 0..<columns { d.storeBytes(of: UInt8(truncatingIfNeeded: srcRow[x]), as: UInt8.self); d += step }
                    case 2:
                        for x in 0..<columns {
                            d.storeBytes(of: UInt16(truncatingIfNeeded: srcRow[x]).littleEndian, as: UInt16.self); d += step
                        }
                    default:
                        for x in 0..<columns {
                            d.storeBytes(of: UInt32(truncatingIfNeeded: srcRow[x]).littleEndian, as: UInt32.self); d += step
                        }
                    }
                    continue
                }
                for x in 0..<columns {
                    let v = srcRow[straight ? x : x / plane.dx]
                    let value = reinterpret(v, bits: codecBits, signed: isSigned)
                    switch bytesPerSample {
                    case 1: d.storeBytes(of: UInt8(truncatingIfNeeded: value), as: UInt8.self)
                    case 2: d.storeBytes(of: UInt16(truncatingIfNeeded: value).littleEndian, as: UInt16.self)
                    default: d.storeBytes(of: UInt32(truncatingIfNeeded: value).littleEndian, as: UInt32.self)
                    }
                    d += step
                }
            }
        }
        // pydicom's sign correction (MONOCHROME only): the codestream says signed but the
        // data set unsigned, or the reverse.
        let monochrome = description.photometricInterpretation == "MONOCHROME1"
            || description.photometricInterpretation == "MONOCHROME2"
        if monochrome && (comps[0].sgnd != 0) != isSigned {
            StoredBits.normalize(out, bytesPerSample: bytesPerSample, bitsStored: precision, isSigned: isSigned)
        }
    }

    /// `v` truncated to a `bits`-wide container and read back as signed or unsigned.
    @inline(__always)
    static func reinterpret(_ v: Int32, bits: Int, signed: Bool) -> Int64 {
        switch (bits, signed) {
        case (8, true): Int64(Int8(truncatingIfNeeded: v))
        case (8, false): Int64(UInt8(truncatingIfNeeded: v))
        case (16, true): Int64(Int16(truncatingIfNeeded: v))
        case (16, false): Int64(UInt16(truncatingIfNeeded: v))
        case (_, true): Int64(v)
        default: Int64(UInt32(bitPattern: v))
        }
    }
}

/// Why a JPEG 2000 frame could not be decoded; becomes `PixelDataError.corruptFrame`.
struct JPEG2000Failure: CodecFailure {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

/// Collects OpenJPEG's error messages for the failure reason.
private final class MessageLog {
    private var messages: [String] = []

    func append(_ message: String) {
        let trimmed = message.trimmingCharacters(in: .whitespacesAndNewlines)
        if !trimmed.isEmpty && messages.count < 8 { messages.append(trimmed) }
    }

    func failure(_ what: String) -> JPEG2000Failure {
        messages.isEmpty ? JPEG2000Failure("OpenJPEG: \(what)")
            : JPEG2000Failure("OpenJPEG: \(what): " + messages.joined(separator: "; "))
    }
}

/// The frame's bytes as an OpenJPEG input stream: read, skip and seek callbacks over
/// memory, so the codestream is never written to a file. OpenJPEG copies from here into
/// its own stream buffer.
private final class MemoryStream {
    let base: UnsafeRawPointer
    let count: Int
    var offset = 0

    init(_ base: UnsafeRawPointer, count: Int) {
        self.base = base
        self.count = count
    }

    /// A stream reading from `self`, which must outlive it.
    func makeStream() -> UnsafeMutablePointer<opj_stream_t?>? {
        // One buffer for small frames; large ones are read in OpenJPEG's default 1 MiB chunks.
        guard let stream = opj_stream_create(min(max(count, 4096), Int(OPJ_J2K_STREAM_CHUNK_SIZE)), 1) else { return nil }
        opj_stream_set_read_function(stream) { buffer, size, context in
            guard let buffer, let context else { return -1 }
            let me = Unmanaged<MemoryStream>.fromOpaque(context).takeUnretainedValue()
            let left = me.count - me.offset
            guard left > 0 else { return -1 }   // (OPJ_SIZE_T)-1: end of stream
            let n = min(size, left)
            buffer.copyMemory(from: me.base + me.offset, byteCount: n)
            me.offset += n
            return n
        }
        opj_stream_set_skip_function(stream) { distance, context in
            guard let context else { return -1 }
            let me = Unmanaged<MemoryStream>.fromOpaque(context).takeUnretainedValue()
            let target = Int64(me.offset) + distance
            guard target >= 0 else { return -1 }
            // A skip past the end stops there; nothing left to skip is an error, so
            // OpenJPEG cannot loop on a zero-byte skip.
            let clamped = min(target, Int64(me.count))
            let skipped = clamped - Int64(me.offset)
            if skipped == 0 && distance != 0 { return -1 }
            me.offset = Int(clamped)
            return skipped
        }
        opj_stream_set_seek_function(stream) { position, context in
            guard let context, position >= 0 else { return 0 }
            let me = Unmanaged<MemoryStream>.fromOpaque(context).takeUnretainedValue()
            guard position <= Int64(me.count) else { return 0 }
            me.offset = Int(position)
            return 1
        }
        opj_stream_set_user_data(stream, Unmanaged.passUnretained(self).toOpaque(), nil)
        opj_stream_set_user_data_length(stream, UInt64(count))
        return stream
    }
}
