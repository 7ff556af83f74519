import DICOM

/// Decodes JPEG Lossless frames: process 14 with any predictor (1.2.840.10008.1.2.4.57) and
/// process 14 selection value 1 (1.2.840.10008.1.2.4.70), ITU-T T.81 Annex H.
///
/// Supports precision 2–16 bits, point transform, 1–4 components in interleaved or
/// separate scans, restart intervals, Huffman tables redefined between scans, and the
/// SSSS = 16 difference. Output is the stored values, samples interleaved, in little-endian
/// containers of `description.bytesPerSample` bytes; bits above Bits Stored are masked or
/// sign-extended as pydicom does. No colour conversion: lossless JPEG has none.
///
/// Written in Swift because Debian's libjpeg-turbo 2.1.5 has no lossless decoder.
///
/// ```swift
/// let pixels = try JPEGLosslessDecoder().decode(frame, description: description,
///                                               transferSyntax: "1.2.840.10008.1.2.4.70")
/// ```
public struct JPEGLosslessDecoder: FrameDecoder {
    /// Bits above Bits Stored are cleared or sign-extended as each sample is written.
    public var correctsStoredValues: Bool { true }

    /// JPEG Lossless, Non-Hierarchical (Process 14).
    public static let processFourteenUID = "1.2.840.10008.1.2.4.57"
    /// JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14, Selection Value 1).
    public static let selectionValueOneUID = "1.2.840.10008.1.2.4.70"
    /// The transfer syntaxes this decoder handles.
    public static let transferSyntaxUIDs = [processFourteenUID, selectionValueOneUID]

    public init() {}

    public func decode(_ frame: EncodedFrame, description: PixelDescription,
                       transferSyntax: String) throws(PixelDataError) -> [UInt8] {
        try frame.withContiguousBytes { (input) throws(PixelDataError) -> [UInt8] in
            do throws(JPEGLosslessFailure) {
                var codestream = LosslessCodestream(input: input, description: description)
                return try codestream.decode()
            } catch {
                throw .corruptFrame(transferSyntax: transferSyntax, index: frame.index, reason: error.reason)
            }
        }
    }
}

/// Why a lossless JPEG codestream could not be decoded; becomes `PixelDataError.corruptFrame`.
struct JPEGLosslessFailure: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

/// One codestream being decoded: the marker parser and the state scans share.
struct LosslessCodestream {
    struct Component {
        var id: Int
        /// Point transform of the scan that coded it.
        var pointTransform = 0
        var decoded = false
    }

    private let input: UnsafeRawBufferPointer
    private let description: PixelDescription
    private var position = 0

    private var precision = 0
    private var width = 0
    private var height = 0
    private var components: [Component] = []
    private var dcTables: [LosslessHuffmanTable?] = [nil, nil, nil, nil]
    private var restartInterval = 0

    init(input: UnsafeRawBufferPointer, description: PixelDescription) {
        self.input = input
        self.description = description
    }

    /// Walks the markers and decodes every scan into 16-bit planes, one per component, then
    /// writes the interleaved output. A single component in 16-bit containers (the usual CT
    /// and MR case) is decoded straight into the output, which saves a buffer and a pass.
    mutating func decode() throws(JPEGLosslessFailure) -> [UInt8] {
        guard [8, 16, 32].contains(description.bitsAllocated) else {
            throw JPEGLosslessFailure("Bits Allocated \(description.bitsAllocated) is not supported for JPEG Lossless")
        }
        guard input.count >= 4, input[0] == 0xFF, input[1] == 0xD8 else {
            throw JPEGLosslessFailure("the frame does not start with a JPEG SOI marker")
        }
        position = 2

        var output: [UInt8] = []
        var haveFrame = false
        var planes: UnsafeMutablePointer<UInt16>?
        defer { planes?.deallocate() }
        var sawEOI = false

        markers: while true {
            guard let marker = nextMarker() else { break }
            switch marker {
            case 0xC3:
                guard !haveFrame else { throw JPEGLosslessFailure("the codestream has more than one frame header") }
                try readFrameHeader()
                haveFrame = true
                output = [UInt8](repeating: 0, count: width * height * components.count * description.bytesPerSample)
                if !decodesIntoOutput {
                    let samples = width * height * components.count
                    let allocated = UnsafeMutablePointer<UInt16>.allocate(capacity: samples)
                    allocated.initialize(repeating: 0, count: samples)
                    planes = allocated
                }
            case 0xC4:
                try readHuffmanTables()
            case 0xDD:
                let length = try segmentLength()
                guard length == 4 else { throw JPEGLosslessFailure("the DRI segment has length \(length), not 4") }
                restartInterval = Int(try u16(at: position + 2))
                position += length
            case 0xDA:
                guard haveFrame else { throw JPEGLosslessFailure("a scan starts before the SOF3 frame header") }
                if let planes {
                    try decodeScan(into: planes)
                } else {
                    var failure: JPEGLosslessFailure?
                    output.withUnsafeMutableBytes { raw in
                        raw.withMemoryRebound(to: UInt16.self) { samples in
                            guard let samples = samples.baseAddress else { return }
                            do throws(JPEGLosslessFailure) { try decodeScan(into: samples) } catch { failure = error }
                        }
                    }
                    if let failure { throw failure }
                }
            case 0xD9:
                sawEOI = true
                break markers
            case 0xC0, 0xC1, 0xC2:
                throw JPEGLosslessFailure("the codestream is DCT-based (SOF\(marker - 0xC0)), not lossless")
            case 0xC5, 0xC6, 0xC7, 0xCD, 0xCE, 0xCF, 0xDE, 0xDF:
                throw JPEGLosslessFailure("hierarchical JPEG (marker 0xFF\(hex(marker))) is not supported")
            case 0xC9, 0xCA, 0xCB, 0xCC:
                throw JPEGLosslessFailure("arithmetic-coded JPEG (marker 0xFF\(hex(marker))) is not supported")
            case 0xD8:
                throw JPEGLosslessFailure("a second SOI marker appears inside the codestream")
            case 0xD0...0xD7, 0x01:
                continue  // stray restart or TEM marker: no payload
            default:
                // APPn, COM, DQT, DNL and reserved markers carry a length; skip them.
                position += try segmentLength()
            }
        }

        guard haveFrame else { throw JPEGLosslessFailure("the codestream has no SOF3 frame header") }
        for component in components where !component.decoded {
            let what = sawEOI ? "no scan codes component \(component.id)" :
                "the codestream ends before component \(component.id) is decoded"
            throw JPEGLosslessFailure(what)
        }
        if let planes {
            writeOutput(from: planes, into: &output)
        } else {
            normalizeInPlace(&output)
        }
        return output
    }

    /// Whether scans write straight into the output: one component, 16-bit containers, and a
    /// little-endian host so the 16-bit planes already have the output's byte order.
    private var decodesIntoOutput: Bool {
        #if _endian(little)
        return components.count == 1 && description.bytesPerSample == 2
        #else
        return false
        #endif
    }

    // MARK: Marker segments

    /// Finds the next marker from `position`, skipping fill bytes and any stray data, and
    /// moves past it. Nil at the end of input.
    private mutating func nextMarker() -> UInt8? {
        let bytes = input
        while position + 1 < bytes.count {
            if bytes[position] == 0xFF {
                let code = bytes[position + 1]
                if code != 0xFF && code != 0x00 {
                    position += 2
                    return code
                }
            }
            position += 1
        }
        position = bytes.count
        return nil
    }

    private func u16(at offset: Int) throws(JPEGLosslessFailure) -> UInt16 {
        guard offset >= 0, offset + 2 <= input.count else {
            throw JPEGLosslessFailure("a marker segment runs past the end of the frame")
        }
        return UInt16(input[offset]) << 8 | UInt16(input[offset + 1])
    }

    private func u8(at offset: Int) throws(JPEGLosslessFailure) -> Int {
        guard offset >= 0, offset < input.count else {
            throw JPEGLosslessFailure("a marker segment runs past the end of the frame")
        }
        return Int(input[offset])
    }

    /// The length field at `position` (which counts itself), checked to fit in the input.
    private func segmentLength() throws(JPEGLosslessFailure) -> Int {
        let length = Int(try u16(at: position))
        guard length >= 2, position + length <= input.count else {
            throw JPEGLosslessFailure("a marker segment of length \(length) runs past the end of the frame")
        }
        return length
    }

    /// SOF3 (T.81 B.2.2).
    private mutating func readFrameHeader() throws(JPEGLosslessFailure) {
        let length = try segmentLength()
        let start = position + 2
        precision = try u8(at: start)
        height = Int(try u16(at: start + 1))
        width = Int(try u16(at: start + 3))
        let count = try u8(at: start + 5)
        guard length == 8 + 3 * count else {
            throw JPEGLosslessFailure("the SOF3 segment length \(length) does not match its \(count) components")
        }
        guard (2...16).contains(precision) else {
            throw JPEGLosslessFailure("sample precision \(precision) is outside 2–16 bits")
        }
        guard precision <= 8 * description.bytesPerSample else {
            throw JPEGLosslessFailure("sample precision \(precision) does not fit Bits Allocated "
                                      + "\(description.bitsAllocated)")
        }
        // Height 0 means a DNL marker gives it later; the DICOM Rows attribute says the same.
        if height == 0 { height = description.rows }
        guard width == description.columns, height == description.rows else {
            throw JPEGLosslessFailure("the codestream is \(width) x \(height) but the image is "
                                      + "\(description.columns) x \(description.rows)")
        }
        guard count == description.samplesPerPixel else {
            throw JPEGLosslessFailure("the codestream has \(count) components but Samples per Pixel is "
                                      + "\(description.samplesPerPixel)")
        }
        guard width > 0, height > 0 else { throw JPEGLosslessFailure("the image has no pixels") }
        // Every sample costs at least one bit, so a short codestream cannot hold a large
        // image; checking here keeps a corrupt frame from allocating planes for it.
        guard width * height * count <= 8 * input.count else {
            throw JPEGLosslessFailure("\(input.count) bytes cannot hold a \(width) x \(height) image of "
                                      + "\(count) components")
        }
        components = []
        for i in 0..<count {
            let offset = start + 6 + 3 * i
            let id = try u8(at: offset)
            let sampling = try u8(at: offset + 1)
            guard sampling == 0x11 else {
                throw JPEGLosslessFailure("component \(id) is subsampled (\(sampling >> 4)x\(sampling & 15)); "
                                          + "only 1x1 sampling is supported")
            }
            guard !components.contains(where: { $0.id == id }) else {
                throw JPEGLosslessFailure("component identifier \(id) appears twice in SOF3")
            }
            components.append(Component(id: id))
        }
        position += length
    }

    /// DHT (T.81 B.2.4.2): one or more tables. Only class 0 tables code lossless differences.
    private mutating func readHuffmanTables() throws(JPEGLosslessFailure) {
        let length = try segmentLength()
        let end = position + length
        var offset = position + 2
        while offset < end {
            let classAndID = try u8(at: offset)
            var counts = [Int](repeating: 0, count: 16)
            var total = 0
            for i in 0..<16 {
                counts[i] = try u8(at: offset + 1 + i)
                total += counts[i]
            }
            offset += 17
            guard total <= 256, offset + total <= end else {
                throw JPEGLosslessFailure("a DHT table lists \(total) codes, more than its segment holds")
            }
            let symbols = [UInt8](input[offset..<(offset + total)])
            offset += total
            let tableClass = classAndID >> 4
            let id = classAndID & 15
            guard tableClass <= 1, id <= 3 else {
                throw JPEGLosslessFailure("a DHT table has class \(tableClass) and identifier \(id)")
            }
            if tableClass == 0 {
                dcTables[id] = try LosslessHuffmanTable(counts: counts, symbols: symbols)
            }
        }
        position = end
    }

    /// SOS (T.81 B.2.3) and the entropy-coded data after it.
    private mutating func decodeScan(into planes: UnsafeMutablePointer<UInt16>) throws(JPEGLosslessFailure) {
        let length = try segmentLength()
        let start = position + 2
        let count = try u8(at: start)
        guard (1...4).contains(count), length == 6 + 2 * count else {
            throw JPEGLosslessFailure("the SOS segment length \(length) does not match its \(count) components")
        }
        var scanComponents: [LosslessScan.Component] = []
        for i in 0..<count {
            let id = try u8(at: start + 1 + 2 * i)
            let tableID = try u8(at: start + 2 + 2 * i) >> 4
            guard let index = components.firstIndex(where: { $0.id == id }) else {
                throw JPEGLosslessFailure("the scan names component \(id), which the frame does not have")
            }
            guard !components[index].decoded, !scanComponents.contains(where: { $0.index == index }) else {
                throw JPEGLosslessFailure("component \(id) is coded in more than one scan")
            }
            guard tableID <= 3, let table = dcTables[tableID] else {
                throw JPEGLosslessFailure("the scan uses Huffman table \(tableID), which is not defined")
            }
            scanComponents.append(LosslessScan.Component(index: index, table: table))
        }
        let predictor = try u8(at: start + 1 + 2 * count)
        let successive = try u8(at: start + 3 + 2 * count)
        let pointTransform = successive & 15
        guard (1...7).contains(predictor) else {
            throw JPEGLosslessFailure("predictor (selection value) \(predictor) is not one of 1–7")
        }
        guard pointTransform < precision else {
            throw JPEGLosslessFailure("point transform \(pointTransform) is not below precision \(precision)")
        }
        if restartInterval > 0, restartInterval % width != 0 {
            // libjpeg-turbo enforces the same (T.81 H.1.2.1 restarts predictors per row).
            throw JPEGLosslessFailure("restart interval \(restartInterval) is not a multiple of the "
                                      + "\(width) samples per row")
        }
        position += length

        guard let base = input.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            throw JPEGLosslessFailure("the frame is empty")
        }
        var scan = LosslessScan(
            input: input, base: base, position: position, planes: planes, width: width, height: height,
            components: scanComponents, predictor: predictor,
            initialPrediction: 1 << (precision - pointTransform - 1), restartInterval: restartInterval)
        position = try scan.run()
        for component in scanComponents {
            components[component.index].decoded = true
            components[component.index].pointTransform = pointTransform
        }
    }

    private func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }

    // MARK: Output

    /// Interleaves the planes into little-endian containers, undoing the point transform and
    /// normalising the bits above Bits Stored.
    private func writeOutput(from planes: UnsafeMutablePointer<UInt16>, into output: inout [UInt8]) {
        output.withUnsafeMutableBytes { raw in
            switch description.bytesPerSample {
            case 1: write(planes, raw, as: UInt8.self, Int8.self)
            case 2: write(planes, raw, as: UInt16.self, Int16.self)
            default: write(planes, raw, as: UInt32.self, Int32.self)
            }
        }
    }

    private func write<U: FixedWidthInteger & UnsignedInteger, S: FixedWidthInteger & SignedInteger>(
        _ planes: UnsafeMutablePointer<UInt16>, _ raw: UnsafeMutableRawBufferPointer,
        as _: U.Type, _: S.Type
    ) {
        let pixels = width * height
        let stride = components.count
        let shift = unusedBits(U.bitWidth)
        let signed = description.isSigned
        raw.withMemoryRebound(to: U.self) { out in
            guard let out = out.baseAddress else { return }
            for (c, component) in components.enumerated() {
                let plane = planes + c * pixels
                let pt = component.pointTransform
                var o = out + c
                if signed {
                    for i in 0..<pixels {
                        let value = U(truncatingIfNeeded: Int(plane[i]) &<< pt) &<< shift
                        o.pointee = U(truncatingIfNeeded: S(truncatingIfNeeded: value) &>> shift).littleEndian
                        o += stride
                    }
                } else {
                    for i in 0..<pixels {
                        let value = U(truncatingIfNeeded: Int(plane[i]) &<< pt) &<< shift
                        o.pointee = (value &>> shift).littleEndian
                        o += stride
                    }
                }
            }
        }
    }

    /// The direct path's equivalent of `write`: the samples are already in place.
    private func normalizeInPlace(_ output: inout [UInt8]) {
        let pt = components.first?.pointTransform ?? 0
        let shift = unusedBits(16)
        guard pt > 0 || shift > 0 else { return }
        let signed = description.isSigned
        output.withUnsafeMutableBytes { raw in
            raw.withMemoryRebound(to: UInt16.self) { samples in
                if signed {
                    for i in samples.indices {
                        let value = (samples[i] &<< pt) &<< shift
                        samples[i] = UInt16(bitPattern: Int16(bitPattern: value) &>> shift)
                    }
                } else {
                    for i in samples.indices {
                        samples[i] = ((samples[i] &<< pt) &<< shift) &>> shift
                    }
                }
            }
        }
    }

    /// Container bits above Bits Stored, which pydicom clears or sign-fills.
    private func unusedBits(_ containerBits: Int) -> Int {
        let stored = description.bitsStored
        return stored > 0 && stored < containerBits ? containerBits - stored : 0
    }
}
