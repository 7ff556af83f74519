// libFuzzer entry point for the mask file readers (PNG and NIfTI-1). Built by
// scripts/fuzz-mask-files.sh, which compiles this file together with the readers'
// sources (Sources/Annotations/Import/{PNG*,NIfTI*}.swift) and the shared inflater
// (Sources/DICOM/Parsing/Inflater.swift) into one module, so there is no `import Annotations` then.
//
// Every input is read as a PNG and as a NIfTI image, and also as a PNG after its chunk CRCs are
// recomputed, so that mutations reach the chunk parser, inflater, filters and unpacking instead
// of stopping at the checksum; whatever reads is converted the way the
// importer converts it (mask values, every frame's scaled voxels). A thrown PNGReadError or
// NIfTIError is a correct answer; a crash, a sanitizer report, a timeout (-timeout) or an
// out-of-memory (-rss_limit_mb) is a finding.

import CZlib
#if canImport(Annotations)
import Annotations
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMaskFiles(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    var sink = 0
    for candidate in [bytes, withRepairedCRCs(bytes)] {
        if let image = try? PNGImage(bytes: candidate) {
            sink &+= image.maskValues.reduce(0) { $0 &+ Int($1) }
        }
    }
    if let image = try? NIfTIImage(bytes: bytes) {
        for k in 0..<image.frameCount {
            sink &+= image.frame(k).count
        }
    }
    if sink == Int.min { print(sink) }  // keep the work from being optimised away
    return 0
}

/// `bytes` with the CRC of every complete PNG chunk after the signature set to match its contents.
func withRepairedCRCs(_ bytes: [UInt8]) -> [UInt8] {
    var out = bytes
    var position = 8
    while position + 12 <= out.count {
        let length = out[position..<(position + 4)].reduce(0) { $0 << 8 | Int($1) }
        guard length <= out.count - position - 12 else { break }
        let crc = out[(position + 4)..<(position + 8 + length)].withUnsafeBufferPointer {
            UInt32(crc32(0, $0.baseAddress, uInt($0.count)))
        }
        for n in 0..<4 { out[position + 8 + length + n] = UInt8(truncatingIfNeeded: crc >> (24 - 8 * n)) }
        position += 12 + length
    }
    return out
}
