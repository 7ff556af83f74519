// libFuzzer entry point for the pixel codecs: RLE, JPEG Lossless, JPEG-LS (the Swift decoder,
// CharLS for what it declines) and HTJ2K (HTJ2KCodestream's pre-check, then OpenJPH or
// OpenJPEG). Built by scripts/fuzz-codecs.sh, which compiles Sources/DICOM as a module and this
// file together with Sources/DICOMPixels/**/*.swift as a second one (so no `import DICOMPixels`),
// and links the C libraries and the COpenJPH shim.
//
// An input is a 4-byte selector, then the encoded frame:
//
//   byte 0  bits 0–1  codec: 0 RLE, 1 JPEG Lossless, 2 JPEG-LS, 3 HTJ2K
//           bits 2–3  which of the codec's transfer syntaxes (modulo their count)
//           bit 4     split the frame into two fragments at its middle
//           bit 5     also decode into caller memory (decode(_:description:transferSyntax:into:)),
//                     which must give the same bytes, or throw too
//           bit 6     MONOCHROME1 (1 sample) or YBR_FULL (3 samples) instead of MONOCHROME2 / RGB
//   byte 1  rows − 1 (low 6 bits: 1…64)
//   byte 2  columns − 1 (low 6 bits: 1…64)
//   byte 3  bit 0 three samples per pixel, bit 1 Bits Allocated 16 (else 8), bit 2 signed,
//           bit 3 planar, bits 4–7 how many bits Bits Stored is below Bits Allocated
//
// A decoder must return exactly `decodedFrameLength` bytes or throw PixelDataError (its
// signature admits no other error). Anything else — a wrong length, a frame that differs when
// decoded into caller memory, a crash, a sanitizer report, an abort inside a C library, a
// timeout (-timeout) or an out-of-memory (-rss_limit_mb) — is a finding.

import DICOM
#if canImport(DICOMPixels)
import DICOMPixels
#endif

/// The codecs under test and their transfer syntaxes, in selector order.
private let codecs: [(decoder: any FrameDecoder, transferSyntaxes: [String])] = [
    (RLEDecoder(), [RLEDecoder.transferSyntaxUID]),
    (JPEGLosslessDecoder(), JPEGLosslessDecoder.transferSyntaxUIDs),
    (JPEGLSDecoder(), JPEGLSDecoder.transferSyntaxUIDs),
    (HTJ2KDecoder(), HTJ2KDecoder.transferSyntaxUIDs),
]

/// Bytes before the encoded frame.
private let selectorLength = 4

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPixelCodecs(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size >= selectorLength else { return 0 }
    let input = UnsafeBufferPointer(start: data, count: size)
    let codecByte = input[0], layout = input[3]

    let codec = codecs[Int(codecByte & 0b11)]
    let transferSyntax = codec.transferSyntaxes[Int((codecByte >> 2) & 0b11) % codec.transferSyntaxes.count]
    let samples = layout & 0b1 != 0 ? 3 : 1
    let bitsAllocated = layout & 0b10 != 0 ? 16 : 8
    let alternatePhotometric = codecByte & 0b100_0000 != 0
    let photometric = samples == 3 ? (alternatePhotometric ? "YBR_FULL" : "RGB")
                                   : (alternatePhotometric ? "MONOCHROME1" : "MONOCHROME2")
    let description = PixelDescription(
        rows: Int(input[1] & 0x3F) + 1, columns: Int(input[2] & 0x3F) + 1, samplesPerPixel: samples,
        bitsAllocated: bitsAllocated, bitsStored: bitsAllocated - Int(layout >> 4) % bitsAllocated,
        isSigned: layout & 0b100 != 0, isPlanar: layout & 0b1000 != 0,
        photometricInterpretation: photometric)

    let encoded = Array(input[selectorLength...])
    let storage = ByteStorage(copying: encoded)
    let fragments: [ByteSlice]
    if codecByte & 0b1_0000 != 0 {
        let middle = encoded.count / 2
        fragments = [ByteSlice(storage: storage, range: 0..<middle),
                     ByteSlice(storage: storage, range: middle..<encoded.count)]
    } else {
        fragments = [ByteSlice(storage: storage, range: 0..<encoded.count)]
    }
    let frame = EncodedFrame(index: 0, fragments: fragments)

    let decoded = decodeChecked(frame, codec.decoder, description, transferSyntax)
    if codecByte & 0b10_0000 != 0 {
        let inPlace = decodeInPlace(frame, codec.decoder, description, transferSyntax)
        guard decoded == inPlace else {
            fatalError("\(transferSyntax): decode(_:description:transferSyntax:) and decode(…into:) disagree")
        }
    }
    return 0
}

/// The decoded frame, or nil when the decoder threw; a frame of the wrong length is a finding.
private func decodeChecked(_ frame: EncodedFrame, _ decoder: any FrameDecoder,
                           _ description: PixelDescription, _ transferSyntax: String) -> [UInt8]? {
    do {
        let pixels = try decoder.decode(frame, description: description, transferSyntax: transferSyntax)
        guard pixels.count == description.decodedFrameLength else {
            fatalError("\(transferSyntax) returned \(pixels.count) bytes for a frame of \(description.decodedFrameLength)")
        }
        return pixels
    } catch {
        _ = error.description  // every message must be formattable, too
        return nil
    }
}

/// The frame decoded into memory that starts out filled with 0xA5, so that bytes the decoder
/// leaves unwritten show up as a difference from ``decodeChecked(_:_:_:_:)``; nil when it threw.
private func decodeInPlace(_ frame: EncodedFrame, _ decoder: any FrameDecoder,
                           _ description: PixelDescription, _ transferSyntax: String) -> [UInt8]? {
    let output = UnsafeMutableRawBufferPointer.allocate(byteCount: description.decodedFrameLength, alignment: 16)
    defer { output.deallocate() }
    output.initializeMemory(as: UInt8.self, repeating: 0xA5)
    do {
        try decoder.decode(frame, description: description, transferSyntax: transferSyntax, into: output)
        return Array(output)
    } catch {
        _ = error.description
        return nil
    }
}
