import CZlib

/// Why a PNG could not be written.
public enum PNGError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Width or height is outside 1...2^31 − 1 (PNG §11.2.2).
    case invalidSize(width: Int, height: Int)
    /// zlib failed to compress the image data.
    case compressionFailed(status: Int32)

    public var description: String {
        switch self {
        case let .invalidSize(width, height):
            "a PNG cannot be \(width)×\(height) pixels"
        case let .compressionFailed(status):
            "zlib could not compress the image (status \(status))"
        }
    }
}

/// Writes PNG files (ISO/IEC 15948): an IHDR, one zlib-compressed IDAT and an IEND, with
/// CRC-32 from zlib. Grey 8-bit, RGB 8-bit and grey 16-bit; no interlacing.
///
/// ```swift
/// let png = try PNGWriter().encode(image)
/// try Data(png).write(to: URL(fileURLWithPath: "ct.png"))
/// ```
public struct PNGWriter: Sendable {
    /// How each row is filtered before compression (PNG §9).
    public enum Filtering: Sendable {
        /// Filter type 0 on every row: fastest.
        case none
        /// For each row the filter (None, Sub, Up, Average, Paeth) with the smallest sum of
        /// absolute signed residuals, the heuristic of PNG §12.8: usually the smallest file.
        case adaptive
    }

    public var filtering: Filtering
    /// zlib compression level, 0...9.
    public var compressionLevel: Int32

    public init(filtering: Filtering = .adaptive, compressionLevel: Int32 = 6) {
        self.filtering = filtering
        self.compressionLevel = compressionLevel
    }

    static let maximumIDATLength = 1 << 20

    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// The PNG file for `image`.
    public func encode(_ image: DisplayImage) throws(PNGError) -> [UInt8] {
        guard (1...Int(Int32.max)).contains(image.width), (1...Int(Int32.max)).contains(image.height) else {
            throw .invalidSize(width: image.width, height: image.height)
        }
        let (bitDepth, colourType): (UInt8, UInt8) = switch image.format {
        case .grey8: (8, 0)
        case .rgb8: (8, 2)
        case .grey16: (16, 0)
        }
        var header = [UInt8]()
        header.appendBigEndian(UInt32(image.width))
        header.appendBigEndian(UInt32(image.height))
        header += [bitDepth, colourType, 0, 0, 0] // deflate, adaptive filtering, no interlace

        let compressed = try compress(filteredRows(image))
        var png = Self.signature
        png.appendChunk("IHDR", header[...])
        // Chunks are limited to 2^31 − 1 bytes; 1 MiB pieces keep readers' buffers small too.
        var start = 0
        repeat {
            let end = Swift.min(start + Self.maximumIDATLength, compressed.count)
            png.appendChunk("IDAT", compressed[start..<end])
            start = end
        } while start < compressed.count
        png.appendChunk("IEND", [][...])
        return png
    }

    /// The rows, each preceded by its filter type byte.
    func filteredRows(_ image: DisplayImage) -> [UInt8] {
        let rowLength = image.rowLength, bpp = image.format.bytesPerPixel
        var out = [UInt8](repeating: 0, count: (rowLength + 1) * image.height)
        var candidate = [UInt8](repeating: 0, count: rowLength)
        var best = [UInt8](repeating: 0, count: rowLength)
        image.pixels.withUnsafeBufferPointer { pixels in
            for y in 0..<image.height {
                let row = UnsafeBufferPointer(rebasing: pixels[(y * rowLength)..<((y + 1) * rowLength)])
                let above = y == 0 ? nil : UnsafeBufferPointer(rebasing: pixels[((y - 1) * rowLength)..<(y * rowLength)])
                let base = y * (rowLength + 1)
                var bestType: UInt8 = 0
                switch filtering {
                case .none:
                    for i in 0..<rowLength { best[i] = row[i] }
                case .adaptive:
                    var bestCost = Int.max
                    for type: UInt8 in 0...4 {
                        let cost = Self.filter(type, row: row, above: above, bpp: bpp, into: &candidate)
                        if cost < bestCost {
                            bestCost = cost
                            bestType = type
                            swap(&best, &candidate)
                        }
                    }
                }
                out[base] = bestType
                for i in 0..<rowLength { out[base + 1 + i] = best[i] }
            }
        }
        return out
    }

    /// Applies filter `type` to `row` into `output`, returning the sum of |residual| with the
    /// residuals read as signed bytes.
    static func filter(_ type: UInt8, row: UnsafeBufferPointer<UInt8>, above: UnsafeBufferPointer<UInt8>?,
                       bpp: Int, into output: inout [UInt8]) -> Int {
        var cost = 0
        for i in 0..<row.count {
            let a = i >= bpp ? row[i - bpp] : 0
            let b = above?[i] ?? 0
            let c = i >= bpp ? (above?[i - bpp] ?? 0) : 0
            let predictor: UInt8 = switch type {
            case 1: a
            case 2: b
            case 3: UInt8((Int(a) + Int(b)) / 2)
            case 4: paeth(a, b, c)
            default: 0
            }
            let residual = row[i] &- predictor
            output[i] = residual
            cost += abs(Int(Int8(bitPattern: residual)))
        }
        return cost
    }

    /// The Paeth predictor (PNG §9.4): whichever of left, above, upper-left is closest to
    /// left + above − upper-left, ties going in that order.
    @inline(__always) static func paeth(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt8 {
        let p = Int(a) + Int(b) - Int(c)
        let pa = abs(p - Int(a)), pb = abs(p - Int(b)), pc = abs(p - Int(c))
        if pa <= pb, pa <= pc { return a }
        if pb <= pc { return b }
        return c
    }

    /// A zlib stream (RFC 1950) of `data`.
    func compress(_ data: [UInt8]) throws(PNGError) -> [UInt8] {
        var bound = compressBound(uLong(data.count))
        var output = [UInt8](repeating: 0, count: Int(bound))
        let level = min(max(compressionLevel, 0), 9)
        let status = output.withUnsafeMutableBufferPointer { out in
            data.withUnsafeBufferPointer { input in
                compress2(out.baseAddress, &bound, input.baseAddress, uLong(input.count), level)
            }
        }
        guard status == Z_OK else { throw .compressionFailed(status: status) }
        output.removeSubrange(Int(bound)...)
        return output
    }
}

extension [UInt8] {
    mutating func appendBigEndian(_ value: UInt32) {
        append(contentsOf: [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)])
    }

    /// Appends a chunk: length, type, data, and the CRC-32 of type and data (PNG §5.3).
    mutating func appendChunk(_ type: String, _ data: ArraySlice<UInt8>) {
        appendBigEndian(UInt32(data.count))
        let typeBytes = Array(type.utf8)
        append(contentsOf: typeBytes)
        append(contentsOf: data)
        var crc = crc32(0, nil, 0)
        // zlib's crc32 returns the initial value for a NULL buffer, so empty data is skipped.
        for part in [typeBytes[...], data] where !part.isEmpty {
            crc = part.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
        }
        appendBigEndian(UInt32(truncatingIfNeeded: crc))
    }
}
