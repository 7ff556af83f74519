extension JPEGDCT {
    /// One decoded component at its own resolution, borrowed from its storage.
    struct PlaneView<T: FixedWidthInteger & UnsignedInteger> {
        var base: UnsafePointer<T>
        /// Samples from one row to the next.
        var stride: Int
        /// libjpeg's `downsampled_width` / `downsampled_height`: ceil(image size × factor / max factor).
        var width: Int
        var height: Int
        /// Max sampling factor / this component's factor (1 when not subsampled).
        var hExpand: Int
        var vExpand: Int
    }

    /// Expands subsampled components to full size and writes all components interleaved
    /// (row, column, sample) as little-endian containers of `bytesPerSample` bytes.
    ///
    /// Chroma is expanded the way libjpeg 6b and libjpeg-turbo do by default — the
    /// triangular "fancy" filter for 2×1 and 2×2 when the component is wider than two
    /// samples, plain replication otherwise — because that is what pydicom's JPEG plugins
    /// (GDCM first) return, and the values are left in the codestream's colour space.
    static func interleave<T>(_ planes: [PlaneView<T>], width: Int, height: Int, bytesPerSample: Int,
                              into output: UnsafeMutableRawBufferPointer) throws(Failure) {
        let spp = planes.count
        guard spp > 0, width > 0, height > 0, let out = output.baseAddress,
              output.count >= width * height * spp * bytesPerSample else {
            throw Failure("the output buffer does not match the image size")
        }
        for (c, plane) in planes.enumerated() {
            guard plane.hExpand >= 1, plane.vExpand >= 1, plane.hExpand <= 4, plane.vExpand <= 4 else {
                throw Failure("component \(c + 1) has a sampling ratio libjpeg cannot expand")
            }
            guard plane.width * plane.hExpand >= width, plane.height * plane.vExpand >= height,
                  plane.stride >= plane.width else {
                throw Failure("component \(c + 1) is \(plane.width)x\(plane.height), too small for a "
                              + "\(width)x\(height) image")
            }
        }
        // One row of expanded samples plus the column sums of the 2×2 filter; twice the
        // width leaves room for the last pair of a row with odd width.
        let row = UnsafeMutablePointer<Int32>.allocate(capacity: 2 * width + 8)
        let colsum = UnsafeMutablePointer<Int32>.allocate(capacity: width + 8)
        defer { row.deallocate(); colsum.deallocate() }

        for (c, plane) in planes.enumerated() {
            // libjpeg's downsampled width; never more than the output row needs.
            let n = min(plane.width, (width + plane.hExpand - 1) / plane.hExpand)
            let fancy = n > 2
            for y in 0..<height {
                let rowStart: UnsafeMutablePointer<Int32>
                switch (plane.hExpand, plane.vExpand) {
                case (1, 1):
                    let src = plane.base + y * plane.stride
                    for x in 0..<width { row[x] = Int32(truncatingIfNeeded: src[x]) }
                    rowStart = row
                case (2, 1) where fancy:
                    h2v1Fancy(plane.base + y * plane.stride, count: n, into: row)
                    rowStart = row
                case (2, 2) where fancy:
                    let inRow = y >> 1
                    let neighbour = y & 1 == 0 ? max(inRow - 1, 0) : min(inRow + 1, plane.height - 1)
                    let near = plane.base + inRow * plane.stride
                    let far = plane.base + neighbour * plane.stride
                    for i in 0..<n {
                        colsum[i] = 3 &* Int32(truncatingIfNeeded: near[i]) &+ Int32(truncatingIfNeeded: far[i])
                    }
                    h2v2Fancy(colsum, count: n, into: row)
                    rowStart = row
                default:
                    // Integral replication (libjpeg's int_upsample / h2v1_upsample / h2v2_upsample).
                    let src = plane.base + min(y / plane.vExpand, plane.height - 1) * plane.stride
                    let e = plane.hExpand
                    for x in 0..<width { row[x] = Int32(truncatingIfNeeded: src[x / e]) }
                    rowStart = row
                }
                store(rowStart, count: width, to: out + (y * width * spp + c) * bytesPerSample,
                      step: spp * bytesPerSample, bytesPerSample: bytesPerSample)
            }
        }
    }

    /// libjpeg's h2v1_fancy_upsample: each output sample is ¾ of the nearer input sample
    /// plus ¼ of the next farther one, with alternating rounding.
    @inline(__always)
    private static func h2v1Fancy<T: FixedWidthInteger & UnsignedInteger>(
        _ src: UnsafePointer<T>, count n: Int, into out: UnsafeMutablePointer<Int32>
    ) {
        func s(_ i: Int) -> Int32 { Int32(truncatingIfNeeded: src[i]) }
        out[0] = s(0)
        out[1] = (s(0) &* 3 &+ s(1) &+ 2) >> 2
        if n > 2 {
            for i in 1..<(n - 1) {
                let v = s(i) &* 3
                out[2 * i] = (v &+ s(i - 1) &+ 1) >> 2
                out[2 * i + 1] = (v &+ s(i + 1) &+ 2) >> 2
            }
        }
        out[2 * n - 2] = (s(n - 1) &* 3 &+ s(n - 2) &+ 1) >> 2
        out[2 * n - 1] = s(n - 1)
    }

    /// libjpeg's h2v2_fancy_upsample, horizontal half: `colsum` holds 3 × nearer row +
    /// farther row for each input column.
    @inline(__always)
    private static func h2v2Fancy(_ colsum: UnsafePointer<Int32>, count n: Int, into out: UnsafeMutablePointer<Int32>) {
        out[0] = (colsum[0] &* 4 &+ 8) >> 4
        out[1] = (colsum[0] &* 3 &+ colsum[1] &+ 7) >> 4
        if n > 2 {
            for i in 1..<(n - 1) {
                let v = colsum[i] &* 3
                out[2 * i] = (v &+ colsum[i - 1] &+ 8) >> 4
                out[2 * i + 1] = (v &+ colsum[i + 1] &+ 7) >> 4
            }
        }
        out[2 * n - 2] = (colsum[n - 1] &* 3 &+ colsum[n - 2] &+ 8) >> 4
        out[2 * n - 1] = (colsum[n - 1] &* 4 &+ 7) >> 4
    }

    /// Writes `count` samples as little-endian containers, `step` bytes apart.
    @inline(__always)
    static func store(_ values: UnsafePointer<Int32>, count: Int, to destination: UnsafeMutableRawPointer,
                      step: Int, bytesPerSample: Int) {
        var d = destination
        switch bytesPerSample {
        case 1:
            for x in 0..<count {
                d.storeBytes(of: UInt8(truncatingIfNeeded: values[x]), as: UInt8.self)
                d += step
            }
        case 2:
            for x in 0..<count {
                d.storeBytes(of: UInt16(truncatingIfNeeded: values[x]).littleEndian, as: UInt16.self)
                d += step
            }
        default:
            for x in 0..<count {
                d.storeBytes(of: UInt32(truncatingIfNeeded: values[x]).littleEndian, as: UInt32.self)
                d += step
            }
        }
    }
}
