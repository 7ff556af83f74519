/// The inverse reversible 5/3 wavelet transform (ISO/IEC 15444-1 F.3, F.3.8.1), in place on
/// a tile-component buffer in Mallat layout.
///
/// Each level rebuilds resolution r from resolution r − 1 and its three detail bands
/// (2D_SR, F.3.2): every row first (HOR_SR), then every column (VER_SR). A row or column
/// is interleaved by the parity of its true first coordinate — low-pass samples at even
/// positions of the tile-component grid, high-pass at odd ones — and lifted with
/// symmetric extension at both ends (F.3.7, F.3.8), so odd tile origins and one-sample
/// bands come out as the standard says.
struct J2KWavelet {
    /// The resolution being rebuilt, its rows in interleaved order, each with a cell either
    /// side for the symmetric extension.
    private var rows: UnsafeMutablePointer<Int32>
    private var rowsCapacity: Int

    init() {
        rowsCapacity = 0
        rows = .allocate(capacity: 1)
    }

    func deallocate() {
        rows.deallocate()
    }

    /// The bytes its rows hold.
    var retainedBytes: Int { rowsCapacity * MemoryLayout<Int32>.stride }

    /// Reconstructs `component`'s samples in `buffer` (rows `stride` apart) from its subbands.
    ///
    /// Each row is lifted from its halves and interleaved straight into its interleaved
    /// place among the rows, which are then lifted down the columns and copied back: one
    /// copy a level.
    mutating func inverse(_ component: J2KTile.Component, buffer: UnsafeMutablePointer<Int32>, stride: Int) {
        for r in component.resolutions.indices.dropFirst() {
            let rect = component.resolutions[r].rect
            let low = component.resolutions[r - 1].rect
            let width = rect.width, height = rect.height
            guard width > 0, height > 0 else { continue }
            let pitch = width
            // After the rows, room for one row's lifted low and high halves.
            reserve(pitch * height + width + 2)
            let lows = rows + pitch * height, highs = lows + (width + 1) / 2
            // Rows: low-pass samples are the first `low.width` of each row; low-pass rows
            // are the first `low.height`.
            let oddX = rect.x0 & 1 == 1, oddY = rect.y0 & 1 == 1
            for y in 0..<height {
                let isLow = y < low.height
                let k = isLow ? 2 * y + (oddY ? 1 : 0) : 2 * (y - low.height) + (oddY ? 0 : 1)
                Self.liftRow(buffer + y * stride, lowCount: low.width, count: width, oddFirst: oddX,
                             into: rows + k * pitch, lows: lows, highs: highs)
            }
            Self.liftRows(rows, count: height, width: width, pitch: pitch, oddFirst: oddY)
            for y in 0..<height { (buffer + y * stride).update(from: rows + y * pitch, count: width) }
        }
    }

    private mutating func reserve(_ count: Int) {
        if count > rowsCapacity {
            rows.deallocate()
            rows = .allocate(capacity: count)
            rowsCapacity = count
        }
    }

    /// HOR_SR of one row (F.3.6, with the symmetric extension of F.3.7): `row` holds its
    /// `lowCount` low-pass samples, then its high-pass ones; `out` gets the `count` samples
    /// interleaved, the first high-pass when `oddFirst`. Lifting the halves in `lows` and
    /// `highs`, each contiguous, lets the compiler vectorize the steps.
    private static func liftRow(_ row: UnsafeMutablePointer<Int32>, lowCount nl: Int, count n: Int, oddFirst: Bool,
                                into out: UnsafeMutablePointer<Int32>,
                                lows lo: UnsafeMutablePointer<Int32>, highs hi: UnsafeMutablePointer<Int32>) {
        if n == 1 {
            out[0] = oddFirst ? row[0] / 2 : row[0]
            return
        }
        let low = row, high = row + nl, nh = n - nl
        if !oddFirst {
            // x[2i] is low i, x[2i + 1] high i; nl is nh or nh + 1.
            lo[0] = low[0] &- ((high[0] &+ high[0] &+ 2) &>> 2)
            for i in 1..<nh { lo[i] = low[i] &- ((high[i - 1] &+ high[i] &+ 2) &>> 2) }
            if nl > nh { lo[nh] = low[nh] &- ((high[nh - 1] &+ high[nh - 1] &+ 2) &>> 2) }
            for i in 0..<(nl - 1) { hi[i] = high[i] &+ ((lo[i] &+ lo[i + 1]) &>> 1) }
            if nl == nh { hi[nh - 1] = high[nh - 1] &+ ((lo[nh - 1] &+ lo[nh - 1]) &>> 1) }
            for i in 0..<nh {
                out[2 * i] = lo[i]
                out[2 * i + 1] = hi[i]
            }
            if nl > nh { out[n - 1] = lo[nh] }
        } else {
            // x[2i] is high i, x[2i + 1] low i; nh is nl or nl + 1.
            for i in 0..<(nl - 1) { lo[i] = low[i] &- ((high[i] &+ high[i + 1] &+ 2) &>> 2) }
            let last = nl < nh ? high[nl] : high[nl - 1]
            lo[nl - 1] = low[nl - 1] &- ((high[nl - 1] &+ last &+ 2) &>> 2)
            hi[0] = high[0] &+ ((lo[0] &+ lo[0]) &>> 1)
            for i in 1..<nl { hi[i] = high[i] &+ ((lo[i - 1] &+ lo[i]) &>> 1) }
            if nh > nl { hi[nl] = high[nl] &+ ((lo[nl - 1] &+ lo[nl - 1]) &>> 1) }
            for i in 0..<nl {
                out[2 * i] = hi[i]
                out[2 * i + 1] = lo[i]
            }
            if nh > nl { out[n - 1] = hi[nl] }
        }
    }

    /// The same lifting applied down columns, on `count` interleaved rows of `width`,
    /// `pitch` apart.
    private static func liftRows(_ rows: UnsafeMutablePointer<Int32>, count n: Int, width: Int, pitch: Int,
                                 oddFirst: Bool) {
        if n == 1 {
            if oddFirst { for x in 0..<width { rows[x] /= 2 } }
            return
        }
        let even = oddFirst ? 1 : 0
        for k in Swift.stride(from: even, to: n, by: 2) {
            let row = rows + k * pitch
            let above = rows + (k > 0 ? k - 1 : k + 1) * pitch
            let below = rows + (k + 1 < n ? k + 1 : k - 1) * pitch
            for x in 0..<width { row[x] &-= (above[x] &+ below[x] &+ 2) >> 2 }
        }
        for k in Swift.stride(from: 1 - even, to: n, by: 2) {
            let row = rows + k * pitch
            let above = rows + (k > 0 ? k - 1 : k + 1) * pitch
            let below = rows + (k + 1 < n ? k + 1 : k - 1) * pitch
            for x in 0..<width { row[x] &+= (above[x] &+ below[x]) >> 1 }
        }
    }
}
