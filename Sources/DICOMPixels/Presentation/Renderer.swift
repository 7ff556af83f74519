import DICOM

/// Turns a decoded frame into what a viewer shows (PS3.3 C.11, PS3.4 N.2):
///
/// - greyscale: stored value → Modality LUT → VOI LUT (the data set's, an explicit window, or a
///   window over the frame's minimum and maximum) → 8 bits → inversion for MONOCHROME1;
/// - colour: PALETTE COLOR through its palettes, YBR_FULL/YBR_FULL_422 converted to RGB, RGB
///   as is, all scaled to 8 bits per sample.
///
/// ```swift
/// var renderer = Renderer()
/// renderer.window = Window(center: 40, width: 400)       // optional override
/// let image = try renderer.render(frame: bytes, description: description, dataSet: file.dataSet)
/// let png = try PNGWriter().encode(image)
/// ```
public struct Renderer: Sendable {
    /// A window to use instead of whatever the data set specifies (greyscale images only).
    public var window: Window?
    /// Which of several windows or VOI LUT Sequence items to use.
    public var voiIndex: Int
    /// Whether a VOI LUT Sequence wins over Window Center/Width when a data set has both.
    public var prefersVOILUTTable: Bool

    public init(window: Window? = nil, voiIndex: Int = 0, prefersVOILUTTable: Bool = true) {
        self.window = window
        self.voiIndex = voiIndex
        self.prefersVOILUTTable = prefersVOILUTTable
    }

    /// Renders one decoded frame.
    ///
    /// - Parameters:
    ///   - frame: the frame as decoders return it: stored values, samples interleaved, each in a
    ///     little-endian container of `description.bytesPerSample` bytes (floats for Float and
    ///     Double Float Pixel Data).
    ///   - description: the Image Pixel attributes.
    ///   - dataSet: the data set, for the Modality LUT, VOI LUT and palette attributes.
    ///   - frameIndex: the 0-based frame number, for enhanced multi-frame functional groups.
    ///   - photometricInterpretation: the colour space of `frame` when the decoder changed it
    ///     (for example a codec that already converted YBR to RGB); defaults to the description's.
    /// - Throws: ``PixelDataError`` when the frame is too short or an attribute the pipeline
    ///   needs is missing or unusable.
    public func render(frame: [UInt8], description: PixelDescription, dataSet: DataSet, frameIndex: Int = 0,
                       photometricInterpretation: String? = nil) throws(PixelDataError) -> DisplayImage {
        let expected = description.decodedFrameLength
        guard description.rows > 0, description.columns > 0 else {
            throw .invalidAttribute(.rows, keyword: "Rows", reason: "and Columns must both be positive to render an image")
        }
        guard frame.count >= expected else {
            throw .truncatedFrame(index: frameIndex, expected: expected, actual: frame.count)
        }
        let photometric = (photometricInterpretation ?? description.photometricInterpretation).uppercased()
        let attributes = FunctionalGroups.attributes(for: frameIndex, in: dataSet)
        let pixels: [UInt8]
        let format: DisplayImage.Format
        switch photometric {
        case "MONOCHROME1", "MONOCHROME2":
            try requireSamples(1, description, photometric)
            let (modality, voi) = try greyTransforms(description, attributes)
            pixels = frame.withUnsafeBytes { grey($0, description, modality, voi, invert: photometric == "MONOCHROME1") }
            format = .grey8
        case "PALETTE COLOR":
            try requireSamples(1, description, photometric)
            try requireIntegers(description, photometric)
            let palette = try PaletteColorLUT(dataSet: attributes, isSigned: description.isSigned)
            pixels = frame.withUnsafeBytes { paletteColour($0, description, palette) }
            format = .rgb8
        case "RGB", "YBR_ICT", "YBR_RCT", "YBR_FULL", "YBR_FULL_422":
            // JPEG 2000 codecs undo the ICT/RCT component transform, so those frames hold RGB.
            try requireSamples(3, description, photometric)
            try requireIntegers(description, photometric)
            let isYBR = photometric.hasPrefix("YBR_FULL")
            pixels = frame.withUnsafeBytes { colour($0, description, convertingYBR: isYBR) }
            format = .rgb8
        default:
            throw .invalidAttribute(.photometricInterpretation, keyword: "PhotometricInterpretation",
                                    reason: "is \(photometric), which cannot be rendered")
        }
        guard let image = DisplayImage(width: description.columns, height: description.rows,
                                       format: format, pixels: pixels) else {
            throw .invalidAttribute(.rows, keyword: "Rows", reason: "and Columns give an image too large to render")
        }
        return image
    }

    /// Decodes frame `index` (0-based) of `pixels` and renders it.
    ///
    /// For JPEG Baseline and Extended colour frames the colour space is taken from the
    /// codestream (``JPEGColourSpace``), since the decoders keep it and it may differ from the
    /// declared Photometric Interpretation.
    ///
    /// ```swift
    /// let file = try DICOMFile(path: "ct.dcm")
    /// let image = try Renderer().render(try PixelData(file: file), frame: 0, dataSet: file.dataSet)
    /// ```
    public func render(_ pixels: PixelData, frame index: Int, dataSet: DataSet) throws(PixelDataError) -> DisplayImage {
        let samples = try pixels.frame(index)
        var photometric = pixels.description.photometricInterpretation
        if JPEGColourSpace.transferSyntaxes.contains(pixels.transferSyntax.uid), pixels.description.samplesPerPixel == 3 {
            photometric = JPEGColourSpace.decodedPhotometricInterpretation(of: try pixels.encodedFrame(index),
                                                                          declared: photometric)
        }
        return try render(frame: samples, description: pixels.description, dataSet: dataSet, frameIndex: index,
                          photometricInterpretation: photometric)
    }

    // MARK: Greyscale

    /// The Modality LUT and VOI transform of a greyscale frame.
    private func greyTransforms(_ description: PixelDescription,
                                _ attributes: DataSet) throws(PixelDataError) -> (ModalityLUT, VOILUT?) {
        if description.storage == .integer, ![1, 2, 4].contains(description.bytesPerSample) {
            throw .invalidAttribute(.bitsAllocated, keyword: "BitsAllocated",
                                    reason: "is \(description.bitsAllocated), which cannot be rendered")
        }
        let modality = try ModalityLUT(dataSet: attributes, isSigned: description.isSigned)
        let modalityRange = modality.outputRange(bitsStored: description.bitsStored, isSigned: description.isSigned)
        let voi: VOILUT?
        if let window {
            guard window.isValid else {
                throw .invalidAttribute(.windowWidth, keyword: "WindowWidth",
                                        reason: "of the requested window is \(window.width), which \(window.function.rawValue) windowing does not allow")
            }
            voi = .window(window)
        } else {
            voi = try VOILUT.select(in: attributes, index: voiIndex, preferTable: prefersVOILUTTable,
                                    firstMappedIsSigned: modalityRange.lowerBound < 0)
        }
        return (modality, voi)
    }

    private func grey(_ frame: UnsafeRawBufferPointer, _ description: PixelDescription, _ modality: ModalityLUT,
                      _ voi: VOILUT?, invert: Bool) -> [UInt8] {
        let count = description.rows * description.columns
        var output = [UInt8](repeating: 0, count: count)

        if description.storage != .integer {
            let reader = FloatSampleReader(frame, double: description.storage == .double)
            let values = (0..<count).map { modality(reader[$0]) }
            let display = displayMapping(voi, modalityValues: { values.lazy.filter(\.isFinite) })
            for i in 0..<count { output[i] = display(values[i]) }
        } else {
            let reader = IntegerSampleReader(frame, description)
            var low = Int.max, high = Int.min
            for i in 0..<count {
                let s = reader[i]
                low = min(low, s)
                high = max(high, s)
            }
            let span = high.subtractingReportingOverflow(low)
            if !span.overflow, span.partialValue < 1 << 20 {
                // Few distinct stored values (always so up to 16 bits): map each once.
                let modalityTable = (low...high).map { modality($0) }
                let display = displayMapping(voi, modalityValues: {
                    (0..<count).lazy.map { modalityTable[reader[$0] - low] }
                })
                let table = modalityTable.map(display)
                for i in 0..<count { output[i] = table[reader[i] - low] }
            } else {
                let display = displayMapping(voi, modalityValues: { (0..<count).lazy.map { modality(reader[$0]) } })
                for i in 0..<count { output[i] = display(modality(reader[i])) }
            }
        }
        if invert {
            for i in 0..<count { output[i] = 255 - output[i] }
        }
        return output
    }

    /// The function from modality value to display byte: the VOI transform scaled to 0...255,
    /// or, without one, a LINEAR_EXACT window spanning the frame's modality values (computed
    /// lazily, since a VOI makes the pass unnecessary).
    private func displayMapping<S: Sequence<Double>>(_ voi: VOILUT?, modalityValues: () -> S) -> (Double) -> UInt8 {
        switch voi {
        case let .window(window):
            return { displayByte(window($0, outputRange: 0...255)) }
        case let .table(table):
            let scale = 255 / Double(table.maximumOutput)
            return { m in
                let input = m.isFinite ? Int(min(max(m, -1e15), 1e15).rounded(.down)) : 0
                return displayByte(Double(table[input]) * scale)
            }
        case nil:
            var low = Double.infinity, high = -Double.infinity
            for m in modalityValues() {
                low = min(low, m)
                high = max(high, m)
            }
            guard low < high else { return { _ in 0 } }
            let window = Window(center: (low + high) / 2, width: high - low, function: .linearExact)
            return { displayByte(window($0, outputRange: 0...255)) }
        }
    }

    // MARK: Colour

    private func paletteColour(_ frame: UnsafeRawBufferPointer, _ description: PixelDescription,
                               _ palette: PaletteColorLUT) -> [UInt8] {
        let count = description.rows * description.columns
        let reader = IntegerSampleReader(frame, description)
        let (r, g, b) = (scaler(palette.red.bitsPerEntry), scaler(palette.green.bitsPerEntry), scaler(palette.blue.bitsPerEntry))
        var output = [UInt8](repeating: 0, count: count * 3)
        for i in 0..<count {
            let colour = palette[reader[i]]
            output[3 * i] = r(Int(colour.red))
            output[3 * i + 1] = g(Int(colour.green))
            output[3 * i + 2] = b(Int(colour.blue))
        }
        return output
    }

    private func colour(_ frame: UnsafeRawBufferPointer, _ description: PixelDescription, convertingYBR: Bool) -> [UInt8] {
        let count = description.rows * description.columns * 3
        let reader = IntegerSampleReader(frame, description)
        let bits = description.bitsStored
        if bits == 8, description.bytesPerSample == 1 {
            var output = Array(frame.prefix(count))
            if convertingYBR { YBRConversion.convertToRGB(&output) }
            return output
        }
        let scale = scaler(bits)
        var output = [UInt8](repeating: 0, count: count)
        var i = 0
        while i < count {
            var (r, g, b) = (reader[i], reader[i + 1], reader[i + 2])
            if convertingYBR, (2...16).contains(bits) {
                (r, g, b) = YBRConversion.rgb(y: r, cb: g, cr: b, bits: bits)
            }
            output[i] = scale(r)
            output[i + 1] = scale(g)
            output[i + 2] = scale(b)
            i += 3
        }
        return output
    }

    /// Maps 0...2^bits − 1 onto 0...255: unchanged for 8 bits, the high byte for 16 (so a
    /// palette written as 8-bit values × 257 or × 256 comes back exactly), rounded linear
    /// scaling otherwise.
    private func scaler(_ bits: Int) -> (Int) -> UInt8 {
        switch bits {
        case 8: return { UInt8(clamping: $0) }
        case 16: return { UInt8(clamping: $0 >> 8) }
        default:
            let top = Double((1 << min(max(bits, 1), 32)) - 1)
            return { displayByte(Double($0) * 255 / top) }
        }
    }

    private func requireSamples(_ samples: Int, _ description: PixelDescription, _ photometric: String) throws(PixelDataError) {
        guard description.samplesPerPixel == samples else {
            throw .invalidAttribute(.samplesPerPixel, keyword: "SamplesPerPixel",
                                    reason: "is \(description.samplesPerPixel), but \(photometric) needs \(samples)")
        }
    }

    private func requireIntegers(_ description: PixelDescription, _ photometric: String) throws(PixelDataError) {
        guard description.storage == .integer else {
            throw .invalidAttribute(.photometricInterpretation, keyword: "PhotometricInterpretation",
                                    reason: "is \(photometric), which floating-point pixel data cannot use")
        }
        guard [1, 2, 4].contains(description.bytesPerSample) else {
            throw .invalidAttribute(.bitsAllocated, keyword: "BitsAllocated",
                                    reason: "is \(description.bitsAllocated), which cannot be rendered")
        }
    }
}

/// A display value rounded to the nearest byte, clamped to 0...255 (NaN gives 0).
@inline(__always) func displayByte(_ value: Double) -> UInt8 {
    guard value == value else { return 0 }
    return UInt8(min(max((value + 0.5).rounded(.down), 0), 255))
}

/// Reads integer stored values from a decoded frame, keeping only the Bits Stored bits:
/// masking unsigned values and sign-extending signed ones, so stray high bits (old overlays in
/// pixel data) do not reach the display.
struct IntegerSampleReader {
    let base: UnsafeRawBufferPointer
    let width: Int
    let shift: Int
    let signed: Bool

    /// A reader of 1-, 2- or 4-byte containers; wider Bits Allocated (which the caller rejects)
    /// would be read as 4 bytes.
    init(_ frame: UnsafeRawBufferPointer, _ description: PixelDescription) {
        base = frame
        width = min(max(description.bytesPerSample, 1), 4)
        let bits = min(max(description.bitsStored, 1), width * 8)
        shift = 64 - bits
        signed = description.isSigned
    }

    @inline(__always) subscript(i: Int) -> Int {
        let raw: UInt64 = switch width {
        case 1: UInt64(base[i])
        case 2: UInt64(UInt16(littleEndian: base.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
        default: UInt64(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
        }
        return signed ? Int(Int64(bitPattern: raw << shift) >> shift) : Int(truncatingIfNeeded: (raw << shift) >> shift)
    }
}

/// Reads Float or Double Float Pixel Data values from a decoded frame (little-endian IEEE).
struct FloatSampleReader {
    let base: UnsafeRawBufferPointer
    let double: Bool

    init(_ frame: UnsafeRawBufferPointer, double: Bool) {
        base = frame
        self.double = double
    }

    @inline(__always) subscript(i: Int) -> Double {
        if double {
            return Double(bitPattern: UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)))
        }
        return Double(Float(bitPattern: UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))))
    }
}
