/// Why a PNG file could not be read as a mask.
public enum PNGReadError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file does not start with the PNG signature.
    case notPNG
    /// The file ends inside a chunk, or before IHDR, IDAT or IEND.
    case truncated(String)
    /// A chunk's CRC does not match its contents.
    case badChecksum(chunk: String)
    /// The header or the chunk layout breaks the PNG specification.
    case malformed(String)
    /// A combination the specification allows but this decoder does not read.
    case unsupported(String)
    /// The image is larger than the decoder accepts.
    case tooLarge(width: Int, height: Int, limit: Int)
    /// The compressed image data is corrupt.
    case corruptImageData(String)

    public var description: String {
        switch self {
        case .notPNG: "not a PNG file (the 8-byte PNG signature is missing)"
        case .truncated(let what): "the PNG file is truncated: \(what)"
        case .badChecksum(let chunk): "the CRC of the \(chunk) chunk does not match; the file is damaged"
        case .malformed(let reason): "malformed PNG: \(reason)"
        case .unsupported(let reason): "unsupported PNG: \(reason)"
        case .tooLarge(let width, let height, let limit): "the PNG is \(width) × \(height) pixels, more than the \(limit) pixels accepted"
        case .corruptImageData(let reason): "the PNG image data is corrupt: \(reason)"
        }
    }
}
