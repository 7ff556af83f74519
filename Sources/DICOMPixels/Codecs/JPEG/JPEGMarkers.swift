/// Shared pieces of the DCT-based JPEG decoders (ITU-T T.81): marker parsing, Huffman
/// decoding, IDCT and chroma upsampling. Everything lives under this namespace so that the
/// lossless JPEG decoder in the same module can use its own, differently tuned types.
enum JPEGDCT {
    /// Why a DCT JPEG codestream could not be decoded; becomes `PixelDataError.corruptFrame`.
    struct Failure: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// Marker codes (the byte after 0xFF) used by the parser.
    enum Marker {
        static let sof0: UInt8 = 0xC0   // baseline DCT, Huffman
        static let sof1: UInt8 = 0xC1   // extended sequential DCT, Huffman
        static let sof2: UInt8 = 0xC2   // progressive DCT, Huffman
        static let sof3: UInt8 = 0xC3   // lossless, Huffman
        static let dht: UInt8 = 0xC4
        static let dac: UInt8 = 0xCC
        static let soi: UInt8 = 0xD8
        static let eoi: UInt8 = 0xD9
        static let sos: UInt8 = 0xDA
        static let dqt: UInt8 = 0xDB
        static let dnl: UInt8 = 0xDC
        static let dri: UInt8 = 0xDD
        static let tem: UInt8 = 0x01

        static func isRST(_ m: UInt8) -> Bool { m >= 0xD0 && m <= 0xD7 }
        static func isSOF(_ m: UInt8) -> Bool { m >= 0xC0 && m <= 0xCF && m != dht && m != 0xC8 && m != dac }

        /// A short name for error messages, e.g. "SOF2 (progressive DCT, Huffman)".
        static func describeSOF(_ m: UInt8) -> String {
            switch m {
            case 0xC0: "SOF0 (baseline DCT)"
            case 0xC1: "SOF1 (extended sequential DCT, Huffman)"
            case 0xC2: "SOF2 (progressive DCT, Huffman)"
            case 0xC3: "SOF3 (lossless, Huffman)"
            case 0xC5: "SOF5 (differential sequential DCT, hierarchical)"
            case 0xC6: "SOF6 (differential progressive DCT, hierarchical)"
            case 0xC7: "SOF7 (differential lossless, hierarchical)"
            case 0xC9: "SOF9 (extended sequential DCT, arithmetic)"
            case 0xCA: "SOF10 (progressive DCT, arithmetic)"
            case 0xCB: "SOF11 (lossless, arithmetic)"
            case 0xCD: "SOF13 (differential sequential DCT, arithmetic)"
            case 0xCE: "SOF14 (differential progressive DCT, arithmetic)"
            case 0xCF: "SOF15 (differential lossless, arithmetic)"
            default: "SOF marker 0xFF\(hex(m))"
            }
        }
    }

    /// One component as declared in the frame header.
    struct ComponentSpec: Equatable {
        var id: UInt8
        var h: Int
        var v: Int
        var quantTable: Int
    }

    /// The frame header (SOFn segment) plus the markers seen before it that affect colour.
    struct FrameHeader: Equatable {
        var marker: UInt8
        var precision: Int
        var height: Int
        var width: Int
        var components: [ComponentSpec]
        /// Byte offset of the SOF marker in the codestream.
        var offset: Int
    }

    /// Reads the big-endian 16-bit value at `offset`; the caller has checked bounds.
    @inline(__always)
    static func be16(_ p: UnsafePointer<UInt8>, _ offset: Int) -> Int {
        Int(p[offset]) << 8 | Int(p[offset + 1])
    }

    static func hex(_ v: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(v >> 4)], digits[Int(v & 15)]])
    }

    /// Walks marker segments from `start` to the next marker, returning its code and the
    /// offset of its 0xFF. Bytes that are not a marker are skipped, as libjpeg does
    /// ("extraneous bytes before marker").
    static func nextMarker(_ p: UnsafePointer<UInt8>, count: Int, from start: Int) -> (marker: UInt8, offset: Int)? {
        var i = start
        while i + 1 < count {
            if p[i] == 0xFF {
                var j = i + 1
                while j < count && p[j] == 0xFF { j += 1 }   // fill bytes
                guard j < count else { return nil }
                let m = p[j]
                if m != 0x00 { return (m, j - 1) }
                i = j + 1
            } else {
                i += 1
            }
        }
        return nil
    }

    /// The length field of the marker segment whose 0xFF is at `offset`, validated against
    /// the buffer. Returns the offset just past the segment.
    static func segmentEnd(_ p: UnsafePointer<UInt8>, count: Int, markerAt offset: Int) throws(Failure) -> Int {
        guard offset + 4 <= count else {
            throw Failure("the codestream ends inside the marker segment 0xFF\(hex(p[offset + 1]))")
        }
        let length = be16(p, offset + 2)
        guard length >= 2, offset + 2 + length <= count else {
            throw Failure("marker segment 0xFF\(hex(p[offset + 1])) at byte \(offset) declares \(length) bytes, "
                          + "past the end of the \(count)-byte codestream")
        }
        return offset + 2 + length
    }

    /// Parses a SOFn segment whose marker is at `offset`.
    static func parseFrameHeader(_ p: UnsafePointer<UInt8>, count: Int, markerAt offset: Int) throws(Failure) -> FrameHeader {
        let end = try segmentEnd(p, count: count, markerAt: offset)
        let marker = p[offset + 1]
        guard end - offset >= 10 else { throw Failure("the \(Marker.describeSOF(marker)) segment is too short") }
        let precision = Int(p[offset + 4])
        let height = be16(p, offset + 5)
        let width = be16(p, offset + 7)
        let nf = Int(p[offset + 9])
        guard nf >= 1, end - offset == 10 + 3 * nf else {
            throw Failure("the \(Marker.describeSOF(marker)) segment declares \(nf) components but is \(end - offset - 2) bytes long")
        }
        var components: [ComponentSpec] = []
        components.reserveCapacity(nf)
        for i in 0..<nf {
            let b = offset + 10 + 3 * i
            let h = Int(p[b + 1] >> 4), v = Int(p[b + 1] & 15)
            guard (1...4).contains(h), (1...4).contains(v) else {
                throw Failure("component \(p[b]) has sampling factors \(h)x\(v); each must be 1 to 4")
            }
            let tq = Int(p[b + 2])
            guard tq <= 3 else { throw Failure("component \(p[b]) uses quantization table \(tq); tables are 0 to 3") }
            if components.contains(where: { $0.id == p[b] }) {
                throw Failure("component identifier \(p[b]) appears twice in the frame header")
            }
            components.append(ComponentSpec(id: p[b], h: h, v: v, quantTable: tq))
        }
        return FrameHeader(marker: marker, precision: precision, height: height, width: width,
                           components: components, offset: offset)
    }

    /// Finds and parses the frame header without decoding anything else, so a caller can
    /// choose a decoder by precision and process.
    static func readFrameHeader(_ data: UnsafeRawBufferPointer) throws(Failure) -> FrameHeader {
        guard let base = data.baseAddress, data.count >= 4 else {
            throw Failure("the frame has \(data.count) bytes, too few for a JPEG codestream")
        }
        let p = base.assumingMemoryBound(to: UInt8.self)
        let count = data.count
        guard p[0] == 0xFF, p[1] == Marker.soi else {
            throw Failure("the frame does not start with a JPEG SOI marker (found 0x\(hex(p[0]))\(hex(p[1])))")
        }
        var position = 2
        while let (marker, at) = nextMarker(p, count: count, from: position) {
            if Marker.isSOF(marker) { return try parseFrameHeader(p, count: count, markerAt: at) }
            switch marker {
            case Marker.soi, Marker.tem, 0xD0...0xD7:
                position = at + 2
            case Marker.eoi:
                throw Failure("the codestream ends (EOI) before any frame header")
            case Marker.sos:
                throw Failure("a scan (SOS) starts before the frame header")
            default:
                position = try segmentEnd(p, count: count, markerAt: at)
            }
        }
        throw Failure("the codestream has no frame header (SOFn marker)")
    }
}
