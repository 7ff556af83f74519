#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The structure of a JPEG 2000 codestream (ISO/IEC 15444-1 Annex A, with the HTJ2K code-block
/// style of ISO/IEC 15444-15), read without decoding: the image and component sizes from SIZ,
/// the coding style from COD, the quantization style from QCD, and the chain of tile-parts.
///
/// ``HTJ2KDecoder`` reads it to choose a library per frame: OpenJPH decodes what
/// ``openJPHObstacle`` is nil for, OpenJPEG the rest. Reading it is also a structural check
/// OpenJPH 0.9.0 needs: that release aborts the process on some inconsistent headers (a
/// failed assertion) and frees a stray pointer after others, so every marker segment length
/// is checked against what its fields imply, and every tile-part must lie inside the frame,
/// before OpenJPH sees the bytes. A codestream cut short fails here, too.
///
/// ```swift
/// let codestream = try HTJ2KCodestream(bytes)
/// codestream.width                 // 512
/// codestream.isReversible          // true: the 5/3 wavelet
/// codestream.openJPHObstacle       // nil: OpenJPH can decode it
/// ```
struct HTJ2KCodestream {
    /// One component as SIZ declares it.
    struct Component: Equatable {
        var precision: Int
        var isSigned: Bool
        var subsampling: (x: Int, y: Int)

        static func == (a: Component, b: Component) -> Bool {
            a.precision == b.precision && a.isSigned == b.isSigned && a.subsampling == b.subsampling
        }
    }

    /// Image width and height (Xsiz − XOsiz, Ysiz − YOsiz).
    var width: Int
    var height: Int
    /// Whether the image starts at the reference grid's origin (XOsiz = YOsiz = 0).
    var startsAtOrigin: Bool
    var components: [Component]
    /// Rsiz bit 14: the codestream declares HTJ2K capabilities (a CAP segment follows).
    var declaresHT: Bool
    /// Code-block style of COD (SPcod): bit 6 is HT code-blocks, bit 7 mixes them with Part 1 ones.
    var codeBlockStyle: UInt8
    /// The 5/3 reversible wavelet; false for the 9/7 irreversible one.
    var isReversible: Bool
    /// Quantization style of QCD: 0 none, 1 scalar derived, 2 scalar expounded.
    var quantizationStyle: Int
    /// Markers present that OpenJPH 0.9.0 does not implement (COC, QCC, RGN, POC, PPM, CRG in
    /// the main header; coding or quantization markers in a tile-part header), by name.
    var unsupportedMarkers: [String]

    /// HT code-blocks only (not Part 1, not mixed).
    var usesHTCodeBlocks: Bool { codeBlockStyle & 0xC0 == 0x40 }

    /// Why OpenJPH should not decode this codestream, or nil when it can. OpenJPH 0.9.0
    /// decodes HT code-blocks only; 9/7 output rounds differently from OpenJPEG's, which
    /// pydicom uses; precision is capped at 16 bits because deeper samples can exceed what
    /// its 32-bit code-block decoder holds (it then skips passes with only a warning).
    var openJPHObstacle: String? {
        if !declaresHT || !usesHTCodeBlocks { return "the code-blocks are not all HT" }
        if !isReversible { return "the 9/7 irreversible wavelet is used" }
        if quantizationStyle == 1 { return "the quantization is scalar derived" }
        if let marker = unsupportedMarkers.first { return "the codestream has a \(marker) marker" }
        if !startsAtOrigin { return "the image does not start at the origin" }
        if components.contains(where: { $0.precision > 16 }) { return "a component has more than 16 bits" }
        if components.contains(where: { $0.subsampling != (1, 1) }) { return "a component is subsampled" }
        return nil
    }

    /// Reads the codestream's main header and walks its tile-parts.
    ///
    /// - Throws: ``JPEG2000Failure`` naming the first structural fault: a missing SOC or SIZ,
    ///   a marker segment whose length disagrees with its contents, a field outside its
    ///   range, a tile-part that runs past the end of the frame (a truncated frame), a tile
    ///   with no tile-part.
    init(_ bytes: UnsafeRawBufferPointer) throws(JPEG2000Failure) {
        var reader = MarkerReader(bytes)
        guard reader.uint16(at: 0) == 0xFF4F, reader.uint16(at: 2) == 0xFF51 else {
            throw JPEG2000Failure("the frame is not a JPEG 2000 codestream (no SOC followed by SIZ)")
        }
        reader.offset = 2
        let siz = try reader.segment()
        let size = try Self.readSIZ(siz)
        width = size.width
        height = size.height
        startsAtOrigin = size.startsAtOrigin
        components = size.components
        declaresHT = size.rsiz & 0x4000 != 0

        var cod: (style: UInt8, reversible: Bool, levels: Int, packetMarkers: Bool)?
        var qcd: Segment?
        var unsupported: [String] = []
        mainHeader: while true {
            let segment = try reader.segment()
            switch segment.marker {
            case 0xFF90:
                reader.offset = segment.start
                break mainHeader
            case 0xFF52: cod = try Self.readCOD(segment)
            case 0xFF5C: qcd = segment
            case 0xFF50:
                guard segment.length >= 4, let pcap = segment.uint32(at: 0),
                      segment.length == 4 + 2 * pcap.nonzeroBitCount else {
                    throw JPEG2000Failure("the CAP marker segment has the wrong length")
                }
            case 0xFF53: unsupported.append("COC")
            case 0xFF5D: unsupported.append("QCC")
            case 0xFF5E: unsupported.append("RGN")
            case 0xFF5F: unsupported.append("POC")
            case 0xFF60: unsupported.append("PPM")
            case 0xFF63: unsupported.append("CRG")
            case 0xFF55, 0xFF57, 0xFF59, 0xFF64: break   // TLM, PLM, CPF, COM: informative
            default:
                throw JPEG2000Failure("the main header has an unexpected marker \(Self.hex(segment.marker))")
            }
        }
        guard let cod else { throw JPEG2000Failure("the main header has no COD marker segment") }
        guard let qcd else { throw JPEG2000Failure("the main header has no QCD marker segment") }
        codeBlockStyle = cod.style
        isReversible = cod.reversible
        quantizationStyle = try Self.readQCD(qcd, levels: cod.levels)

        try Self.walkTileParts(&reader, tiles: size.tiles, packetMarkers: cod.packetMarkers, unsupported: &unsupported)
        unsupportedMarkers = unsupported
    }

    // MARK: - Marker segments

    private static func readSIZ(_ siz: Segment) throws(JPEG2000Failure)
        -> (rsiz: UInt16, width: Int, height: Int, startsAtOrigin: Bool, tiles: Int, components: [Component])
    {
        guard siz.length >= 36, let rsiz = siz.uint16(at: 0), let count = siz.uint16(at: 34),
              count >= 1, siz.length == 36 + 3 * Int(count) else {
            throw JPEG2000Failure("the SIZ marker segment has the wrong length for its component count")
        }
        // Xsiz, Ysiz, XOsiz, YOsiz, XTsiz, YTsiz, XTOsiz, YTOsiz (A.5.1).
        var fields: [Int] = []
        for i in 0..<8 { fields.append(Int(siz.uint32(at: 2 + 4 * i) ?? 0)) }
        let (xsiz, ysiz, xo, yo, xt, yt, xto, yto) = (fields[0], fields[1], fields[2], fields[3],
                                                      fields[4], fields[5], fields[6], fields[7])
        guard xo < xsiz, yo < ysiz, xt > 0, yt > 0, xto <= xo, yto <= yo, xto + xt > xo, yto + yt > yo else {
            throw JPEG2000Failure("the SIZ marker segment has an inconsistent image or tile size")
        }
        var components: [Component] = []
        for c in 0..<Int(count) {
            let ssiz = siz.byte(at: 36 + 3 * c), dx = siz.byte(at: 37 + 3 * c), dy = siz.byte(at: 38 + 3 * c)
            guard ssiz & 0x7F < 38, dx >= 1, dy >= 1 else {
                throw JPEG2000Failure("component \(c + 1) has an invalid precision or subsampling in SIZ")
            }
            components.append(Component(precision: Int(ssiz & 0x7F) + 1, isSigned: ssiz & 0x80 != 0,
                                        subsampling: (Int(dx), Int(dy))))
        }
        let (tiles, overflow) = ((xsiz - xto + xt - 1) / xt).multipliedReportingOverflow(by: (ysiz - yto + yt - 1) / yt)
        guard !overflow, tiles <= 65_535 else {   // Isot is 16 bits
            throw JPEG2000Failure("the SIZ marker segment declares more tiles than a codestream can index")
        }
        return (rsiz, xsiz - xo, ysiz - yo, xo == 0 && yo == 0, tiles, components)
    }

    /// The code-block style, the wavelet, the decomposition levels, and whether packets may
    /// carry SOP or EPH markers (Scod bits 1 and 2).
    private static func readCOD(_ cod: Segment) throws(JPEG2000Failure)
        -> (style: UInt8, reversible: Bool, levels: Int, packetMarkers: Bool)
    {
        // Scod, progression, layers (2), MCT, levels, xcb, ycb, style, transform, [precincts].
        guard cod.length >= 10 else { throw JPEG2000Failure("the COD marker segment is too short") }
        let scod = cod.byte(at: 0), levels = Int(cod.byte(at: 5))
        let xcb = Int(cod.byte(at: 6)), ycb = Int(cod.byte(at: 7)), transform = cod.byte(at: 9)
        guard cod.length == 10 + (scod & 1 != 0 ? levels + 1 : 0) else {
            throw JPEG2000Failure("the COD marker segment has the wrong length for its precincts")
        }
        guard cod.byte(at: 1) <= 4, cod.uint16(at: 2) ?? 0 >= 1, cod.byte(at: 4) <= 1, levels <= 32,
              xcb <= 8, ycb <= 8, xcb + ycb <= 8, transform <= 1 else {
            throw JPEG2000Failure("the COD marker segment has a value out of range")
        }
        return (cod.byte(at: 8), transform == 1, levels, scod & 0x06 != 0)
    }

    /// The QCD style, after checking that the segment holds one step size per sub-band.
    private static func readQCD(_ qcd: Segment, levels: Int) throws(JPEG2000Failure) -> Int {
        guard qcd.length >= 1 else { throw JPEG2000Failure("the QCD marker segment is empty") }
        let style = Int(qcd.byte(at: 0) & 0x1F), subbands = 3 * levels + 1
        let expected = switch style {
        case 0: 1 + subbands
        case 1: 3
        case 2: 1 + 2 * subbands
        default: -1
        }
        guard qcd.length == expected else {
            throw JPEG2000Failure("the QCD marker segment does not match \(levels) decomposition levels")
        }
        return style
    }

    /// Follows SOT to SOT through the tile-parts: each must fit in the frame, every tile
    /// must have one, and their coded data must be free of marker codes. What follows the
    /// last tile-part (EOC, DICOM padding) is not read.
    private static func walkTileParts(_ reader: inout MarkerReader, tiles: Int, packetMarkers: Bool,
                                      unsupported: inout [String]) throws(JPEG2000Failure) {
        var seen = Set<Int>()
        while reader.uint16(at: reader.offset) == 0xFF90 {
            let start = reader.offset
            let sot = try reader.segment()
            guard sot.length == 8, let tile = sot.uint16(at: 0), let psot = sot.uint32(at: 2), Int(tile) < tiles else {
                throw JPEG2000Failure("a SOT marker segment is malformed")
            }
            // Psot 0: the last tile-part, running to the end of the codestream.
            let end = psot == 0 ? reader.count : start + Int(psot)
            guard psot == 0 || psot >= 14 else { throw JPEG2000Failure("a tile-part is shorter than its header") }
            guard end <= reader.count else {
                throw JPEG2000Failure("tile-part of tile \(tile) needs \(end - start) bytes but the frame ends "
                                      + "after \(reader.count - start) (truncated?)")
            }
            tileHeader: while true {
                guard let marker = reader.uint16(at: reader.offset), reader.offset + 2 <= end else {
                    throw JPEG2000Failure("a tile-part header has no SOD marker")
                }
                if marker == 0xFF93 { break tileHeader }
                let segment = try reader.segment()
                guard segment.start + 2 + segment.length + 2 <= end else {
                    throw JPEG2000Failure("a tile-part header runs past its tile-part")
                }
                switch marker {
                case 0xFF58, 0xFF64: break   // PLT, COM
                case 0xFF52: unsupported.append("tile-part COD")
                case 0xFF53: unsupported.append("tile-part COC")
                case 0xFF5C: unsupported.append("tile-part QCD")
                case 0xFF5D: unsupported.append("tile-part QCC")
                case 0xFF5E: unsupported.append("tile-part RGN")
                case 0xFF5F: unsupported.append("tile-part POC")
                case 0xFF61: unsupported.append("PPT")
                default: throw JPEG2000Failure("a tile-part header has an unexpected marker \(hex(marker))")
                }
            }
            try checkCodedData(reader.bytes, from: reader.offset + 2, to: end, tile: Int(tile),
                               packetMarkers: packetMarkers, isLast: psot == 0)
            seen.insert(Int(tile))
            reader.offset = end
            if psot == 0 { break }
        }
        guard seen.count == tiles else {
            throw JPEG2000Failure("\(tiles - seen.count) of \(tiles) tiles have no tile-part (truncated?)")
        }
    }

    /// Byte stuffing keeps marker codes out of packet headers and code-block data: an FF byte
    /// is never followed by one above 8F (ISO/IEC 15444-1 A.1.1; the HT cleanup, MEL and VLC
    /// segments of 15444-15 keep the rule). A pair that breaks it means corrupt data — and
    /// OpenJPH 0.9.0, as Debian builds it, fails an assertion and aborts when one starts a
    /// MEL segment. Only SOP (FF91) and EPH (FF92) may appear, when COD allows them, and
    /// EOC (FFD9) at the end of a last tile-part of unknown length. FF bytes are rare in coded
    /// data, so memchr finds them at memory speed.
    private static func checkCodedData(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int, tile: Int,
                                       packetMarkers: Bool, isLast: Bool) throws(JPEG2000Failure) {
        guard let base = bytes.baseAddress, start < end else { return }
        var offset = start
        while offset < end - 1, let found = memchr(base + offset, 0xFF, end - 1 - offset) {
            let at = base.distance(to: UnsafeRawPointer(found))
            let next = bytes[at + 1]
            offset = at + 1
            guard next > 0x8F else { continue }
            // EOC after a last tile-part of unknown length, followed by nothing but padding.
            if isLast && next == 0xD9 && bytes[(at + 2)...].allSatisfy({ $0 == 0 }) { return }
            switch next {
            // SOP's own packet number may hold FF bytes, so the whole segment is stepped over.
            case 0x91 where packetMarkers: offset = at + 6
            case 0x92 where packetMarkers: offset = at + 2
            default:
                throw JPEG2000Failure("the coded data of tile \(tile) holds the marker code FF\(hex(UInt16(next)).suffix(2)) "
                                      + "at byte \(at) (corrupt data)")
            }
        }
    }

    private static func hex(_ marker: UInt16) -> String {
        let digits = String(marker, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

/// A marker segment: its marker, where the marker starts, and the bytes after the length field.
private struct Segment {
    var marker: UInt16
    var start: Int
    /// Lxxx − 2: the bytes of the segment's parameters.
    var length: Int
    var bytes: UnsafeRawBufferPointer

    /// Parameter byte `i` (callers check `length` first).
    func byte(at i: Int) -> UInt8 { i < length ? bytes[start + 4 + i] : 0 }

    func uint16(at i: Int) -> UInt16? {
        i + 2 <= length ? UInt16(bytes[start + 4 + i]) << 8 | UInt16(bytes[start + 5 + i]) : nil
    }

    func uint32(at i: Int) -> UInt32? {
        guard let high = uint16(at: i), let low = uint16(at: i + 2) else { return nil }
        return UInt32(high) << 16 | UInt32(low)
    }
}

/// Big-endian reads and marker segments over the frame's bytes; never reads past the end.
private struct MarkerReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0
    var count: Int { bytes.count }

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    func uint16(at i: Int) -> UInt16? {
        i >= 0 && i + 2 <= bytes.count ? UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]) : nil
    }

    /// The marker segment at `offset` (marker, Lxxx, parameters); moves past it.
    mutating func segment() throws(JPEG2000Failure) -> Segment {
        guard let marker = uint16(at: offset), let length = uint16(at: offset + 2) else {
            throw JPEG2000Failure("the codestream ends inside its header (truncated?)")
        }
        guard marker >= 0xFF00 else {
            throw JPEG2000Failure("a marker was expected at byte \(offset) of the header")
        }
        guard length >= 2, offset + 2 + Int(length) <= bytes.count else {
            throw JPEG2000Failure("marker segment \(String(marker, radix: 16, uppercase: true)) runs past the end of the frame")
        }
        let segment = Segment(marker: marker, start: offset, length: Int(length) - 2, bytes: bytes)
        offset += 2 + Int(length)
        return segment
    }
}
