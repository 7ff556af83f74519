/// Colour-by-plane → colour-by-pixel: `RRR… GGG… BBB…` becomes `RGB RGB …`. Native data
/// with Planar Configuration 1 needs it, and so do codecs that decode planes separately
/// (RLE), since every decoder hands out interleaved samples.
///
/// ```swift
/// Interleave.planes([1, 2, 10, 20, 100, 200], planes: 3, bytesPerSample: 1)
/// // [1, 10, 100, 2, 20, 200]
/// ```
public enum Interleave {
    /// `samples` holds `planes` equal planes of `bytesPerSample`-byte samples.
    public static func planes(_ samples: [UInt8], planes: Int, bytesPerSample n: Int) -> [UInt8] {
        guard planes > 1, n > 0 else { return samples }
        let pixels = samples.count / (planes * n)
        let count = pixels * planes * n
        return [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
            samples.withUnsafeBufferPointer { src in
                let planeBytes = pixels * n
                for p in 0..<planes {
                    let plane = p * planeBytes
                    for i in 0..<pixels {
                        let from = plane + i * n
                        let to = (i * planes + p) * n
                        for j in 0..<n { out[to + j] = src[from + j] }
                    }
                }
            }
            initialized = count
        }
    }
}
