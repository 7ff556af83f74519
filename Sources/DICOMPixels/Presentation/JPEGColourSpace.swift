import DICOM

/// The colour space a DCT JPEG frame decodes to when the decoder does no colour conversion,
/// which is how Concord's JPEG decoders work (pydicom's `raw=True`).
///
/// Photometric Interpretation and the codestream disagree in real files — "RGB" over a JFIF
/// YCbCr codestream is common — and a viewer must follow the codestream where it says what it
/// holds. For three components: a JFIF marker means YCbCr; an Adobe marker means RGB for
/// transform 0 and YCbCr otherwise; component identifiers 'R', 'G', 'B' mean RGB (libjpeg's
/// rules, `jdapimin.c`). Without any of these the Photometric Interpretation is trusted, where
/// libjpeg would guess YCbCr: pydicom's SC_jpeg_no_color_transform.dcm (IDs 0, 1, 2, declared
/// RGB) holds RGB, and pydicom shows it unconverted.
///
/// ```swift
/// let space = JPEGColourSpace.decodedPhotometricInterpretation(of: encoded, declared: "RGB")
/// // "YBR_FULL" for a JFIF codestream
/// ```
public enum JPEGColourSpace {
    /// The DCT transfer syntaxes this applies to: JPEG Baseline and JPEG Extended.
    public static let transferSyntaxes: Set<String> = ["1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51"]

    /// The Photometric Interpretation that describes the decoded samples of `frame`:
    /// "YBR_FULL" or "RGB" for three-component codestreams declared RGB, YBR_FULL or
    /// YBR_FULL_422 (YBR_FULL_422 becomes YBR_FULL: decoders upsample the chroma); `declared`
    /// unchanged otherwise or when the header cannot be read.
    public static func decodedPhotometricInterpretation(of frame: EncodedFrame, declared: String) -> String {
        guard ["RGB", "YBR_FULL", "YBR_FULL_422"].contains(declared) else { return declared }
        let fromCodestream = try? frame.withContiguousBytes { (bytes) throws(PixelDataError) -> Bool? in
            isYCbCrCodestream(bytes)
        }
        let isYCbCr = fromCodestream ?? (declared != "RGB")
        return isYCbCr ? "YBR_FULL" : "RGB"
    }

    /// Whether a three-component codestream holds YCbCr; nil when its markers do not say, or it
    /// is not a readable JPEG with three components.
    static func isYCbCrCodestream(_ bytes: UnsafeRawBufferPointer) -> Bool? {
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        var sawJFIF = false
        var adobeTransform: UInt8?
        var componentIDs: [UInt8]?
        var offset = 2
        while offset + 4 <= bytes.count {
            guard bytes[offset] == 0xFF else { return nil }
            let marker = bytes[offset + 1]
            if marker == 0xFF { offset += 1; continue } // fill byte
            if marker == 0x01 || (0xD0...0xD7).contains(marker) { offset += 2; continue }
            if marker == 0xDA || marker == 0xD9 { break } // SOS: every marker that matters came before
            let length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            let start = offset + 4, end = offset + 2 + length
            guard length >= 2, end <= bytes.count else { return nil }
            let segment = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
            switch marker {
            case 0xE0 where segment.starts(with: Array("JFIF\0".utf8)):
                sawJFIF = true
            case 0xEE where segment.count >= 12 && segment.starts(with: Array("Adobe".utf8)):
                adobeTransform = segment[11]
            case 0xC0...0xCF where marker != 0xC4 && marker != 0xC8 && marker != 0xCC:
                guard segment.count >= 6 else { return nil }
                let count = Int(segment[5])
                guard segment.count >= 6 + 3 * count else { return nil }
                componentIDs = (0..<count).map { segment[6 + 3 * $0] }
            default:
                break
            }
            offset = end
        }
        guard let ids = componentIDs, ids.count == 3 else { return nil }
        if sawJFIF { return true }
        if let adobeTransform { return adobeTransform != 0 }
        return ids == [0x52, 0x47, 0x42] ? false : nil
    }
}
