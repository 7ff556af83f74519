import DICOM

/// Which ``FrameDecoder`` decodes which transfer syntax.
///
/// ``standard`` knows the native syntaxes (Implicit and Explicit VR Little Endian, Deflated,
/// Explicit VR Big Endian) and every codec that has landed in `Codecs/`. A caller can add or
/// replace decoders for its own syntaxes, or for tests.
///
/// ```swift
/// var registry = DecoderRegistry.standard
/// registry.register(MyRLEDecoder(), for: ["1.2.840.10008.1.2.5"])
/// let pixels = try PixelData(file: file, registry: registry)
/// ```
public struct DecoderRegistry: Sendable {
    /// Native transfer syntaxes and the byte order of their pixel data. JPIP Referenced
    /// Deflate (1.2.840.10008.1.2.4.95) and JPIP Referenced (…4.94) carry no pixel data, but
    /// when a file has some it is native.
    public static let nativeTransferSyntaxes: [String: NativeDecoder.ByteOrder] = [
        "1.2.840.10008.1.2": .littleEndian,
        "1.2.840.10008.1.2.1": .littleEndian,
        "1.2.840.10008.1.2.1.99": .littleEndian,
        "1.2.840.10008.1.2.2": .bigEndian,
        "1.2.840.10008.1.2.4.94": .littleEndian,
        "1.2.840.10008.1.2.4.95": .littleEndian,
    ]

    private var decoders: [String: any FrameDecoder]

    /// No decoders at all.
    public init() {
        decoders = [:]
    }

    /// The native decoders and every codec Concord ships.
    public static var standard: DecoderRegistry {
        var registry = DecoderRegistry()
        for (uid, order) in nativeTransferSyntaxes {
            registry.register(NativeDecoder(byteOrder: order), for: [uid])
        }
        registry.register(RLEDecoder(), for: [RLEDecoder.transferSyntaxUID])
        registry.register(JPEGLosslessDecoder(), for: JPEGLosslessDecoder.transferSyntaxUIDs)
        registry.register(JPEGBaselineDecoder(), for: [JPEGBaselineDecoder.transferSyntaxUID])
        registry.register(JPEGExtendedDecoder(), for: [JPEGExtendedDecoder.transferSyntaxUID])
        registry.register(JPEGLSDecoder(), for: JPEGLSDecoder.transferSyntaxUIDs)
        registry.register(JPEG2000Decoder(), for: JPEG2000Decoder.transferSyntaxUIDs)
        // OpenJPEG can decode HTJ2K too, but HTJ2KDecoder takes those syntaxes: OpenJPH for
        // what it decodes, OpenJPEG (JPEG2000Decoder) for the rest.
        registry.register(HTJ2KDecoder(), for: HTJ2KDecoder.transferSyntaxUIDs)
        return registry
    }

    /// Uses `decoder` for each UID in `transferSyntaxes`, replacing any earlier one.
    public mutating func register(_ decoder: any FrameDecoder, for transferSyntaxes: [String]) {
        for uid in transferSyntaxes { decoders[uid] = decoder }
    }

    /// The decoder for `transferSyntax`.
    ///
    /// - Throws: ``PixelDataError/unsupportedTransferSyntax(uid:)`` when none is registered.
    public func decoder(for transferSyntax: String) throws(PixelDataError) -> any FrameDecoder {
        guard let decoder = decoders[transferSyntax] else { throw .unsupportedTransferSyntax(uid: transferSyntax) }
        return decoder
    }

    /// The transfer syntaxes with a decoder, sorted.
    public var transferSyntaxes: [String] { decoders.keys.sorted() }
}
