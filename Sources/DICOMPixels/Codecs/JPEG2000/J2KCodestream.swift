/// A JPEG 2000 Part 1 codestream's headers (ISO/IEC 15444-1 Annex A), read without decoding:
/// the image and tile geometry from SIZ, each tile-component's coding style and quantization
/// after main and tile-part header precedence, and where each tile's packet data lies.
///
/// Reading says either what the stream holds or, for a feature the Swift decoder does not
/// implement, why it declines (see ``J2KCodestream/Verdict``); a stream that is broken
/// throws. Markers with no effect on the samples (COM, TLM, PLM, PLT, CRG) are skipped.
struct J2KCodestream {
    struct Component {
        var precision: Int
        var isSigned: Bool
    }

    /// What reading the headers concluded.
    enum Verdict {
        case decodable(J2KCodestream)
        /// A valid feature this decoder leaves to OpenJPEG, and why.
        case declined(String)
    }

    /// A tile's resolved coding styles (one per component) and its packet data, the
    /// tile-parts' bodies in codestream order.
    struct Tile {
        var styles: [J2KCodingStyle]
        var data: [Range<Int>] = []
    }

    var width = 0, height = 0
    var tileWidth = 0, tileHeight = 0
    var tileX0 = 0, tileY0 = 0
    var tilesAcross = 0, tilesDown = 0
    var components: [Component] = []
    var tiles: [Tile] = []

    /// The tile's rectangle on the reference grid (B.3), clipped to the image.
    func tileRect(_ index: Int) -> J2KRect {
        let p = index % tilesAcross, q = index / tilesAcross
        return J2KRect(x0: max(tileX0 + p * tileWidth, 0), y0: max(tileY0 + q * tileHeight, 0),
                       x1: min(tileX0 + (p + 1) * tileWidth, width), y1: min(tileY0 + (q + 1) * tileHeight, height))
    }

    /// Reads the headers of the bare codestream in `bytes` (which starts with SOC).
    static func read(_ bytes: UnsafeRawBufferPointer) throws(JPEG2000Failure) -> Verdict {
        var parser = Parser(bytes)
        return try parser.read()
    }
}

/// The marker-by-marker reader behind ``J2KCodestream/read(_:)``.
private struct Parser {
    var reader: J2KByteReader
    var stream = J2KCodestream()
    var mainCOD: J2KCodingStyle?
    var mainCOC: [Int: J2KCodingStyle] = [:]
    var mainQCD: J2KCodingStyle?
    var mainQCC: [Int: J2KCodingStyle] = [:]
    /// Per tile: its COD, COCs, QCD and QCCs, from its tile-part headers.
    var tileCOD: [Int: J2KCodingStyle] = [:]
    var tileCOC: [Int: [Int: J2KCodingStyle]] = [:]
    var tileQCD: [Int: J2KCodingStyle] = [:]
    var tileQCC: [Int: [Int: J2KCodingStyle]] = [:]

    init(_ bytes: UnsafeRawBufferPointer) {
        reader = J2KByteReader(bytes)
    }

    mutating func read() throws(JPEG2000Failure) -> J2KCodestream.Verdict {
        guard try reader.uint16("SOC") == 0xFF4F, try reader.uint16("SIZ") == 0xFF51 else {
            throw JPEG2000Failure("the codestream does not start with SOC and SIZ")
        }
        if let reason = try readSIZ() { return .declined(reason) }
        // Main header, up to the first SOT.
        while true {
            let marker = try reader.uint16("the main header")
            if marker == 0xFF90 { break }
            if let reason = try readSegment(marker, tile: nil) { return .declined(reason) }
        }
        guard let cod = mainCOD else { throw JPEG2000Failure("the main header has no COD segment") }
        guard mainQCD != nil else { throw JPEG2000Failure("the main header has no QCD segment") }
        let tileCount = stream.tilesAcross * stream.tilesDown
        var parts = [[Range<Int>]](repeating: [], count: tileCount)
        // Tile-parts: the SOT marker was just read.
        while true {
            let sotStart = reader.position - 2
            let length = try reader.uint16("SOT")
            let index = try reader.uint16("SOT"), partLength = try reader.uint32("SOT")
            _ = try reader.uint8("SOT")
            _ = try reader.uint8("SOT")
            guard length == 10, index < tileCount else {
                throw JPEG2000Failure("a SOT segment names tile \(index) of \(tileCount) or has length \(length)")
            }
            while true {
                let marker = try reader.uint16("a tile-part header")
                if marker == 0xFF93 { break }
                if let reason = try readSegment(marker, tile: index) { return .declined(reason) }
            }
            var end = partLength == 0 ? reader.bytes.count : sotStart + partLength
            if partLength == 0, end >= reader.position + 2, reader.bytes[end - 2] == 0xFF, reader.bytes[end - 1] == 0xD9 {
                end -= 2
            }
            guard end <= reader.bytes.count, end >= reader.position else {
                throw JPEG2000Failure("the codestream is truncated: a tile-part of tile \(index) claims \(partLength) "
                                      + "bytes but \(reader.bytes.count - sotStart) are left")
            }
            parts[index].append(reader.position..<end)
            reader.position = end
            guard let next = reader.peek(), let low = reader.peek(1), next == 0xFF else { break }
            reader.position += 2
            if low == 0xD9 { break }
            guard low == 0x90 else { throw JPEG2000Failure(String(format: "marker FF%02X where a SOT or EOC belongs", low)) }
        }
        for t in 0..<tileCount {
            var styles: [J2KCodingStyle] = []
            for c in 0..<stream.components.count {
                var style = cod
                if let coc = mainCOC[c] { style.takeComponentFields(of: coc) }
                if let tcod = tileCOD[t] { style = tcod }
                if let tcoc = tileCOC[t]?[c] { style.takeComponentFields(of: tcoc) }
                for q in [mainQCD, mainQCC[c], tileQCD[t], tileQCC[t]?[c]] {
                    if let q { style.takeQuantization(of: q) }
                }
                if let reason = try check(style, component: c) { return .declined(reason) }
                styles.append(style)
            }
            if styles[0].usesColourTransform {
                guard stream.components.count >= 3 else {
                    return .declined("the colour transform is set for \(stream.components.count) component(s)")
                }
                guard styles[0..<3].allSatisfy({ $0.isReversible }) else {
                    return .declined("the colour transform mixes reversible and irreversible components")
                }
            }
            stream.tiles.append(J2KCodestream.Tile(styles: styles, data: parts[t]))
        }
        return .decodable(stream)
    }

    /// Why `style` is left to OpenJPEG, or nil when the Swift decoder handles it.
    func check(_ style: J2KCodingStyle, component c: Int) throws(JPEG2000Failure) -> String? {
        guard style.isReversible else { return "the irreversible 9/7 wavelet (lossy)" }
        guard style.quantizationStyle == 0 else { return "scalar quantization (lossy)" }
        guard style.blockStyle.isSubset(of: .part1) else {
            return "code-block style \(style.blockStyle.rawValue) (high-throughput or unknown)"
        }
        let bands = 3 * style.decompositionLevels + 1
        guard style.exponents.count >= bands else {
            throw JPEG2000Failure("component \(c + 1) has \(style.exponents.count) quantization exponents for \(bands) subbands")
        }
        // Mb = G + ε − 1 bit-planes must fit the 31 magnitude bits of the decoder.
        guard style.guardBits + (style.exponents.max() ?? 0) - 1 <= 30 else {
            return "more than 30 magnitude bit-planes"
        }
        return nil
    }

    /// Reads SIZ (A.5.1); returns a reason to decline, if any.
    mutating func readSIZ() throws(JPEG2000Failure) -> String? {
        let start = reader.position
        let length = try reader.uint16("SIZ")
        let capabilities = try reader.uint16("SIZ")
        let x1 = try reader.uint32("SIZ"), y1 = try reader.uint32("SIZ")
        let x0 = try reader.uint32("SIZ"), y0 = try reader.uint32("SIZ")
        let tw = try reader.uint32("SIZ"), th = try reader.uint32("SIZ")
        let tx0 = try reader.uint32("SIZ"), ty0 = try reader.uint32("SIZ")
        let count = try reader.uint16("SIZ")
        guard length == 38 + 3 * count, count >= 1, count <= 16384 else {
            throw JPEG2000Failure("SIZ has length \(length) for \(count) components")
        }
        guard x1 > x0, y1 > y0, tw > 0, th > 0, tx0 <= x0, ty0 <= y0, tx0 + tw > x0, ty0 + th > y0 else {
            throw JPEG2000Failure("SIZ describes an empty image or tiles that miss it")
        }
        var subsampled = false
        for _ in 0..<count {
            let ssiz = try reader.uint8("SIZ")
            let dx = try reader.uint8("SIZ"), dy = try reader.uint8("SIZ")
            guard dx > 0, dy > 0, (ssiz & 0x7F) < 38 else { throw JPEG2000Failure("SIZ gives a component zero sampling or bad precision") }
            subsampled = subsampled || dx != 1 || dy != 1
            stream.components.append(.init(precision: (ssiz & 0x7F) + 1, isSigned: ssiz & 0x80 != 0))
        }
        reader.position = start + length
        if capabilities & 0xC000 != 0 { return "Part 2 or Part 15 capabilities (Rsiz \(capabilities))" }
        if x0 != 0 || y0 != 0 { return "an image offset (\(x0), \(y0))" }
        if subsampled { return "subsampled components" }
        if let deep = stream.components.first(where: { $0.precision > 16 }) { return "\(deep.precision)-bit samples" }
        stream.width = x1
        stream.height = y1
        stream.tileWidth = tw
        stream.tileHeight = th
        stream.tileX0 = tx0
        stream.tileY0 = ty0
        stream.tilesAcross = (x1 - tx0 + tw - 1) / tw
        stream.tilesDown = (y1 - ty0 + th - 1) / th
        guard stream.tilesAcross * stream.tilesDown <= 65535 else {
            throw JPEG2000Failure("SIZ gives \(stream.tilesAcross * stream.tilesDown) tiles; at most 65535 are allowed")
        }
        return nil
    }

    /// Reads one marker segment of the main (`tile` nil) or a tile-part header; returns a
    /// reason to decline, if any.
    mutating func readSegment(_ marker: Int, tile: Int?) throws(JPEG2000Failure) -> String? {
        let name = String(format: "marker FF%02X", marker & 0xFF)
        guard marker >> 8 == 0xFF else { throw JPEG2000Failure("\(name) where a marker segment belongs") }
        let start = reader.position
        let length = try reader.uint16(name)
        let end = start + length
        guard length >= 2, end <= reader.bytes.count else { throw JPEG2000Failure("\(name) has length \(length) past the end") }
        defer { reader.position = end }
        let componentBytes = stream.components.count < 257 ? 1 : 2
        switch marker {
        case 0xFF52:  // COD
            var style = J2KCodingStyle()
            let scod = try reader.uint8("COD")
            style.usesSOP = scod & 0x02 != 0
            style.usesEPH = scod & 0x04 != 0
            let order = try reader.uint8("COD")
            guard let progression = J2KCodingStyle.Progression(rawValue: order) else {
                throw JPEG2000Failure("COD gives the unknown progression order \(order)")
            }
            style.progression = progression
            style.layers = try reader.uint16("COD")
            guard style.layers > 0 else { throw JPEG2000Failure("COD gives zero quality layers") }
            let mct = try reader.uint8("COD")
            guard mct <= 1 else { return "multiple component transform \(mct)" }
            style.usesColourTransform = mct == 1
            try style.readComponentParameters(&reader, hasPrecincts: scod & 0x01 != 0, marker: "COD")
            if let tile { tileCOD[tile] = style } else { mainCOD = style }
        case 0xFF53:  // COC
            let c = componentBytes == 1 ? try reader.uint8("COC") : try reader.uint16("COC")
            guard c < stream.components.count else { throw JPEG2000Failure("COC names component \(c)") }
            var style = J2KCodingStyle()
            let scoc = try reader.uint8("COC")
            try style.readComponentParameters(&reader, hasPrecincts: scoc & 0x01 != 0, marker: "COC")
            if let tile { tileCOC[tile, default: [:]][c] = style } else { mainCOC[c] = style }
        case 0xFF5C:  // QCD
            var style = J2KCodingStyle()
            try style.readQuantization(&reader, end: end, marker: "QCD")
            if let tile { tileQCD[tile] = style } else { mainQCD = style }
        case 0xFF5D:  // QCC
            let c = componentBytes == 1 ? try reader.uint8("QCC") : try reader.uint16("QCC")
            guard c < stream.components.count else { throw JPEG2000Failure("QCC names component \(c)") }
            var style = J2KCodingStyle()
            try style.readQuantization(&reader, end: end, marker: "QCC")
            if let tile { tileQCC[tile, default: [:]][c] = style } else { mainQCC[c] = style }
        case 0xFF64, 0xFF55, 0xFF57, 0xFF58, 0xFF63:  // COM, TLM, PLM, PLT, CRG
            break
        case 0xFF5E: return "region of interest (RGN)"
        case 0xFF5F: return "progression order changes (POC)"
        case 0xFF60: return "packed packet headers (PPM)"
        case 0xFF61: return "packed packet headers (PPT)"
        case 0xFF50: return "extended capabilities (CAP, Part 15)"
        default: return "\(name)"
        }
        return nil
    }
}

extension J2KCodingStyle {
    /// Takes the fields a COC may set (SPcoc) from `other`.
    mutating func takeComponentFields(of other: J2KCodingStyle) {
        decompositionLevels = other.decompositionLevels
        blockWidthExponent = other.blockWidthExponent
        blockHeightExponent = other.blockHeightExponent
        blockStyle = other.blockStyle
        isReversible = other.isReversible
        precinctExponents = other.precinctExponents
    }

    /// Takes the quantization (QCD or QCC) of `other`.
    mutating func takeQuantization(of other: J2KCodingStyle) {
        guardBits = other.guardBits
        exponents = other.exponents
        quantizationStyle = other.quantizationStyle
    }
}
