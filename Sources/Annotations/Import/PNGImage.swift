import CZlib
import DICOM

/// A decoded PNG image (ISO/IEC 15948, the W3C PNG specification), read so a mask can be
/// imported from it.
///
/// Reads every bit depth of greyscale (1, 2, 4, 8, 16), greyscale with alpha, truecolour and
/// truecolour with alpha (8, 16) and palette images (1, 2, 4, 8, with `tRNS` transparency),
/// all five row filters, and Adam7 interlacing. Chunk CRCs are checked; ancillary chunks other
/// than `tRNS` are skipped.
///
/// ```swift
/// let image = try PNGImage(bytes: [UInt8](try Data(contentsOf: url)))
/// image.width, image.height      // 512, 512
/// let values = image.maskValues  // one 0…255 value per pixel, row-major
/// ```
public struct PNGImage: Hashable, Sendable {
    /// Colour types of the IHDR chunk.
    public enum ColorType: UInt8, Hashable, Sendable {
        case greyscale = 0
        case truecolour = 2
        case indexed = 3
        case greyscaleAlpha = 4
        case truecolourAlpha = 6

        /// Samples per pixel in the image data.
        var channels: Int {
            switch self {
            case .greyscale, .indexed: 1
            case .greyscaleAlpha: 2
            case .truecolour: 3
            case .truecolourAlpha: 4
            }
        }
    }

    /// The largest image accepted, in pixels (8192 × 8192), which bounds what a small,
    /// highly compressed file can make the decoder allocate (at most 512 MiB of samples).
    public static let maximumPixelCount = 1 << 26

    public let width: Int
    public let height: Int
    public let bitDepth: Int
    public let colorType: ColorType
    /// Samples as stored, row-major and interleaved by channel (palette images hold indices).
    public let samples: [UInt16]
    /// Palette entries as RGBA, for ``ColorType/indexed`` images.
    public let palette: [[UInt8]]

    /// Decodes a whole PNG file.
    public init(bytes: [UInt8]) throws(PNGReadError) {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard bytes.count >= 8, Array(bytes[0..<8]) == signature else { throw .notPNG }

        var header: Header?
        var compressed: [UInt8] = []
        var paletteRGB: [UInt8] = []
        var transparency: [UInt8] = []
        var position = 8
        var sawEnd = false
        while !sawEnd {
            guard position + 8 <= bytes.count else {
                throw .truncated(header == nil ? "no IHDR chunk" : "no IEND chunk")
            }
            let length = Int(Self.bigEndian32(bytes, position))
            let typeBytes = bytes[(position + 4)..<(position + 8)]
            let type = String(decoding: typeBytes, as: UTF8.self)
            guard length <= Int(Int32.max) else { throw .malformed("chunk \(type) claims \(length) bytes") }
            guard position + 12 + length <= bytes.count else { throw .truncated("inside the \(type) chunk") }
            let data = bytes[(position + 8)..<(position + 8 + length)]
            let storedCRC = Self.bigEndian32(bytes, position + 8 + length)
            let actualCRC = bytes[(position + 4)..<(position + 8 + length)].withContiguousStorageIfAvailable {
                UInt32(crc32(0, $0.baseAddress, uInt($0.count)))
            } ?? 0
            guard storedCRC == actualCRC else { throw .badChecksum(chunk: type) }
            position += 12 + length

            if header == nil && type != "IHDR" { throw .malformed("the first chunk is \(type), not IHDR") }
            switch type {
            case "IHDR":
                guard header == nil else { throw .malformed("a second IHDR chunk") }
                header = try Self.readHeader(Array(data))
            case "PLTE":
                guard length % 3 == 0, length > 0, length <= 768 else {
                    throw .malformed("PLTE holds \(length) bytes; it needs 1 to 256 RGB entries")
                }
                paletteRGB = Array(data)
            case "tRNS":
                transparency = Array(data)
            case "IDAT":
                compressed.append(contentsOf: data)
            case "IEND":
                sawEnd = true
            default:
                // Bit 5 of the first type byte clear marks a critical chunk the decoder must understand.
                if let first = typeBytes.first, first & 0x20 == 0 {
                    throw .unsupported("unknown critical chunk \(type)")
                }
            }
        }
        guard let header else { throw .truncated("no IHDR chunk") }
        guard !compressed.isEmpty else { throw .truncated("no IDAT chunk") }
        if header.type == .indexed && paletteRGB.isEmpty { throw .malformed("a palette image without a PLTE chunk") }

        let passes = Self.passes(of: header)
        let expected = passes.reduce(0) { $0 + $1.byteCount }
        let (filtered, end) = compressed.withUnsafeBytes { inflate($0, wrapper: .zlib, limit: expected + 1) }
        switch end {
        case .truncated: throw .truncated("the compressed image data ends early")
        case let .corrupt(reason, _): throw .corruptImageData(reason)
        case .streamEnded, .limitReached: break
        }
        guard filtered.count <= expected else {
            throw .corruptImageData("it inflates to more than the \(expected) bytes the header implies")
        }
        guard filtered.count == expected else {
            throw .truncated("the image data inflates to \(filtered.count) bytes, \(expected) expected")
        }
        guard end == .streamEnded else { throw .corruptImageData("the zlib stream does not end after the image data") }

        var decoded: [(pass: Pass, samples: [UInt16])] = []
        var offset = 0
        for pass in passes {
            let raw = try Self.unfilter(filtered[offset..<(offset + pass.byteCount)], pass: pass)
            offset += pass.byteCount
            decoded.append((pass, Self.unpack(raw, pass: pass)))
        }
        let samples = header.interlaced ? Self.deinterlace(decoded, header: header) : decoded[0].samples

        self.width = header.width
        self.height = header.height
        self.bitDepth = header.depth
        self.colorType = header.type
        self.samples = samples
        self.palette = Self.rgbaPalette(paletteRGB, transparency: header.type == .indexed ? transparency : [])
        if header.type == .indexed, let bad = samples.first(where: { Int($0) >= palette.count }) {
            throw .malformed("palette index \(bad) is past the \(palette.count) palette entries")
        }
    }

    /// One mask value per pixel, row-major, from 0 (outside) to 255 (fully inside).
    ///
    /// The rule, for every colour type: take the pixel's brightest colour channel — the grey
    /// sample, or the largest of red, green and blue — scaled to 0…255, and multiply it by the
    /// alpha (scaled to 0…1) when the image has one. Black and fully transparent pixels are 0;
    /// a white, a pure red or a pure green opaque pixel is 255. So masks saved as grey images,
    /// as coloured overlays or as colour on a transparent background all import as drawn. A
    /// binary mask sets every pixel whose value is above 0. Palette entries take their alpha
    /// from `tRNS`; the single transparent colour key `tRNS` gives greyscale and truecolour
    /// images is not applied.
    public var maskValues: [UInt8] {
        let maximum = Double((1 << bitDepth) - 1)
        let channels = colorType.channels
        var values = [UInt8](repeating: 0, count: width * height)
        for pixel in 0..<(width * height) {
            let base = pixel * channels
            let level: Double
            switch colorType {
            case .greyscale:
                level = Double(samples[base]) / maximum
            case .greyscaleAlpha:
                level = Double(samples[base]) / maximum * Double(samples[base + 1]) / maximum
            case .truecolour:
                level = Double(max(samples[base], samples[base + 1], samples[base + 2])) / maximum
            case .truecolourAlpha:
                level = Double(max(samples[base], samples[base + 1], samples[base + 2])) / maximum
                    * Double(samples[base + 3]) / maximum
            case .indexed:
                let entry = palette[Int(samples[base])]
                level = Double(max(entry[0], entry[1], entry[2])) / 255 * Double(entry[3]) / 255
            }
            values[pixel] = UInt8((level * 255).rounded())
        }
        return values
    }

    // MARK: - Decoding steps

    /// The IHDR fields the decoder uses.
    private struct Header {
        var width: Int
        var height: Int
        var depth: Int
        var type: ColorType
        var interlaced: Bool
    }

    /// One reduced image of the stored data: the pixels at `firstColumn + n·columnStep`,
    /// `firstRow + m·rowStep`, filtered and packed as an image of their own.
    private struct Pass {
        var firstColumn: Int, firstRow: Int, columnStep: Int, rowStep: Int
        var width: Int, height: Int
        var depth: Int, channels: Int
        /// Bytes of one unfiltered row.
        var rowBytes: Int { (width * depth * channels + 7) / 8 }
        /// Bytes of the filtered pass: each row plus its filter-type byte.
        var byteCount: Int { height * (rowBytes + 1) }
        /// Distance between a byte and the same byte of the previous pixel (at least 1).
        var bytesPerPixel: Int { max(1, depth * channels / 8) }
    }

    /// The passes the image data holds: one covering the whole image, or Adam7's seven
    /// (PNG section 8.2), leaving out those that are empty for a small image.
    private static func passes(of header: Header) -> [Pass] {
        let grids = header.interlaced
            ? [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
            : [(0, 0, 1, 1)]
        return grids.compactMap { firstColumn, firstRow, columnStep, rowStep in
            let width = (header.width - firstColumn + columnStep - 1) / columnStep
            let height = (header.height - firstRow + rowStep - 1) / rowStep
            guard width > 0, height > 0 else { return nil }
            return Pass(firstColumn: firstColumn, firstRow: firstRow, columnStep: columnStep, rowStep: rowStep,
                        width: width, height: height, depth: header.depth, channels: header.type.channels)
        }
    }

    private static func readHeader(_ data: [UInt8]) throws(PNGReadError) -> Header {
        guard data.count == 13 else { throw .malformed("IHDR holds \(data.count) bytes, not 13") }
        let width = Int(bigEndian32(data, 0)), height = Int(bigEndian32(data, 4))
        guard width > 0, height > 0, width <= Int(Int32.max), height <= Int(Int32.max) else {
            throw .malformed("the image is \(width) × \(height); both must be 1 to 2³¹−1")
        }
        guard width * height <= maximumPixelCount else {
            throw .tooLarge(width: width, height: height, limit: maximumPixelCount)
        }
        guard let type = ColorType(rawValue: data[9]) else { throw .malformed("colour type \(data[9]) does not exist") }
        let depth = Int(data[8])
        let allowed: [Int] = switch type {
        case .greyscale: [1, 2, 4, 8, 16]
        case .indexed: [1, 2, 4, 8]
        case .truecolour, .greyscaleAlpha, .truecolourAlpha: [8, 16]
        }
        guard allowed.contains(depth) else { throw .malformed("bit depth \(depth) is not allowed for colour type \(type.rawValue)") }
        guard data[10] == 0 else { throw .malformed("compression method \(data[10]) does not exist") }
        guard data[11] == 0 else { throw .malformed("filter method \(data[11]) does not exist") }
        guard data[12] <= 1 else { throw .malformed("interlace method \(data[12]) does not exist") }
        return Header(width: width, height: height, depth: depth, type: type, interlaced: data[12] == 1)
    }

    /// Reverses the five row filters of PNG section 9 over one pass, returning its rows without
    /// filter bytes.
    private static func unfilter(_ data: ArraySlice<UInt8>, pass: Pass) throws(PNGReadError) -> [UInt8] {
        let rowBytes = pass.rowBytes, bpp = pass.bytesPerPixel
        var out = [UInt8](repeating: 0, count: pass.height * rowBytes)
        for row in 0..<pass.height {
            let filterIndex = data.startIndex + row * (rowBytes + 1)
            let filter = data[filterIndex]
            let source = filterIndex + 1
            let line = row * rowBytes
            let previous = line - rowBytes  // only read when row > 0
            for x in 0..<rowBytes {
                let raw = data[source + x]
                let a = x >= bpp ? out[line + x - bpp] : 0
                let b = row > 0 ? out[previous + x] : 0
                let c = row > 0 && x >= bpp ? out[previous + x - bpp] : 0
                let predictor: UInt8
                switch filter {
                case 0: predictor = 0
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = UInt8((Int(a) + Int(b)) / 2)
                case 4: predictor = paeth(a, b, c)
                default: throw .malformed("row \(row) uses filter type \(filter); only 0 to 4 exist")
                }
                out[line + x] = raw &+ predictor
            }
        }
        return out
    }

    private static func paeth(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt8 {
        let p = Int(a) + Int(b) - Int(c)
        let pa = abs(p - Int(a)), pb = abs(p - Int(b)), pc = abs(p - Int(c))
        if pa <= pb && pa <= pc { return a }
        return pb <= pc ? b : c
    }

    /// Places each Adam7 pass's samples on its grid of the full image.
    private static func deinterlace(_ passes: [(pass: Pass, samples: [UInt16])], header: Header) -> [UInt16] {
        let channels = header.type.channels
        var samples = [UInt16](repeating: 0, count: header.width * header.height * channels)
        for (pass, passSamples) in passes {
            for y in 0..<pass.height {
                let row = pass.firstRow + y * pass.rowStep
                for x in 0..<pass.width {
                    let target = (row * header.width + pass.firstColumn + x * pass.columnStep) * channels
                    let source = (y * pass.width + x) * channels
                    for c in 0..<channels { samples[target + c] = passSamples[source + c] }
                }
            }
        }
        return samples
    }

    /// Splits a pass's unfiltered rows into samples; sub-byte samples are packed most
    /// significant bit first, and each row starts on a byte boundary.
    private static func unpack(_ raw: [UInt8], pass: Pass) -> [UInt16] {
        let perRow = pass.width * pass.channels
        let rowBytes = pass.rowBytes
        var samples = [UInt16]()
        samples.reserveCapacity(perRow * pass.height)
        for row in 0..<pass.height {
            let line = row * rowBytes
            switch pass.depth {
            case 16:
                for s in 0..<perRow { samples.append(UInt16(raw[line + 2 * s]) << 8 | UInt16(raw[line + 2 * s + 1])) }
            case 8:
                for s in 0..<perRow { samples.append(UInt16(raw[line + s])) }
            default:
                let depth = pass.depth
                let mask = UInt8((1 << depth) - 1)
                for s in 0..<perRow {
                    let bit = s * depth
                    let shift = 8 - depth - bit % 8
                    samples.append(UInt16((raw[line + bit / 8] >> shift) & mask))
                }
            }
        }
        return samples
    }

    private static func rgbaPalette(_ rgb: [UInt8], transparency: [UInt8]) -> [[UInt8]] {
        stride(from: 0, to: rgb.count, by: 3).enumerated().map { index, offset in
            [rgb[offset], rgb[offset + 1], rgb[offset + 2], index < transparency.count ? transparency[index] : 255]
        }
    }

    private static func bigEndian32(_ bytes: some RandomAccessCollection<UInt8>, _ offset: Int) -> UInt32 {
        let start = bytes.index(bytes.startIndex, offsetBy: offset)
        return bytes[start...].prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }
}
