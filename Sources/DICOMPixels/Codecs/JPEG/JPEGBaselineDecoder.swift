import CTurboJPEG
import DICOM

/// Decodes JPEG Baseline frames (transfer syntax 1.2.840.10008.1.2.4.50, process 1) with
/// libturbojpeg.
///
/// The output is what pydicom's `pixel_array(..., raw=True)` returns (with GDCM, its first
/// JPEG plugin): samples in the codestream's own colour space — YCbCr stays YCbCr whatever
/// the JFIF/Adobe markers or Photometric Interpretation say — with subsampled chroma
/// expanded by libjpeg's default ("fancy") upsampling, interleaved, in little-endian
/// containers of Bits Allocated; bits above Bits Stored are masked or sign-extended.
///
/// Greyscale frames are decompressed straight into the output. Colour frames are
/// decompressed to their component planes (no colour conversion) and expanded in Swift,
/// because the TurboJPEG API cannot return upsampled YCbCr. Codestreams libturbojpeg cannot
/// take — 12-bit samples labelled as baseline, unusual sampling factors — fall back to the
/// Swift sequential decoder of ``JPEGExtendedDecoder``.
///
/// ```swift
/// let pixels = try JPEGBaselineDecoder().decode(frame, description: description,
///                                               transferSyntax: JPEGBaselineDecoder.transferSyntaxUID)
/// ```
public struct JPEGBaselineDecoder: FrameDecoder {
    /// The transfer syntax this decoder handles.
    public static let transferSyntaxUID = "1.2.840.10008.1.2.4.50"

    public init() {}

    public func decode(_ frame: EncodedFrame, description: PixelDescription,
                       transferSyntax: String) throws(PixelDataError) -> [UInt8] {
        try JPEGDCT.decodeFrame(frame, description: description, transferSyntax: transferSyntax)
    }
}

extension JPEGDCT {
    /// Decodes one frame of a DCT JPEG transfer syntax (baseline or extended), choosing
    /// libturbojpeg for 8-bit codestreams and the Swift decoder for 12-bit ones.
    static func decodeFrame(_ frame: EncodedFrame, description: PixelDescription,
                            transferSyntax: String) throws(PixelDataError) -> [UInt8] {
        try frame.withContiguousBytes { (data) throws(PixelDataError) -> [UInt8] in
            do throws(Failure) {
                return try decode(data, description: description)
            } catch {
                throw .corruptFrame(transferSyntax: transferSyntax, index: frame.index, reason: error.reason)
            }
        }
    }

    static func decode(_ data: UnsafeRawBufferPointer, description: PixelDescription) throws(Failure) -> [UInt8] {
        let rows = description.rows, columns = description.columns, spp = description.samplesPerPixel
        let bytesPerSample = description.bytesPerSample
        guard description.storage == .integer else { throw Failure("JPEG cannot hold float pixel data") }
        guard rows > 0, columns > 0 else { throw Failure("the image has no pixels (\(rows) x \(columns))") }
        guard spp == 1 || spp == 3 else {
            throw Failure("Samples per Pixel is \(spp); JPEG frames are decoded with 1 or 3 samples")
        }
        guard [1, 2, 4].contains(bytesPerSample), description.bitsAllocated >= 8 else {
            throw Failure("Bits Allocated \(description.bitsAllocated) cannot hold JPEG samples")
        }

        let header = try readFrameHeader(data)
        guard header.width == columns, header.height == rows else {
            throw Failure("the codestream is \(header.width)x\(header.height) but the data set says "
                          + "\(columns)x\(rows) (Columns x Rows)")
        }
        guard header.components.count == spp else {
            throw Failure("the codestream has \(header.components.count) components but Samples per Pixel is \(spp)")
        }
        guard header.precision <= description.bitsAllocated else {
            throw Failure("the codestream's \(header.precision)-bit samples do not fit Bits Allocated "
                          + "\(description.bitsAllocated)")
        }

        var output = [UInt8](repeating: 0, count: description.decodedFrameLength)
        // withUnsafeMutableBytes only rethrows untyped errors, so the failure is carried out.
        var failure: Failure?
        output.withUnsafeMutableBytes { (out) in
            do throws(Failure) {
                try decodeInto(out)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return output

        func decodeInto(_ out: UnsafeMutableRawBufferPointer) throws(Failure) {
            let sequential = header.marker == Marker.sof0 || header.marker == Marker.sof1
            // libturbojpeg handles 8-bit baseline, extended, progressive and arithmetic coding.
            let turboMarkers: [UInt8] = [0xC0, 0xC1, 0xC2, 0xC9, 0xCA]
            var done = false
            if header.precision == 8 && turboMarkers.contains(header.marker) {
                done = try decodeWithTurbo(data, header: header, bytesPerSample: bytesPerSample, into: out)
            }
            if !done {
                guard sequential else {
                    throw Failure("\(Marker.describeSOF(header.marker)) at \(header.precision)-bit precision is not supported")
                }
                let state = try decodeSequential(data, expectedWidth: columns, expectedHeight: rows)
                try interleave(state.views, width: columns, height: rows, bytesPerSample: bytesPerSample, into: out)
            }
            StoredBits.normalize(out, bytesPerSample: bytesPerSample, bitsStored: description.bitsStored,
                                 isSigned: description.isSigned)
        }
    }

    /// Decodes an 8-bit codestream with libturbojpeg into `out`. Returns false when the
    /// library cannot represent the sampling factors, so the caller can fall back.
    private static func decodeWithTurbo(_ data: UnsafeRawBufferPointer, header: FrameHeader,
                                        bytesPerSample: Int, into out: UnsafeMutableRawBufferPointer) throws(Failure) -> Bool {
        guard let raw = data.baseAddress, let handle = tjInitDecompress() else {
            throw Failure("libturbojpeg could not create a decompressor")
        }
        defer { tjDestroy(handle) }
        let source = raw.assumingMemoryBound(to: UInt8.self)
        let size = UInt(data.count)
        let width = header.width, height = header.height

        var w: Int32 = 0, h: Int32 = 0, subsampling: Int32 = 0, colourspace: Int32 = 0
        guard tjDecompressHeader3(handle, source, size, &w, &h, &subsampling, &colourspace) == 0 else {
            let message = errorMessage(handle)
            if message.contains("subsampling") { return false }
            throw Failure("libturbojpeg: \(message)")
        }
        guard Int(w) == width, Int(h) == height else {
            throw Failure("libturbojpeg reports \(w)x\(h) but the frame header says \(width)x\(height)")
        }

        if header.components.count == 1 {
            if bytesPerSample == 1, let base = out.baseAddress, out.count >= width * height {
                try decompress(handle) { (flags) in
                    tjDecompress2(handle, source, size, base.assumingMemoryBound(to: UInt8.self),
                                  Int32(width), Int32(width), Int32(height), Int32(TJPF_GRAY.rawValue), flags)
                }
                return true
            }
            var grey = [UInt8](repeating: 0, count: width * height)
            try grey.withUnsafeMutableBufferPointer { (buffer) throws(Failure) in
                guard let base = buffer.baseAddress else { return }
                try decompress(handle) { (flags) in
                    tjDecompress2(handle, source, size, base, Int32(width), Int32(width), Int32(height),
                                  Int32(TJPF_GRAY.rawValue), flags)
                }
                let view = PlaneView(base: UnsafePointer(base), stride: width, width: width, height: height,
                                     hExpand: 1, vExpand: 1)
                try interleave([view], width: width, height: height, bytesPerSample: bytesPerSample, into: out)
            }
            return true
        }

        // Colour: the component planes without colour conversion, then expansion in Swift.
        let planeCount = header.components.count
        var strides = [Int32](repeating: 0, count: planeCount)
        var heights = [Int](repeating: 0, count: planeCount)
        for c in 0..<planeCount {
            let pw = tjPlaneWidth(Int32(c), Int32(width), subsampling)
            let ph = tjPlaneHeight(Int32(c), Int32(height), subsampling)
            guard pw > 0, ph > 0 else { return false }
            strides[c] = pw
            heights[c] = Int(ph)
        }
        let hmax = header.components.map(\.h).max() ?? 1
        let vmax = header.components.map(\.v).max() ?? 1
        guard header.components.allSatisfy({ hmax % $0.h == 0 && vmax % $0.v == 0 }) else { return false }

        var planes: [UnsafeMutablePointer<UInt8>] = []
        defer { for plane in planes { plane.deallocate() } }
        for c in 0..<planeCount {
            let n = Int(strides[c]) * heights[c]
            let plane = UnsafeMutablePointer<UInt8>.allocate(capacity: n)
            plane.initialize(repeating: 0, count: n)
            planes.append(plane)
        }
        var planePointers: [UnsafeMutablePointer<UInt8>?] = planes
        var planeStrides = strides
        do throws(Failure) {
            try decompress(handle) { (flags) in
                tjDecompressToYUVPlanes(handle, source, size, &planePointers, Int32(width), &planeStrides,
                                        Int32(height), flags)
            }
        } catch {
            if error.reason.contains("subsampling") { return false }
            throw error
        }
        var views: [PlaneView<UInt8>] = []
        for (c, spec) in header.components.enumerated() {
            views.append(PlaneView(base: UnsafePointer(planes[c]), stride: Int(strides[c]),
                                   width: min((width * spec.h + hmax - 1) / hmax, Int(strides[c])),
                                   height: min((height * spec.v + vmax - 1) / vmax, heights[c]),
                                   hExpand: hmax / spec.h, vExpand: vmax / spec.v))
        }
        try interleave(views, width: width, height: height, bytesPerSample: bytesPerSample, into: out)
        return true
    }

    /// Accurate integer IDCT (libjpeg's default, which GDCM uses too), stop on the first
    /// warning so corrupt data is noticed, and cap progressive scans so a hostile stream
    /// cannot keep the decoder busy.
    private static let flags = Int32(TJFLAG_ACCURATEDCT | TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS)

    /// Runs `call` with the strict flags; on a warning that only signals harmless oddities
    /// (stray bytes before a marker, odd SOS parameters, unknown JFIF version) runs it again
    /// without stopping on warnings.
    private static func decompress(_ handle: tjhandle, _ call: (Int32) -> Int32) throws(Failure) {
        guard call(flags) != 0 else { return }
        if let failure = warningFailure(handle, retry: { call(flags & ~Int32(TJFLAG_STOPONWARNING)) }) {
            throw failure
        }
    }

    /// Decides what a failed call means: nil when a retry without stop-on-warning
    /// succeeded (or ended on a harmless warning), otherwise the failure to report.
    private static func warningFailure(_ handle: tjhandle, retry: () -> Int32) -> Failure? {
        let message = errorMessage(handle)
        guard tjGetErrorCode(handle) == Int32(TJERR_WARNING.rawValue), isHarmless(message) else {
            return Failure("libturbojpeg: \(message)")
        }
        guard retry() != 0 else { return nil }
        let second = errorMessage(handle)
        if tjGetErrorCode(handle) == Int32(TJERR_WARNING.rawValue), isHarmless(second) { return nil }
        return Failure("libturbojpeg: \(second)")
    }

    private static func isHarmless(_ message: String) -> Bool {
        let lower = message.lowercased()
        if lower.contains("premature end") || lower.contains("bad huffman") || lower.contains("bad arithmetic")
            || lower.contains("instead of rst") {
            return false
        }
        return lower.contains("extraneous bytes") || lower.contains("invalid sos parameters")
            || lower.contains("jfif revision") || lower.contains("adobe color transform")
            || lower.contains("icc")
    }

    private static func errorMessage(_ handle: tjhandle) -> String {
        guard let text = tjGetErrorStr2(handle) else { return "unknown error" }
        return String(cString: text)
    }
}
