import DICOM

/// The Image Pixel module attributes that say how stored pixel values are laid out
/// (PS3.3 C.7.6.3): size, samples, bit depth, sign, planar configuration, photometric
/// interpretation, number of frames.
///
/// ```swift
/// let description = try PixelDescription(dataSet: file.dataSet)
/// description.rows                  // 512
/// description.bitsAllocated         // 16
/// description.isSigned              // true
/// ```
public struct PixelDescription: Equatable, Sendable {
    /// Which pixel data element holds the values.
    public enum Storage: Equatable, Sendable {
        /// (7FE0,0010) Pixel Data: integers.
        case integer
        /// (7FE0,0008) Float Pixel Data: 32-bit IEEE floats.
        case float
        /// (7FE0,0009) Double Float Pixel Data: 64-bit IEEE floats.
        case double
    }

    public var rows: Int
    public var columns: Int
    public var samplesPerPixel: Int
    public var bitsAllocated: Int
    public var bitsStored: Int
    public var highBit: Int
    /// Pixel Representation 1: two's complement integers.
    public var isSigned: Bool
    /// Planar Configuration 1: all of one sample, then the next (colour-by-plane).
    public var isPlanar: Bool
    public var photometricInterpretation: String
    public var numberOfFrames: Int
    public var storage: Storage

    public init(rows: Int, columns: Int, samplesPerPixel: Int = 1, bitsAllocated: Int, bitsStored: Int,
                highBit: Int? = nil, isSigned: Bool = false, isPlanar: Bool = false,
                photometricInterpretation: String = "MONOCHROME2", numberOfFrames: Int = 1,
                storage: Storage = .integer) {
        self.rows = rows
        self.columns = columns
        self.samplesPerPixel = samplesPerPixel
        self.bitsAllocated = bitsAllocated
        self.bitsStored = bitsStored
        self.highBit = highBit ?? bitsStored - 1
        self.isSigned = isSigned
        self.isPlanar = isPlanar
        self.photometricInterpretation = photometricInterpretation
        self.numberOfFrames = numberOfFrames
        self.storage = storage
    }

    /// Bytes per sample in decoded output: one byte for 1-bit data (unpacked), otherwise
    /// Bits Allocated / 8.
    public var bytesPerSample: Int { bitsAllocated == 1 ? 1 : bitsAllocated / 8 }

    /// Samples in one frame.
    public var samplesPerFrame: Int { rows * columns * samplesPerPixel }

    /// Bytes of one decoded frame: rows × columns × samples × bytes per sample.
    public var decodedFrameLength: Int { samplesPerFrame * bytesPerSample }

    /// Bits one frame occupies in native (uncompressed) encoding. YBR_FULL_422 stores two
    /// luminance and one pair of chrominance samples per two pixels (PS3.3 C.7.6.3.1.2).
    public var nativeFrameBits: Int {
        if photometricInterpretation == "YBR_FULL_422" {
            return rows * columns * 2 * bitsAllocated
        }
        return samplesPerFrame * bitsAllocated
    }
}
