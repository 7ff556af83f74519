/// Why a NIfTI-1 file could not be read as a mask.
public enum NIfTIError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `sizeof_hdr` is not 348 in either byte order, or the magic is not `n+1`.
    case notNIfTI(String)
    /// The file ends before the header or before the last voxel.
    case truncated(expectedBytes: Int, actualBytes: Int)
    /// The gzip stream of a `.nii.gz` is corrupt.
    case corruptCompression(String)
    /// A header field holds a value the format does not allow.
    case malformed(String)
    /// A datatype code this reader does not convert.
    case unsupportedDatatype(Int)
    /// More than three dimensions with a size above 1 (a time series, say).
    case unsupportedDimensions([Int])
    /// The volume is larger than the reader accepts.
    case tooLarge(voxels: Int, limit: Int)

    public var description: String {
        switch self {
        case .notNIfTI(let reason):
            "not a single-file NIfTI-1 image: \(reason)"
        case .truncated(let expected, let actual):
            "the NIfTI file is truncated: \(expected) bytes needed, \(actual) present"
        case .corruptCompression(let reason):
            "the gzip stream of the NIfTI file is corrupt: \(reason)"
        case .malformed(let reason):
            "malformed NIfTI header: \(reason)"
        case .unsupportedDatatype(let code):
            "NIfTI datatype \(code) is not supported; use uint8 (2), int8 (256), int16 (4), uint16 (512), int32 (8), float32 (16) or float64 (64)"
        case .unsupportedDimensions(let dims):
            "the NIfTI image has dimensions \(dims); masks need at most three (i, j, k)"
        case .tooLarge(let voxels, let limit):
            "the NIfTI image has \(voxels) voxels, more than the \(limit) accepted"
        }
    }
}
