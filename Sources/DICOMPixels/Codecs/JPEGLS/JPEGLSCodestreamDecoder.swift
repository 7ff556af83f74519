import DICOM

/// The Swift JPEG-LS decoder (ITU-T T.87 / ISO 14495-1): reads the markers of a codestream
/// and decodes its scans straight into the caller's frame.
///
/// Handles SOI, SOF55, LSE preset parameters (type 1), DRI with RSTm restart markers,
/// COM and APPn (skipped), SOS and EOI; 2 to 16 bits, lossless and near-lossless, default
/// or custom thresholds and RESET, 1 or 3 components in any interleave mode.
///
/// Declines, with an ``JPEGLSFailure/isUnsupported`` failure, well-formed codestreams using
/// what it does not implement: LSE mapping tables (types 2 and 3) and the components that
/// use them, a MAXVAL below 2^P − 1 (where CharLS departs from T.87, see
/// ``JPEGLSCodingParameters``), oversize dimensions (LSE type 4) or a height left to later
/// (DNL), point transforms, subsampled components, the HP colour transform (APP8 "mrfx"),
/// RESET values whose statistics overflow 32 bits, and markers of other JPEG processes.
enum JPEGLSCodestreamDecoder {
    static func decode(_ input: UnsafeRawBufferPointer, description: PixelDescription,
                       into output: UnsafeMutableRawBufferPointer) throws(JPEGLSFailure) {
        guard let base = input.baseAddress?.assumingMemoryBound(to: UInt8.self), input.count > 0 else {
            throw JPEGLSFailure("the frame is empty")
        }
        let segments = JPEGLSSegmentReader(base: base, count: input.count)
        var (code, position) = try segments.marker(at: 0)
        guard code == 0xD8 else { throw JPEGLSFailure("the codestream does not start with an SOI marker") }

        var frame: JPEGLSFrameHeader?
        var writer: JPEGLSSampleWriter?
        var preset = JPEGLSPresetParameters()
        var restartInterval = 0
        var decoded: [Bool] = []
        while true {
            (code, position) = try segments.marker(at: position)
            switch code {
            case 0xD9:
                guard frame != nil, !decoded.contains(false) else {
                    throw JPEGLSFailure("the codestream ends before every component has been decoded")
                }
                return
            case 0xDA:
                guard let frame, let writer else { throw JPEGLSFailure("a scan comes before the frame header") }
                let length = try segmentLength(segments, position)
                let scan = try parseScan(segments, position, length, frame: frame, decoded: decoded)
                let parameters = try JPEGLSCodingParameters(precision: frame.precision, near: scan.near, preset: preset)
                let reader = JPEGLSBitReader(base: base, end: input.count, position: position + length)
                position = try JPEGLSScanDecoder.decode(scan, frame: frame, parameters: parameters, reader: reader,
                                                        restartInterval: restartInterval, into: writer)
                for component in scan.components { decoded[component] = true }
                continue
            case 0xF7:
                guard frame == nil else { throw JPEGLSFailure("the codestream has a second frame header") }
                let header = try parseFrame(segments, position, try segmentLength(segments, position))
                try check(header, against: description)
                let sampleCount = header.rows * header.columns * header.componentIDs.count
                guard output.count == sampleCount * description.bytesPerSample else {
                    throw JPEGLSFailure("the output holds \(output.count) bytes; a frame of \(sampleCount) samples of "
                                        + "\(description.bytesPerSample) bytes needs \(sampleCount * description.bytesPerSample)")
                }
                guard let out = output.baseAddress else { throw JPEGLSFailure("the frame has no samples") }
                frame = header
                writer = JPEGLSSampleWriter(output: out, columns: header.columns,
                                            samplesPerPixel: header.componentIDs.count,
                                            bytesPerSample: description.bytesPerSample,
                                            precision: header.precision, isSigned: description.isSigned)
                decoded = Array(repeating: false, count: header.componentIDs.count)
            case 0xF8:
                try parsePresets(segments, position, try segmentLength(segments, position), into: &preset)
            case 0xDD:
                let length = try segmentLength(segments, position)
                guard (4...6).contains(length) else { throw JPEGLSFailure("the DRI segment has length \(length)") }
                restartInterval = try segments.number(position + 2, length: length - 2)
            case 0xE8:
                let length = try segmentLength(segments, position)
                // The HP colour transform ("mrfx", then a non-zero transform id) is not T.87.
                if length >= 7, try segments.number(position + 2, length: 4) == 0x6D72_6678,
                   try segments.byte(position + 6) != 0 {
                    throw JPEGLSFailure(unsupported: "the HP colour transform (APP8 \"mrfx\")")
                }
            case 0xE0...0xEF, 0xFE:
                break
            case 0xD8:
                throw JPEGLSFailure("the codestream has a second SOI marker")
            case 0xD0...0xD7:
                throw JPEGLSFailure("a restart marker appears outside a scan")
            default:
                throw JPEGLSFailure(unsupported: "marker 0xFF\(String(code, radix: 16, uppercase: true))")
            }
            position += try segmentLength(segments, position)
        }
    }

    /// The length of the segment starting at `position` (its length field included), checked
    /// to fit the codestream.
    private static func segmentLength(_ segments: JPEGLSSegmentReader, _ position: Int) throws(JPEGLSFailure) -> Int {
        let length = try segments.uint16(position)
        guard length >= 2, position + length <= segments.count else {
            throw JPEGLSFailure("a marker segment of \(length) bytes does not fit the codestream")
        }
        return length
    }

    private static func parseFrame(_ segments: JPEGLSSegmentReader, _ position: Int,
                                   _ length: Int) throws(JPEGLSFailure) -> JPEGLSFrameHeader {
        let precision = try segments.byte(position + 2)
        let rows = try segments.uint16(position + 3), columns = try segments.uint16(position + 5)
        let count = try segments.byte(position + 7)
        guard count >= 1, length == 8 + 3 * count else {
            throw JPEGLSFailure("the frame header's length \(length) does not fit \(count) components")
        }
        guard (2...16).contains(precision) else {
            throw JPEGLSFailure("the codestream's sample precision \(precision) is outside 2...16")
        }
        guard rows > 0, columns > 0 else {
            throw JPEGLSFailure(unsupported: "image dimensions given outside the frame header (DNL or LSE type 4)")
        }
        var ids: [UInt8] = []
        for i in 0..<count {
            let id = UInt8(try segments.byte(position + 8 + 3 * i))
            guard !ids.contains(id) else { throw JPEGLSFailure("the frame header lists component \(id) twice") }
            guard try segments.byte(position + 9 + 3 * i) == 0x11 else {
                throw JPEGLSFailure(unsupported: "subsampled components")
            }
            ids.append(id)
        }
        return JPEGLSFrameHeader(precision: precision, rows: rows, columns: columns, componentIDs: ids)
    }

    /// Reads the frame header (SOF55) and checks it against the data set without decoding:
    /// what must hold before memory for the frame is allocated.
    static func checkFrameHeader(_ input: UnsafeRawBufferPointer, description: PixelDescription) throws(JPEGLSFailure) {
        guard let base = input.baseAddress?.assumingMemoryBound(to: UInt8.self), input.count > 0 else {
            throw JPEGLSFailure("the frame is empty")
        }
        let segments = JPEGLSSegmentReader(base: base, count: input.count)
        var (code, position) = try segments.marker(at: 0)
        guard code == 0xD8 else { throw JPEGLSFailure("the codestream does not start with an SOI marker") }
        while true {
            (code, position) = try segments.marker(at: position)
            switch code {
            case 0xF7:
                try check(try parseFrame(segments, position, try segmentLength(segments, position)), against: description)
                return
            case 0xF8, 0xDD, 0xE0...0xEF, 0xFE:
                position += try segmentLength(segments, position)
            case 0xD0...0xDA:
                throw JPEGLSFailure(code == 0xDA ? "a scan comes before the frame header"
                    : "the codestream has no frame header (SOF55) before marker 0xFF\(String(code, radix: 16, uppercase: true))")
            default:
                throw JPEGLSFailure(unsupported: "marker 0xFF\(String(code, radix: 16, uppercase: true))")
            }
        }
    }

    /// Everything the frame header says is checked against the data set before any sample is written.
    private static func check(_ frame: JPEGLSFrameHeader, against description: PixelDescription) throws(JPEGLSFailure) {
        guard frame.columns == description.columns, frame.rows == description.rows else {
            throw JPEGLSFailure("the codestream is \(frame.columns)x\(frame.rows) but the data set says "
                                + "\(description.columns)x\(description.rows) (Columns x Rows)")
        }
        guard frame.componentIDs.count == description.samplesPerPixel else {
            throw JPEGLSFailure("the codestream has \(frame.componentIDs.count) components but Samples per Pixel "
                                + "is \(description.samplesPerPixel)")
        }
        guard frame.precision <= 8 * description.bytesPerSample else {
            throw JPEGLSFailure("the codestream's \(frame.precision)-bit samples do not fit Bits Allocated "
                                + "\(description.bitsAllocated)")
        }
    }

    private static func parseScan(_ segments: JPEGLSSegmentReader, _ position: Int, _ length: Int,
                                  frame: JPEGLSFrameHeader, decoded: [Bool]) throws(JPEGLSFailure) -> JPEGLSScanHeader {
        let count = try segments.byte(position + 2)
        guard count >= 1, length == 6 + 2 * count else {
            throw JPEGLSFailure("the scan header's length \(length) does not fit \(count) components")
        }
        var components: [Int] = []
        for i in 0..<count {
            let id = UInt8(try segments.byte(position + 3 + 2 * i))
            guard let index = frame.componentIDs.firstIndex(of: id), !components.contains(index), !decoded[index] else {
                throw JPEGLSFailure("the scan names component \(id), which the frame lacks or another scan has coded")
            }
            guard try segments.byte(position + 4 + 2 * i) == 0 else {
                throw JPEGLSFailure(unsupported: "mapping tables (LSE types 2 and 3)")
            }
            components.append(index)
        }
        let tail = position + 3 + 2 * count
        let near = try segments.byte(tail)
        guard let interleave = JPEGLSInterleave(rawValue: try segments.byte(tail + 1)) else {
            throw JPEGLSFailure("the scan's interleave mode \(try segments.byte(tail + 1)) is not 0, 1 or 2")
        }
        guard try segments.byte(tail + 2) & 0x0F == 0 else {
            throw JPEGLSFailure(unsupported: "a point transform")
        }
        guard count == 1 || interleave != .none else {
            throw JPEGLSFailure("a scan of \(count) components has interleave mode none")
        }
        // With one component every interleave mode codes the same way.
        return JPEGLSScanHeader(components: components, near: near, interleave: count == 1 ? .none : interleave)
    }

    private static func parsePresets(_ segments: JPEGLSSegmentReader, _ position: Int, _ length: Int,
                                     into preset: inout JPEGLSPresetParameters) throws(JPEGLSFailure) {
        switch try segments.byte(position + 2) {
        case 1:
            guard length == 13 else { throw JPEGLSFailure("the preset parameters segment has length \(length), not 13") }
            preset = JPEGLSPresetParameters(maxValue: try segments.uint16(position + 3), t1: try segments.uint16(position + 5),
                                            t2: try segments.uint16(position + 7), t3: try segments.uint16(position + 9),
                                            reset: try segments.uint16(position + 11))
        case 2, 3:
            throw JPEGLSFailure(unsupported: "mapping tables (LSE types 2 and 3)")
        case 4:
            throw JPEGLSFailure(unsupported: "oversize image dimensions (LSE type 4)")
        case let id:
            throw JPEGLSFailure("the LSE segment has an unknown type \(id)")
        }
    }
}
