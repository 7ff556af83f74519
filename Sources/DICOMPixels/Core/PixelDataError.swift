import DICOM

/// Why pixel data could not be located or decoded. Each case names what a user needs to act:
/// the attribute, the frame, the transfer syntax.
public enum PixelDataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The data set has no (7FE0,0010/0008/0009) pixel data element.
    case noPixelData
    /// A Image Pixel module attribute needed to interpret the pixels is absent.
    case missingAttribute(Tag, keyword: String)
    /// An attribute has a value the decoder cannot work with.
    case invalidAttribute(Tag, keyword: String, reason: String)
    /// The requested frame does not exist.
    case frameOutOfRange(index: Int, count: Int)
    /// No decoder is available for the transfer syntax.
    case unsupportedTransferSyntax(uid: String)
    /// The stored bytes of a frame are shorter than its declared size.
    case truncatedFrame(index: Int, expected: Int, actual: Int)
    /// A codec rejected the frame's codestream.
    case corruptFrame(transferSyntax: String, index: Int, reason: String)
    /// Memory given to hold a decoded frame is not the size of one frame.
    case wrongOutputSize(index: Int, expected: Int, actual: Int)

    public var description: String {
        switch self {
        case .noPixelData:
            "the data set has no Pixel Data"
        case let .missingAttribute(tag, keyword):
            "\(keyword) \(tag) is required to decode pixel data but is missing"
        case let .invalidAttribute(tag, keyword, reason):
            "\(keyword) \(tag) \(reason)"
        case let .frameOutOfRange(index, count):
            "frame \(index) does not exist; frames are numbered 0 to \(count - 1)"
        case let .unsupportedTransferSyntax(uid):
            "no decoder for transfer syntax \(Self.named(uid))"
        case let .truncatedFrame(index, expected, actual):
            "frame \(index) needs \(expected) bytes but only \(actual) are stored"
        case let .corruptFrame(transferSyntax, index, reason):
            "frame \(index) (transfer syntax \(Self.named(transferSyntax))) cannot be decoded: \(reason)"
        case let .wrongOutputSize(index, expected, actual):
            "frame \(index) decodes to \(expected) bytes, but the memory given for it holds \(actual)"
        }
    }

    /// "1.2.840.10008.1.2.5 (RLE Lossless)": the UID to search for, the name to read.
    static func named(_ uid: String) -> String {
        guard let name = UIDRegistry.entry(for: uid)?.name else { return uid }
        return "\(uid) (\(name))"
    }
}
