/// YBR_FULL (and upsampled YBR_FULL_422) to RGB, with the equations of PS3.3 C.7.6.3.1.2
/// (ITU-T T.871 §7).
///
/// The arithmetic is pydicom's `convert_color_space`: single-precision coefficients,
/// `round(x) = floor(x + 0.5)`, clipping to 0...255. Each output sums its terms with fused
/// multiply-adds in matrix order, which is what NumPy's `matmul` (OpenBLAS) does on x86-64 and
/// ARM64; the result matches pydicom on all 2^24 inputs.
///
/// ```swift
/// YBRConversion.rgb(y: 128, cb: 128, cr: 255)   // (R: 255, G: 37, B: 128)
/// ```
public enum YBRConversion {
    @usableFromInline static let crToRed = Float(1.402)
    @usableFromInline static let cbToGreen = Float(-0.114 * 1.772 / 0.587)
    @usableFromInline static let crToGreen = Float(-0.299 * 1.402 / 0.587)
    @usableFromInline static let cbToBlue = Float(1.772)

    /// The RGB value of one 8-bit YBR_FULL sample triple.
    @inlinable public static func rgb(y: UInt8, cb: UInt8, cr: UInt8) -> (red: UInt8, green: UInt8, blue: UInt8) {
        let fy = Float(y), fcb = Float(cb) - 128, fcr = Float(cr) - 128
        let r = fy.addingProduct(fcb, 0).addingProduct(fcr, crToRed)
        let g = fy.addingProduct(fcb, cbToGreen).addingProduct(fcr, crToGreen)
        let b = fy.addingProduct(fcb, cbToBlue).addingProduct(fcr, 0)
        return (clip8(r), clip8(g), clip8(b))
    }

    /// Converts interleaved 8-bit YBR_FULL samples (Y, Cb, Cr per pixel) to RGB in place.
    public static func convertToRGB(_ samples: inout [UInt8]) {
        samples.withUnsafeMutableBufferPointer { buffer in
            var i = 0
            while i + 2 < buffer.count {
                let (r, g, b) = rgb(y: buffer[i], cb: buffer[i + 1], cr: buffer[i + 2])
                buffer[i] = r
                buffer[i + 1] = g
                buffer[i + 2] = b
                i += 3
            }
        }
    }

    /// The RGB value of one YBR_FULL triple of `bits`-bit samples (9...16), for data pydicom
    /// does not convert: the same equations with chroma centred on 2^(bits−1), rounded the same
    /// way and clipped to 0...2^bits − 1, in double precision.
    @inlinable public static func rgb(y: Int, cb: Int, cr: Int, bits: Int) -> (red: Int, green: Int, blue: Int) {
        let half = Double(1 << (bits - 1)), top = Double((1 << bits) - 1)
        let fy = Double(y), fcb = Double(cb) - half, fcr = Double(cr) - half
        func clip(_ x: Double) -> Int { Int(min(max((x + 0.5).rounded(.down), 0), top)) }
        return (clip(fy + 1.402 * fcr),
                clip(fy + (-0.114 * 1.772 / 0.587) * fcb + (-0.299 * 1.402 / 0.587) * fcr),
                clip(fy + 1.772 * fcb))
    }

    @usableFromInline static func clip8(_ x: Float) -> UInt8 {
        UInt8(min(max((x + 0.5).rounded(.down), 0), 255))
    }
}
