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
    /// Each row is interleaved and lifted straight into its interleaved place among the
    /// rows, which are then lifted down the columns and copied back: one copy a level.
    mutating func inverse(_ component: J2KTile.Component, buffer: UnsafeMutablePointer<Int32>, stride: Int) {
        for r in component.resolutions.indices.dropFirst() {
            let rect = component.resolutions[r].rect
            let low = component.resolutions[r - 1].rect
            let width = rect.width, height = rect.height
            guard width > 0, height > 0 else { continue }
            let pitch = width + 2
            reserve(pitch * height)
            // Rows: low-pass samples are the first `low.width` of each row; low-pass rows
            // are the first `low.height`.
            let oddX = rect.x0 & 1 == 1, oddY = rect.y0 & 1 == 1
            for y in 0..<height {
                let isLow = y < low.height
                let k = isLow ? 2 * y + (oddY ? 1 : 0) : 2 * (y - low.height) + (oddY ? 0 : 1)
                let line = rows + k * pitch + 1
                interleave(from: buffer + y * stride, lowCount: low.width, count: width, oddFirst: oddX, into: line)
                Self.lift(line, count: width, oddFirst: oddX)
            }
            Self.liftRows(rows + 1, count: height, width: width, pitch: pitch, oddFirst: oddY)
            for y in 0..<height { (buffer + y * stride).update(from: rows + y * pitch + 1, count: width) }
        }
    }

    private mutating func reserve(_ count: Int) {
        if count > rowsCapacity {
            rows.deallocate()
            rows = .allocate(capacity: count)
            rowsCapacity = count
        }
    }

    private func interleave(from row: UnsafeMutablePointer<Int32>, lowCount: Int, count: Int, oddFirst: Bool,
                            into out: UnsafeMutablePointer<Int32>) {
        let lowStart = oddFirst ? 1 : 0
        var l = 0
        for k in Swift.stride(from: lowStart, to: count, by: 2) {
            out[k] = row[l]
            l += 1
        }
        var h = lowCount
        for k in Swift.stride(from: 1 - lowStart, to: count, by: 2) {
            out[k] = row[h]
            h += 1
        }
    }

    /// 1D_SR on one interleaved line (F.3.6): first the even samples, then the odd ones.
    /// `x[-1]` and `x[n]` must be writable: they hold the symmetric extension (F.3.7), so
    /// the loops test no ends.
    @inline(__always)
    private static func lift(_ x: UnsafeMutablePointer<Int32>, count n: Int, oddFirst: Bool) {
        if n == 1 {
            if oddFirst { x[0] /= 2 }
            return
        }
        let even = oddFirst ? 1 : 0
        x[-1] = x[1]
        x[n] = x[n - 2]
        var k = even
        while k < n {
            x[k] &-= (x[k - 1] &+ x[k + 1] &+ 2) &>> 2
            k &+= 2
        }
        x[-1] = x[1]
        x[n] = x[n - 2]
        k = 1 - even
        while k < n {
            x[k] &+= (x[k - 1] &+ x[k + 1]) &>> 1
            k &+= 2
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
