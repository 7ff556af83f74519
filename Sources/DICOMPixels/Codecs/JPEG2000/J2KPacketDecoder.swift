/// Tier-2 decoding (ISO/IEC 15444-1 Annex B): walks a tile's packets in its progression
/// order, reads each packet header (inclusion, zero bit-planes, coding passes, Lblock and
/// codeword-segment lengths) and records where each code block's bytes are.
///
/// The result is a list of ``Contribution``s: a run of a code block's coding passes and the
/// bytes that code them, all inside one codeword segment (the passes between two
/// terminations of the arithmetic coder, or a raw run in bypass mode).
struct J2KPacketDecoder {
    struct Contribution {
        var block: Int
        var offset: Int
        var length: Int
        var firstPass: Int
        var passes: Int
    }

    private(set) var contributions: [Contribution] = []
    private var pending: [Contribution] = []

    /// Decodes every packet of `tile` from `data`, the tile's packet bytes.
    mutating func decode(_ tile: inout J2KTile, data: UnsafeRawBufferPointer) throws(JPEG2000Failure) {
        let style = tile.components[0].style
        var position = 0
        let maxLevels = tile.components.map(\.style.decompositionLevels).max() ?? 0
        switch style.progression {
        case .lrcp:
            for l in 0..<style.layers {
                for r in 0...maxLevels {
                    for c in tile.components.indices where r <= tile.components[c].style.decompositionLevels {
                        for p in 0..<tile.components[c].resolutions[r].precinctCount {
                            try packet(&tile, layer: l, resolution: r, component: c, precinct: p, data: data, at: &position)
                        }
                    }
                }
            }
        case .rlcp:
            for r in 0...maxLevels {
                for l in 0..<style.layers {
                    for c in tile.components.indices where r <= tile.components[c].style.decompositionLevels {
                        for p in 0..<tile.components[c].resolutions[r].precinctCount {
                            try packet(&tile, layer: l, resolution: r, component: c, precinct: p, data: data, at: &position)
                        }
                    }
                }
            }
        case .rpcl, .pcrl, .cprl:
            for entry in Self.positionOrder(tile, style.progression) {
                for l in 0..<style.layers {
                    try packet(&tile, layer: l, resolution: entry.r, component: entry.c, precinct: entry.p,
                               data: data, at: &position)
                }
            }
        }
    }

    /// The (component, resolution, precinct) triples of a position-driven progression, in
    /// the order the loops of B.12.1.3–B.12.1.5 visit them: each precinct is reached at the
    /// point of the reference grid where its first sample falls (or the tile's origin, for
    /// a first precinct that starts before it).
    private static func positionOrder(_ tile: J2KTile, _ order: J2KCodingStyle.Progression) -> [(c: Int, r: Int, p: Int)] {
        var entries: [(c: Int, r: Int, p: Int, y: Int, x: Int)] = []
        for (c, component) in tile.components.enumerated() {
            let levels = component.style.decompositionLevels
            for (r, resolution) in component.resolutions.enumerated() {
                let shift = levels - r
                for p in 0..<resolution.precinctCount {
                    let i = p % resolution.precinctsWide, j = p / resolution.precinctsWide
                    let stepX = resolution.precinctExponentX + shift, stepY = resolution.precinctExponentY + shift
                    let x = i == 0 && (resolution.rect.x0 << shift) % (1 << stepX) != 0
                        ? tile.rect.x0 : (resolution.firstPrecinctX + i) << stepX
                    let y = j == 0 && (resolution.rect.y0 << shift) % (1 << stepY) != 0
                        ? tile.rect.y0 : (resolution.firstPrecinctY + j) << stepY
                    entries.append((c, r, p, y, x))
                }
            }
        }
        entries.sort { a, b in
            switch order {
            case .rpcl: (a.r, a.y, a.x, a.c) < (b.r, b.y, b.x, b.c)
            case .pcrl: (a.y, a.x, a.c, a.r) < (b.y, b.x, b.c, b.r)
            default: (a.c, a.y, a.x, a.r) < (b.c, b.y, b.x, b.r)
            }
        }
        return entries.map { ($0.c, $0.r, $0.p) }
    }

    /// Reads one packet (B.9, B.10) starting at `position` and moves past it.
    private mutating func packet(_ tile: inout J2KTile, layer: Int, resolution r: Int, component c: Int, precinct p: Int,
                                 data: UnsafeRawBufferPointer, at position: inout Int) throws(JPEG2000Failure) {
        let style = tile.components[c].style
        let resolution = tile.components[c].resolutions[r]
        if style.usesSOP, position + 1 < data.count, data[position] == 0xFF, data[position + 1] == 0x91 {
            guard position + 6 <= data.count else { throw JPEG2000Failure("a SOP marker segment is cut off") }
            position += 6
        }
        var bits = J2KPacketBitReader(data, from: position, to: data.count)
        pending.removeAll(keepingCapacity: true)
        if try bits.bit() == 1 {
            for b in 0..<resolution.bandCount {
                let pb = resolution.firstPrecinctBand + p * resolution.bandCount + b
                let wide = tile.precinctBands[pb].blocksWide, high = tile.precinctBands[pb].blocksHigh
                for j in 0..<high {
                    for i in 0..<wide {
                        let index = tile.precinctBands[pb].firstBlock + j * wide + i
                        var block = tile.blocks[index]
                        let included = block.isIncluded
                            ? try bits.bit() == 1
                            : try tile.precinctBands[pb].inclusion.decode(x: i, y: j, threshold: Int32(layer + 1), bits: &bits)
                        guard included else { continue }
                        if !block.isIncluded {
                            block.isIncluded = true
                            block.zeroBitPlanes = try tile.precinctBands[pb].zeroBitPlanes.decodeValue(x: i, y: j, bits: &bits)
                        }
                        var left = try bits.passCount()
                        while try bits.bit() == 1 {
                            block.lengthBits += 1
                            guard block.lengthBits <= 32 else { throw JPEG2000Failure("a packet header gives Lblock above 32") }
                        }
                        var pass = block.passes
                        while left > 0 {
                            let take = min(left, Self.segmentRoom(pass, style.blockStyle))
                            let length = try bits.bits(block.lengthBits + (Int.bitWidth - 1 - take.leadingZeroBitCount))
                            pending.append(Contribution(block: index, offset: 0, length: length, firstPass: pass, passes: take))
                            pass += take
                            left -= take
                        }
                        block.passes = pass
                        tile.blocks[index] = block
                    }
                }
            }
        }
        try bits.align()
        position = bits.position
        if style.usesEPH, position + 1 < data.count, data[position] == 0xFF, data[position + 1] == 0x92 {
            position += 2
        }
        for var contribution in pending {
            guard contribution.length <= data.count - position else {
                throw JPEG2000Failure("a packet's code-block data runs past the end of its tile (truncated codestream)")
            }
            contribution.offset = position
            position += contribution.length
            contributions.append(contribution)
        }
    }

    /// How many passes, from `pass` on, fit in the codeword segment `pass` is in (D.4.1):
    /// one with TERMALL; with BYPASS the first ten, then raw pairs and single cleanups.
    static func segmentRoom(_ pass: Int, _ style: J2KCodingStyle.BlockStyle) -> Int {
        if style.contains(.terminateEachPass) { return 1 }
        guard style.contains(.bypass) else { return Int.max }
        if pass < 10 { return 10 - pass }
        return (pass - 10) % 3 == 0 ? 2 : 1
    }

    /// Which codeword segment `pass` belongs to.
    static func segment(of pass: Int, _ style: J2KCodingStyle.BlockStyle) -> Int {
        if style.contains(.terminateEachPass) { return pass }
        guard style.contains(.bypass), pass >= 10 else { return 0 }
        return 1 + 2 * ((pass - 10) / 3) + ((pass - 10) % 3 == 2 ? 1 : 0)
    }
}
