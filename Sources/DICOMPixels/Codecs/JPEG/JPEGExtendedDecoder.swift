import DICOM

/// Decodes JPEG Extended frames (transfer syntax 1.2.840.10008.1.2.4.51, processes 2 and 4):
/// sequential DCT with Huffman coding at 8- or 12-bit precision.
///
/// Debian's libjpeg-turbo 2.1.5 has no 12-bit API, so 12-bit codestreams are decoded in
/// Swift: baseline and extended Huffman tables, any integral sampling factors, interleaved
/// and one-scan-per-component frames, restart intervals, 8- and 16-bit quantization tables,
/// and libjpeg's integer IDCT, which makes the output bit-identical to the IJG 12-bit
/// decoder (DCMTK's dcmdjpeg) and within ±2 of pydicom's pylibjpeg-libjpeg. 12-bit
/// progressive, arithmetic-coded, lossless and hierarchical codestreams give
/// `PixelDataError.corruptFrame` naming the unsupported process. 8-bit codestreams go
/// through libturbojpeg, exactly like ``JPEGBaselineDecoder``.
///
/// The output is what pydicom's `pixel_array(..., raw=True)` returns: components in the
/// codestream's colour space (no YCbCr→RGB conversion), interleaved, in little-endian
/// containers of Bits Allocated; bits above Bits Stored are masked or sign-extended.
///
/// ```swift
/// let pixels = try JPEGExtendedDecoder().decode(frame, description: description,
///                                               transferSyntax: JPEGExtendedDecoder.transferSyntaxUID)
/// ```
public struct JPEGExtendedDecoder: FrameDecoder {
    /// The transfer syntax this decoder handles.
    public static let transferSyntaxUID = "1.2.840.10008.1.2.4.51"

    public init() {}

    public func decode(_ frame: EncodedFrame, description: PixelDescription,
                       transferSyntax: String) throws(PixelDataError) -> [UInt8] {
        try JPEGDCT.decodeFrame(frame, description: description, transferSyntax: transferSyntax)
    }
}

extension JPEGDCT {
    /// T.81 Figure A.6: zig-zag index → natural (row-major) index.
    static let naturalOrder: [Int] = [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
        12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
        58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
    ]

    /// Decodes a sequential DCT, Huffman-coded codestream (SOF0 or SOF1, 8- or 12-bit).
    /// `expectedWidth`/`expectedHeight` must match the frame header; they are checked before
    /// any plane is allocated so a corrupt header cannot ask for gigabytes.
    static func decodeSequential(_ data: UnsafeRawBufferPointer, expectedWidth: Int,
                                 expectedHeight: Int) throws(Failure) -> SequentialState {
        guard let raw = data.baseAddress, data.count >= 4 else {
            throw Failure("the frame has \(data.count) bytes, too few for a JPEG codestream")
        }
        let p = raw.assumingMemoryBound(to: UInt8.self)
        let count = data.count
        guard p[0] == 0xFF, p[1] == Marker.soi else {
            throw Failure("the frame does not start with a JPEG SOI marker")
        }

        var quantTables = [[Int32]?](repeating: nil, count: 4)
        var dcTables = [HuffmanTable?](repeating: nil, count: 4)
        var acTables = [HuffmanTable?](repeating: nil, count: 4)
        var restartInterval = 0
        var state: SequentialState?
        var position = 2
        var scans = 0

        parsing: while let (marker, at) = nextMarker(p, count: count, from: position) {
            switch marker {
            case Marker.sof0, Marker.sof1:
                guard state == nil else { throw Failure("the codestream has a second frame header") }
                let header = try parseFrameHeader(p, count: count, markerAt: at)
                guard header.precision == 8 || header.precision == 12 else {
                    throw Failure("DCT sample precision \(header.precision) is not 8 or 12")
                }
                guard header.height > 0 else {
                    throw Failure("the frame header gives 0 lines (height set by a DNL marker), which is not supported")
                }
                guard header.width == expectedWidth, header.height == expectedHeight else {
                    throw Failure("the codestream is \(header.width)x\(header.height) but the data set says "
                                  + "\(expectedWidth)x\(expectedHeight) (Columns x Rows)")
                }
                state = SequentialState(header: header)
                position = try segmentEnd(p, count: count, markerAt: at)
            case _ where Marker.isSOF(marker):
                throw Failure("\(Marker.describeSOF(marker)) is not supported; only sequential DCT with Huffman "
                              + "coding (SOF0, SOF1) is")
            case Marker.dht:
                let end = try segmentEnd(p, count: count, markerAt: at)
                var i = at + 4
                while i < end {
                    let tc = Int(p[i] >> 4), th = Int(p[i] & 15)
                    guard tc <= 1, th <= 3, i + 17 <= end else { throw Failure("a DHT segment is malformed") }
                    var counts = [Int](repeating: 0, count: 16)
                    for k in 0..<16 { counts[k] = Int(p[i + 1 + k]) }
                    let total = counts.reduce(0, +)
                    guard i + 17 + total <= end else { throw Failure("a DHT segment is shorter than its code counts say") }
                    let symbols = Array(UnsafeBufferPointer(start: p + i + 17, count: total))
                    let table = try HuffmanTable(counts: counts, symbols: symbols)
                    if tc == 0 { dcTables[th] = table } else { acTables[th] = table }
                    i += 17 + total
                }
                position = end
            case Marker.dqt:
                let end = try segmentEnd(p, count: count, markerAt: at)
                var i = at + 4
                while i < end {
                    let pq = Int(p[i] >> 4), tq = Int(p[i] & 15)
                    let size = pq == 0 ? 64 : 128
                    guard pq <= 1, tq <= 3, i + 1 + size <= end else { throw Failure("a DQT segment is malformed") }
                    var table = [Int32](repeating: 0, count: 64)
                    for k in 0..<64 {
                        let v = pq == 0 ? Int32(p[i + 1 + k]) : Int32(be16(p, i + 1 + 2 * k))
                        table[naturalOrder[k]] = v
                    }
                    quantTables[tq] = table
                    i += 1 + size
                }
                position = end
            case Marker.dri:
                let end = try segmentEnd(p, count: count, markerAt: at)
                guard end - at == 6 else { throw Failure("a DRI segment is malformed") }
                restartInterval = be16(p, at + 4)
                position = end
            case Marker.sos:
                guard let state else { throw Failure("a scan (SOS) starts before the frame header") }
                let end = try segmentEnd(p, count: count, markerAt: at)
                position = try state.decodeScan(p, count: count, header: at, headerEnd: end,
                                                 quantTables: quantTables, dcTables: dcTables,
                                                 acTables: acTables, restartInterval: restartInterval)
                scans += 1
            case Marker.eoi:
                break parsing
            case Marker.dnl:
                throw Failure("DNL markers are not supported")
            case Marker.soi, Marker.tem, 0xD0...0xD7:
                position = at + 2
            default:
                position = try segmentEnd(p, count: count, markerAt: at)
            }
        }

        guard let state else { throw Failure("the codestream has no frame header (SOFn marker)") }
        guard scans > 0 else { throw Failure("the codestream has no scan") }
        if let missing = state.header.components.indices.first(where: { !state.decoded[$0] }) {
            throw Failure("component \(state.header.components[missing].id) is never coded in a scan")
        }
        return state
    }

    /// The component planes of one frame, filled scan by scan, at their own resolutions.
    final class SequentialState {
        let header: FrameHeader
        let idct: IDCT
        let mcusX: Int
        let mcusY: Int
        /// One plane per frame component, `strides[c]` samples per row, covering whole MCUs.
        private(set) var planes: [UnsafeMutablePointer<UInt16>]
        private(set) var strides: [Int]
        /// libjpeg's downsampled_width / downsampled_height of each component.
        private(set) var widths: [Int]
        private(set) var heights: [Int]
        /// Max sampling factor / the component's, or 0 when that is not an integer.
        private(set) var hExpand: [Int]
        private(set) var vExpand: [Int]
        private(set) var decoded: [Bool]
        /// Quantization tables latched when each component's first scan starts (T.81 allows
        /// a table to be redefined afterwards for other components).
        var quant: [[Int32]?]

        init(header: FrameHeader) {
            self.header = header
            idct = IDCT(precision: header.precision)
            let hmax = header.components.map(\.h).max() ?? 1
            let vmax = header.components.map(\.v).max() ?? 1
            mcusX = (header.width + 8 * hmax - 1) / (8 * hmax)
            mcusY = (header.height + 8 * vmax - 1) / (8 * vmax)
            planes = []
            strides = []
            widths = []
            heights = []
            hExpand = []
            vExpand = []
            for c in header.components {
                // Planes cover whole MCUs so interleaved scans can write every block.
                let stride = mcusX * c.h * 8
                let size = stride * mcusY * c.v * 8
                let plane = UnsafeMutablePointer<UInt16>.allocate(capacity: size)
                plane.initialize(repeating: 0, count: size)
                planes.append(plane)
                strides.append(stride)
                widths.append((header.width * c.h + hmax - 1) / hmax)
                heights.append((header.height * c.v + vmax - 1) / vmax)
                // A non-integral ratio (e.g. 3:2) is rejected later when the planes are expanded.
                hExpand.append(hmax % c.h == 0 ? hmax / c.h : 0)
                vExpand.append(vmax % c.v == 0 ? vmax / c.v : 0)
            }
            decoded = [Bool](repeating: false, count: header.components.count)
            quant = [[Int32]?](repeating: nil, count: header.components.count)
        }

        deinit {
            for plane in planes { plane.deallocate() }
        }

        /// Read-only views of the planes for upsampling; valid while `self` is alive.
        var views: [PlaneView<UInt16>] {
            planes.indices.map {
                PlaneView(base: UnsafePointer(planes[$0]), stride: strides[$0], width: widths[$0],
                          height: heights[$0], hExpand: hExpand[$0], vExpand: vExpand[$0])
            }
        }

        /// Decodes the scan whose SOS marker is at `header`; returns the offset of the marker
        /// that follows its entropy-coded data.
        func decodeScan(_ p: UnsafePointer<UInt8>, count: Int, header at: Int, headerEnd end: Int,
                                 quantTables: [[Int32]?], dcTables: [HuffmanTable?], acTables: [HuffmanTable?],
                                 restartInterval: Int) throws(Failure) -> Int {
            guard end - at >= 6 else { throw Failure("an SOS segment is too short") }
            let ns = Int(p[at + 4])
            guard (1...4).contains(ns), end - at == 8 + 2 * ns else {
                throw Failure("an SOS segment declares \(ns) components but is \(end - at - 2) bytes long")
            }
            // Ss, Se, Ah/Al must be 0, 63, 0 for sequential scans; like libjpeg, other values
            // are ignored rather than rejected (some archived files carry them).
            var members: [(index: Int, dc: HuffmanTable, ac: HuffmanTable, quant: [Int32])] = []
            for k in 0..<ns {
                let cs = p[at + 5 + 2 * k]
                let td = Int(p[at + 6 + 2 * k] >> 4), ta = Int(p[at + 6 + 2 * k] & 15)
                guard let index = header.components.firstIndex(where: { $0.id == cs }) else {
                    throw Failure("a scan refers to component \(cs), which the frame header does not declare")
                }
                guard !members.contains(where: { $0.index == index }) else {
                    throw Failure("a scan lists component \(cs) twice")
                }
                guard td <= 3, ta <= 3, let dc = dcTables[td], let ac = acTables[ta] else {
                    throw Failure("a scan uses Huffman tables DC \(td) / AC \(ta), which are not defined")
                }
                let latched: [Int32]
                if let table = quant[index] {
                    latched = table
                } else {
                    let tq = header.components[index].quantTable
                    guard let table = quantTables[tq] else {
                        throw Failure("component \(cs) uses quantization table \(tq), which is not defined")
                    }
                    quant[index] = table
                    latched = table
                }
                members.append((index, dc, ac, latched))
            }
            if ns > 1 {
                let blocks = members.reduce(0) { $0 + header.components[$1.index].h * header.components[$1.index].v }
                guard blocks <= 10 else { throw Failure("an interleaved scan has \(blocks) blocks per MCU; at most 10 are allowed") }
            }

            var reader = BitReader(p, count: count, position: end)
            var predictions = [Int](repeating: 0, count: ns)
            let coefficients = UnsafeMutablePointer<Int32>.allocate(capacity: 64)
            let workspace = UnsafeMutablePointer<Int>.allocate(capacity: 64)
            defer { coefficients.deallocate(); workspace.deallocate() }

            // Non-interleaved scans cover only the component's own blocks; interleaved ones
            // cover whole MCUs (T.81 A.2).
            let single = members[0].index
            let mcuCount: Int
            let blocksWide: Int
            if ns == 1 {
                blocksWide = (widths[single] + 7) / 8
                mcuCount = blocksWide * ((heights[single] + 7) / 8)
            } else {
                blocksWide = mcusX
                mcuCount = mcusX * mcusY
            }

            for mcu in 0..<mcuCount {
                if restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0 {
                    guard !reader.overran else { throw Self.truncated }
                    guard let (marker, _) = reader.nextMarker(), Marker.isRST(marker) else {
                        throw Failure("a restart marker is missing after MCU \(mcu)")
                    }
                    for k in 0..<ns { predictions[k] = 0 }
                }
                let mcuRow = mcu / blocksWide, mcuCol = mcu % blocksWide
                for (k, member) in members.enumerated() {
                    let spec = header.components[member.index]
                    let h = ns == 1 ? 1 : spec.h, v = ns == 1 ? 1 : spec.v
                    for by in 0..<v {
                        for bx in 0..<h {
                            try decodeBlock(&reader, dc: member.dc, ac: member.ac, prediction: &predictions[k],
                                            quant: member.quant, into: coefficients)
                            let row = (mcuRow * v + by) * 8, col = (mcuCol * h + bx) * 8
                            let stride = strides[member.index]
                            idct.transform(coefficients, workspace: workspace,
                                           into: planes[member.index] + row * stride + col, stride: stride)
                        }
                    }
                }
                guard !reader.overran else { throw Self.truncated }
            }
            for member in members { decoded[member.index] = true }
            guard let (_, next) = reader.nextMarker() else { return count }
            return next
        }

        static let truncated = Failure("the entropy-coded data ends early (truncated or corrupt codestream)")

        /// Decodes one block's DC difference and AC coefficients (T.81 F.2.2), dequantized,
        /// into `block` in natural order.
        @inline(__always)
        private func decodeBlock(_ reader: inout BitReader, dc: HuffmanTable, ac: HuffmanTable,
                                 prediction: inout Int, quant: [Int32],
                                 into block: UnsafeMutablePointer<Int32>) throws(Failure) {
            block.update(repeating: 0, count: 64)
            reader.fill()
            let s = try dc.decode(&reader)
            guard s <= 16 else { throw Failure("a DC difference category of \(s) is invalid") }
            prediction = prediction &+ reader.receiveExtend(s)
            block[0] = Int32(truncatingIfNeeded: prediction &* Int(quant[0]))
            var k = 1
            while k < 64 {
                if reader.bitCount < 32 { reader.fill() }
                let rs = try ac.decode(&reader)
                let r = rs >> 4, size = rs & 15
                if size == 0 {
                    if r != 15 { break }   // end of block
                    k += 16
                    continue
                }
                k += r
                guard k < 64 else { throw Failure("AC coefficients run past the end of an 8x8 block") }
                let z = naturalOrder[k]
                block[z] = Int32(truncatingIfNeeded: reader.receiveExtend(size) &* Int(quant[z]))
                k += 1
            }
        }
    }
}
