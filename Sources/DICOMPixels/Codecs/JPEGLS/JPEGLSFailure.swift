/// Why a JPEG-LS frame could not be decoded; becomes `PixelDataError.corruptFrame`.
///
/// An *unsupported* failure is a well-formed codestream using a feature the Swift decoder
/// leaves to CharLS (``JPEGLSDecoder`` then hands the frame over); any other failure is a
/// broken codestream, which is reported and never retried.
struct JPEGLSFailure: CodecFailure, Equatable {
    let reason: String
    /// True for a feature the Swift decoder declines, false for damaged data.
    let isUnsupported: Bool

    init(_ reason: String) {
        self.reason = reason
        isUnsupported = false
    }

    init(unsupported feature: String) {
        reason = "unsupported by the Swift decoder: \(feature)"
        isUnsupported = true
    }
}
