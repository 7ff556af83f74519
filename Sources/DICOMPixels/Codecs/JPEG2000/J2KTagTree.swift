/// A tag tree (ISO/IEC 15444-1 B.10.2): a quad-tree of minima over a precinct-band's grid of
/// code blocks, which packet headers use to code when each block is first included and how
/// many of its most significant bit-planes are zero.
///
/// Each node keeps the lower bound established so far and, once a 1 bit settles it, its
/// value; decoding a leaf against a threshold reads only the bits not already known.
struct J2KTagTree {
    /// Nodes of every level, leaves first; `levelStart[k]` is where level k begins.
    private var value: [Int32]
    private var lowerBound: [Int32]
    private var levelStart: [Int] = []
    private var levelWidth: [Int] = []

    private static let unknown = Int32.max

    init(width: Int, height: Int) {
        var w = max(width, 1), h = max(height, 1)
        var count = 0
        while true {
            levelStart.append(count)
            levelWidth.append(w)
            count += w * h
            if w == 1 && h == 1 { break }
            w = (w + 1) / 2
            h = (h + 1) / 2
        }
        value = Array(repeating: Self.unknown, count: count)
        lowerBound = Array(repeating: 0, count: count)
    }

    /// Reads bits until the value of leaf (`x`, `y`) is known to be below `threshold` or at
    /// least `threshold`; returns whether it is below.
    mutating func decode(x: Int, y: Int, threshold: Int32, bits: inout J2KPacketBitReader) throws(JPEG2000Failure) -> Bool {
        var path: (Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let levels = levelStart.count
        // A precinct-band has at most 2^15 code blocks a side (its size over the smallest
        // block), so 16 levels; the path below has room for exactly that.
        guard levels <= 16 else { throw JPEG2000Failure("a precinct has too many code blocks for a tag tree") }
        try withUnsafeMutableBytes(of: &path) { (raw) throws(JPEG2000Failure) in
            let nodes = raw.bindMemory(to: Int.self)
            for k in 0..<levels { nodes[k] = levelStart[k] + (y >> k) * levelWidth[k] + (x >> k) }
            var low: Int32 = 0
            for k in stride(from: levels - 1, through: 0, by: -1) {
                let node = nodes[k]
                if low > lowerBound[node] { lowerBound[node] = low } else { low = lowerBound[node] }
                while low < threshold && low < value[node] {
                    if try bits.bit() == 1 { value[node] = low } else { low += 1 }
                }
                lowerBound[node] = low
            }
        }
        return value[levelStart[0] + y * levelWidth[0] + x] < threshold
    }

    /// The value of leaf (`x`, `y`), read to the end (for the zero bit-planes).
    mutating func decodeValue(x: Int, y: Int, bits: inout J2KPacketBitReader) throws(JPEG2000Failure) -> Int {
        var threshold: Int32 = 1
        while try !decode(x: x, y: y, threshold: threshold, bits: &bits) {
            threshold += 1
            guard threshold <= 64 else { throw JPEG2000Failure("a packet header codes more than 63 zero bit-planes") }
        }
        return Int(threshold - 1)
    }
}
