import DICOM
import Foundation

/// A NIfTI-1 image (`.nii`, or `.nii.gz` gzip-compressed), read so masks can be imported
/// from it.
///
/// The 348-byte header's byte order is detected from `sizeof_hdr`; voxels of the datatypes
/// uint8, int8, int16, uint16, int32, float32 and float64 are read, and `scl_slope` /
/// `scl_inter` applied as the standard says (a slope of 0, or one that is not finite, means
/// "no scaling", as in nibabel).
///
/// **Voxel order.** Voxel (i, j, k) is stored at `i + nᵢ·(j + nⱼ·k)` — i varies fastest. Concord
/// maps it to column i, row j of frame k: nibabel's `img.get_fdata()[i, j, k]` is
/// ``value(i:j:k:)`` and ``frame(_:)``'s value at column i, row j. Converters that store rows
/// bottom-up (dcm2niix writes `nⱼ − 1 − row`) are read with ``MaskImport`` and
/// `flipsRows: true`. The affine (`qform`/`sform`) is not used to reorder voxels.
///
/// ```swift
/// let image = try NIfTIImage(bytes: [UInt8](try Data(contentsOf: url)))   // .nii or .nii.gz
/// image.size                        // [512, 512, 120]
/// let slice = image.frame(60)       // 512 × 512 scaled values, row-major
/// ```
public struct NIfTIImage: Hashable, Sendable {
    /// Voxel datatypes, by their NIfTI-1 `datatype` code.
    public enum Datatype: Int, Hashable, Sendable {
        case uint8 = 2
        case int16 = 4
        case int32 = 8
        case float32 = 16
        case float64 = 64
        case int8 = 256
        case uint16 = 512

        /// Bytes per voxel.
        public var byteCount: Int {
            switch self {
            case .uint8, .int8: 1
            case .int16, .uint16: 2
            case .int32, .float32: 4
            case .float64: 8
            }
        }
    }

    /// The largest volume accepted, in voxels (2²⁸, a 512 × 512 × 1024 volume), which bounds
    /// what a small `.nii.gz` can make the reader inflate.
    public static let maximumVoxelCount = 1 << 28

    /// Voxel counts along i, j and k (k is 1 for a 2-D image).
    public let size: [Int]
    public let datatype: Datatype
    public let isLittleEndian: Bool
    /// `scl_slope`, or nil when the file asks for no scaling.
    public let scaleSlope: Double?
    /// `scl_inter`, applied only with a slope.
    public let scaleIntercept: Double
    /// The file's bytes (inflated for `.nii.gz`); voxels start at `voxelOffset`, i fastest.
    private let bytes: [UInt8]
    private let voxelOffset: Int

    /// Reads a `.nii` file, or a `.nii.gz` one (recognised by its gzip signature, not its name).
    public init(bytes: [UInt8]) throws(NIfTIError) {
        let file: [UInt8]
        if bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B {
            // Inflate the header first, then the bytes it implies: a small file cannot make the
            // reader inflate much more than the volume it declares. The stream must end within
            // a little slack for padding, so its CRC is checked.
            let header = try Self.gunzip(bytes, limit: 348).bytes
            let needed = try Self.parseHeader(header).end
            let (inflated, ended) = try Self.gunzip(bytes, limit: needed + Self.gzipSlack)
            guard ended else {
                throw .malformed("the gzip stream holds more than the \(needed) bytes the header declares")
            }
            file = inflated
        } else {
            file = bytes
        }
        let header = try Self.parseHeader(file)
        guard file.count >= header.end else { throw .truncated(expectedBytes: header.end, actualBytes: file.count) }
        self.size = header.size
        self.datatype = header.datatype
        self.isLittleEndian = header.littleEndian
        self.scaleSlope = header.slope
        self.scaleIntercept = header.intercept
        self.bytes = file
        self.voxelOffset = header.offset
    }

    /// The voxel bytes as stored.
    private var voxelBytes: ArraySlice<UInt8> {
        bytes[voxelOffset..<(voxelOffset + size.reduce(1, *) * datatype.byteCount)]
    }

    /// Images are equal when they hold the same voxels the same way, whatever the header's
    /// other fields and padding.
    public static func == (lhs: NIfTIImage, rhs: NIfTIImage) -> Bool {
        lhs.size == rhs.size && lhs.datatype == rhs.datatype && lhs.isLittleEndian == rhs.isLittleEndian
            && lhs.scaleSlope == rhs.scaleSlope && lhs.scaleIntercept == rhs.scaleIntercept
            && lhs.voxelBytes == rhs.voxelBytes
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(size)
        hasher.combine(datatype)
        hasher.combine(voxelBytes)
    }

    /// Columns of each frame (nᵢ).
    public var columns: Int { size[0] }
    /// Rows of each frame (nⱼ).
    public var rows: Int { size[1] }
    /// Number of frames (nₖ).
    public var frameCount: Int { size[2] }

    /// The scaled value of voxel (i, j, k); nil outside the volume.
    public func value(i: Int, j: Int, k: Int) -> Double? {
        guard (0..<columns).contains(i), (0..<rows).contains(j), (0..<frameCount).contains(k) else { return nil }
        return scaled(at: i + columns * (j + rows * k))
    }

    /// The scaled values of frame `k`, row-major (column i fastest, then row j); empty when `k`
    /// is not a frame of the volume.
    public func frame(_ k: Int) -> [Double] {
        guard (0..<frameCount).contains(k) else { return [] }
        let start = k * rows * columns
        return (start..<(start + rows * columns)).map(scaled(at:))
    }

    private func scaled(at index: Int) -> Double {
        let raw = rawValue(at: index)
        guard let slope = scaleSlope else { return raw }
        return raw * slope + scaleIntercept
    }

    private func rawValue(at index: Int) -> Double {
        let offset = voxelOffset + index * datatype.byteCount
        func unsigned(_ count: Int) -> UInt64 {
            var value: UInt64 = 0
            for n in 0..<count {
                let byte = UInt64(bytes[offset + (isLittleEndian ? count - 1 - n : n)])
                value = value << 8 | byte
            }
            return value
        }
        switch datatype {
        case .uint8: return Double(bytes[offset])
        case .int8: return Double(Int8(bitPattern: bytes[offset]))
        case .uint16: return Double(UInt16(unsigned(2)))
        case .int16: return Double(Int16(bitPattern: UInt16(unsigned(2))))
        case .int32: return Double(Int32(bitPattern: UInt32(unsigned(4))))
        case .float32: return Double(Float(bitPattern: UInt32(unsigned(4))))
        case .float64: return Double(bitPattern: unsigned(8))
        }
    }

    // MARK: - Header

    private struct Header {
        var size: [Int]
        var datatype: Datatype
        var littleEndian: Bool
        var slope: Double?
        var intercept: Double
        var offset: Int
        var end: Int
    }

    /// Reads the fields of the NIfTI-1 header (nifti1.h) that locate and scale the voxels.
    private static func parseHeader(_ bytes: [UInt8]) throws(NIfTIError) -> Header {
        guard bytes.count >= 348 else { throw .truncated(expectedBytes: 348, actualBytes: bytes.count) }
        func int32(_ offset: Int, _ little: Bool) -> Int32 {
            let word = (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(bytes[offset + (little ? 3 - $1 : $1)]) }
            return Int32(bitPattern: word)
        }
        let littleEndian: Bool
        switch (int32(0, true), int32(0, false)) {
        case (348, _): littleEndian = true
        case (_, 348): littleEndian = false
        default: throw .notNIfTI("sizeof_hdr is neither 348 little-endian nor 348 big-endian")
        }
        func int16(_ offset: Int) -> Int {
            let word = littleEndian ? UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
                                    : UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
            return Int(Int16(bitPattern: word))
        }
        func float32(_ offset: Int) -> Double {
            Double(Float(bitPattern: UInt32(bitPattern: int32(offset, littleEndian))))
        }

        let magic = Array(bytes[344..<348])
        guard magic == Array("n+1\0".utf8) else {
            if magic == Array("ni1\0".utf8) {
                throw .notNIfTI("this is the header of a .hdr/.img pair; convert it to a single .nii file")
            }
            throw .notNIfTI("the magic at byte 344 is not \"n+1\"")
        }
        let dims = (0..<8).map { int16(40 + 2 * $0) }
        guard (1...7).contains(dims[0]) else { throw .malformed("dim[0] is \(dims[0]); it must be 1 to 7") }
        let used = Array(dims[1...dims[0]])
        guard used.allSatisfy({ $0 >= 1 }) else { throw .malformed("dimension sizes \(used) must all be at least 1") }
        guard used.dropFirst(3).allSatisfy({ $0 == 1 }) else { throw .unsupportedDimensions(used) }
        let size = (0..<3).map { $0 < used.count ? used[$0] : 1 }
        let voxelCount = size.reduce(1, *)
        guard voxelCount <= maximumVoxelCount else { throw .tooLarge(voxels: voxelCount, limit: maximumVoxelCount) }

        let code = int16(70)
        guard let datatype = Datatype(rawValue: code) else { throw .unsupportedDatatype(code) }
        let bitpix = int16(72)
        guard bitpix == datatype.byteCount * 8 else {
            throw .malformed("bitpix is \(bitpix) but datatype \(code) has \(datatype.byteCount * 8) bits")
        }
        let voxOffset = float32(108)
        guard voxOffset.isFinite, voxOffset >= 352, voxOffset.rounded() == voxOffset, voxOffset <= Double(Int32.max) else {
            throw .malformed("vox_offset is \(voxOffset); a single-file image needs a whole number of at least 352")
        }
        let slope = float32(112)
        let offset = Int(voxOffset)
        return Header(size: size, datatype: datatype, littleEndian: littleEndian,
                      slope: slope != 0 && slope.isFinite ? slope : nil,
                      intercept: float32(116).isFinite ? float32(116) : 0,
                      offset: offset, end: offset + voxelCount * datatype.byteCount)
    }

    /// Bytes a `.nii.gz` may hold past its last voxel.
    private static let gzipSlack = 1 << 16

    private static func gunzip(_ bytes: [UInt8], limit: Int) throws(NIfTIError) -> (bytes: [UInt8], ended: Bool) {
        let (output, end) = bytes.withUnsafeBytes { inflate($0, wrapper: .gzip, limit: limit) }
        switch end {
        case .truncated: throw .corruptCompression("the gzip stream ends early")
        case let .corrupt(reason, _): throw .corruptCompression(reason)
        case .streamEnded: return (output, true)
        case .limitReached: return (output, false)
        }
    }
}
