/// One tile's partition into tile-components, resolutions, subbands, precincts and code
/// blocks (ISO/IEC 15444-1 B.2–B.7), with the per-code-block state tier-2 fills in.
///
/// Subband coefficients live in one buffer per tile-component in the usual "Mallat" layout:
/// resolution r−1 in the top-left corner of resolution r, its HL band to the right, LH
/// below and HH diagonally, so the inverse wavelet transform works in place.
struct J2KTile {
    struct Band {
        /// 0 LL, 1 HL, 2 LH, 3 HH.
        var orientation: Int
        var rect: J2KRect
        /// Where the band's first sample sits in the tile-component buffer.
        var bufferX: Int, bufferY: Int
        /// Mb (E-2): the bit-planes of its coefficients.
        var magnitudeBits: Int
    }

    struct Block {
        var rect: J2KRect
        var band: Int
        var component: Int
        var isIncluded = false
        var zeroBitPlanes = 0
        var lengthBits = 3
        var passes = 0
    }

    /// The code blocks of one subband inside one precinct, in raster order, and the tag
    /// trees their packet headers use.
    struct PrecinctBand {
        var firstBlock: Int
        var blocksWide: Int, blocksHigh: Int
        var inclusion: J2KTagTree
        var zeroBitPlanes: J2KTagTree
    }

    struct Resolution {
        var rect: J2KRect
        var precinctExponentX: Int, precinctExponentY: Int
        var firstPrecinctX: Int, firstPrecinctY: Int
        var precinctsWide: Int, precinctsHigh: Int
        /// Index of precinct 0's first band in `precinctBands`; each precinct has
        /// `bandCount` of them.
        var firstPrecinctBand: Int
        var bandCount: Int

        var precinctCount: Int { precinctsWide * precinctsHigh }
    }

    struct Component {
        var rect: J2KRect
        var style: J2KCodingStyle
        var resolutions: [Resolution] = []
    }

    var rect: J2KRect
    var components: [Component] = []
    var bands: [Band] = []
    var blocks: [Block] = []
    var precinctBands: [PrecinctBand] = []

    /// Lays out tile `index` of `stream`.
    init(_ stream: J2KCodestream, index: Int) throws(JPEG2000Failure) {
        rect = stream.tileRect(index)
        for (c, style) in stream.tiles[index].styles.enumerated() {
            var component = Component(rect: rect, style: style)
            let levels = style.decompositionLevels
            for r in 0...levels {
                let resolutionRect = rect.scaledDown(by: levels - r)
                let (ppx, ppy) = style.precinctExponents[r]
                var resolution = Resolution(
                    rect: resolutionRect, precinctExponentX: ppx, precinctExponentY: ppy,
                    firstPrecinctX: resolutionRect.x0 >> ppx, firstPrecinctY: resolutionRect.y0 >> ppy,
                    precinctsWide: 0, precinctsHigh: 0, firstPrecinctBand: precinctBands.count,
                    bandCount: r == 0 ? 1 : 3)
                if !resolutionRect.isEmpty {
                    resolution.precinctsWide = ceilShift(resolutionRect.x1, ppx) - resolution.firstPrecinctX
                    resolution.precinctsHigh = ceilShift(resolutionRect.y1, ppy) - resolution.firstPrecinctY
                }
                // Each precinct costs two tag trees per band; a tile with more than 2^18 of
                // them (1-sample precincts over a large image) is refused rather than
                // allowed to take gigabytes.
                guard precinctBands.count + resolution.precinctCount * resolution.bandCount <= 1 << 18 else {
                    throw JPEG2000Failure("the tile has more than \(1 << 18) precinct-bands (precincts of resolution \(r) "
                                          + "of component \(c + 1) are too small for its size)")
                }
                // The bands of this resolution.
                let firstBand = bands.count
                if r == 0 {
                    bands.append(Band(orientation: 0, rect: resolutionRect, bufferX: 0, bufferY: 0,
                                      magnitudeBits: style.guardBits + style.exponents[0] - 1))
                } else {
                    let level = levels - r + 1
                    let low = component.resolutions[r - 1].rect
                    for orientation in 1...3 {
                        let xo = orientation & 1, yo = orientation >> 1
                        let half = 1 << (level - 1)
                        let bandRect = J2KRect(x0: ceilShift(rect.x0 - xo * half, level), y0: ceilShift(rect.y0 - yo * half, level),
                                               x1: ceilShift(rect.x1 - xo * half, level), y1: ceilShift(rect.y1 - yo * half, level))
                        bands.append(Band(orientation: orientation, rect: bandRect,
                                          bufferX: xo * low.width, bufferY: yo * low.height,
                                          magnitudeBits: style.guardBits + style.exponents[3 * (r - 1) + orientation] - 1))
                    }
                }
                // Precincts and their code blocks (B.6, B.7).
                let bandShiftX = r == 0 ? ppx : ppx - 1, bandShiftY = r == 0 ? ppy : ppy - 1
                let blockShiftX = min(style.blockWidthExponent, bandShiftX)
                let blockShiftY = min(style.blockHeightExponent, bandShiftY)
                for p in 0..<resolution.precinctCount {
                    let px = resolution.firstPrecinctX + p % max(resolution.precinctsWide, 1)
                    let py = resolution.firstPrecinctY + p / max(resolution.precinctsWide, 1)
                    for b in firstBand..<bands.count {
                        let region = bands[b].rect.intersection(J2KRect(
                            x0: px << bandShiftX, y0: py << bandShiftY,
                            x1: (px + 1) << bandShiftX, y1: (py + 1) << bandShiftY))
                        var wide = 0, high = 0
                        let bx0 = region.x0 >> blockShiftX, by0 = region.y0 >> blockShiftY
                        if !region.isEmpty {
                            wide = ceilShift(region.x1, blockShiftX) - bx0
                            high = ceilShift(region.y1, blockShiftY) - by0
                        }
                        guard blocks.count + wide * high <= 1 << 22 else {
                            throw JPEG2000Failure("the tile has more than \(1 << 22) code blocks")
                        }
                        let first = blocks.count
                        for j in 0..<high {
                            for i in 0..<wide {
                                let cell = J2KRect(x0: (bx0 + i) << blockShiftX, y0: (by0 + j) << blockShiftY,
                                                   x1: (bx0 + i + 1) << blockShiftX, y1: (by0 + j + 1) << blockShiftY)
                                blocks.append(Block(rect: cell.intersection(region), band: b, component: c))
                            }
                        }
                        precinctBands.append(PrecinctBand(firstBlock: first, blocksWide: wide, blocksHigh: high,
                                                          inclusion: J2KTagTree(width: wide, height: high),
                                                          zeroBitPlanes: J2KTagTree(width: wide, height: high)))
                    }
                }
                component.resolutions.append(resolution)
            }
            components.append(component)
        }
    }
}
