/// Stores decoded lines in the caller's frame: samples interleaved (row, column, sample) in
/// little-endian containers of 1 or 2 bytes, sign-extended from the codestream's precision
/// when the data set says the samples are signed (JPEG-LS itself has no notion of sign).
struct JPEGLSSampleWriter {
    private let output: UnsafeMutableRawPointer
    private let columns: Int
    private let samplesPerPixel: Int
    private let bytesPerSample: Int
    /// 2^(precision − 1) for signed samples, 0 for unsigned: `(v ^ s) − s` sign-extends.
    private let signBit: Int32

    init(output: UnsafeMutableRawPointer, columns: Int, samplesPerPixel: Int, bytesPerSample: Int,
         precision: Int, isSigned: Bool) {
        self.output = output
        self.columns = columns
        self.samplesPerPixel = samplesPerPixel
        self.bytesPerSample = bytesPerSample
        signBit = isSigned ? 1 << (precision - 1) : 0
    }

    /// Stores `line[0..<columns]` as row `row` of component `component`.
    func store(_ line: UnsafePointer<Int32>, row: Int, component: Int) {
        let first = row * columns * samplesPerPixel + component
        let stride = samplesPerPixel, signBit = signBit
        if bytesPerSample == 1 {
            let out = output.assumingMemoryBound(to: UInt8.self) + first
            for x in 0..<columns {
                out[x &* stride] = UInt8(truncatingIfNeeded: (line[x] ^ signBit) &- signBit)
            }
        } else {
            let out = output + 2 * first
            for x in 0..<columns {
                let value = UInt16(truncatingIfNeeded: (line[x] ^ signBit) &- signBit)
                out.storeBytes(of: value.littleEndian, toByteOffset: 2 &* x &* stride, as: UInt16.self)
            }
        }
    }
}
