@testable import DICOM

/// Builds DICOM byte streams element by element, so each test states exactly what it feeds
/// the parser.
struct TestBytes {
    var bytes: [UInt8] = []
    var littleEndian = true

    mutating func u16(_ v: UInt16) {
        bytes += littleEndian ? [UInt8(v & 0xFF), UInt8(v >> 8)] : [UInt8(v >> 8), UInt8(v & 0xFF)]
    }

    mutating func u32(_ v: UInt32) {
        if littleEndian {
            bytes += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)]
        } else {
            bytes += [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
        }
    }

    mutating func tag(_ g: UInt16, _ e: UInt16) { u16(g); u16(e) }

    /// An explicit-VR element with `value` as its bytes.
    mutating func explicit(_ g: UInt16, _ e: UInt16, _ vr: VR, _ value: [UInt8]) {
        tag(g, e)
        bytes += Array(vr.rawValue.utf8)
        if vr.hasLongLength { u16(0); u32(UInt32(value.count)) } else { u16(UInt16(value.count)) }
        bytes += value
    }

    mutating func explicit(_ g: UInt16, _ e: UInt16, _ vr: VR, _ text: String) {
        var value = Array(text.utf8)
        if value.count % 2 == 1 { value.append(vr.paddingByte) }
        explicit(g, e, vr, value)
    }

    /// An implicit-VR element.
    mutating func implicit(_ g: UInt16, _ e: UInt16, _ value: [UInt8]) {
        tag(g, e); u32(UInt32(value.count)); bytes += value
    }

    mutating func implicit(_ g: UInt16, _ e: UInt16, _ text: String) {
        var value = Array(text.utf8)
        if value.count % 2 == 1 { value.append(0x20) }
        implicit(g, e, value)
    }

    /// The header of an undefined-length explicit SQ.
    mutating func sequenceStart(_ g: UInt16, _ e: UInt16) {
        tag(g, e); bytes += Array("SQ".utf8); u16(0); u32(0xFFFF_FFFF)
    }
    mutating func itemStart(length: UInt32 = 0xFFFF_FFFF) { tag(0xFFFE, 0xE000); u32(length) }
    mutating func itemEnd() { tag(0xFFFE, 0xE00D); u32(0) }
    mutating func sequenceEnd() { tag(0xFFFE, 0xE0DD); u32(0) }

    /// A Part 10 header (preamble, DICM, File Meta) for `transferSyntax`.
    static func part10(transferSyntax: String) -> TestBytes {
        var meta = TestBytes()
        meta.explicit(0x0002, 0x0001, .OB, [0, 1])
        meta.explicit(0x0002, 0x0010, .UI, transferSyntax + (transferSyntax.utf8.count % 2 == 1 ? "\0" : ""))
        var out = TestBytes()
        out.bytes = [UInt8](repeating: 0, count: 128) + Array("DICM".utf8)
        out.explicit(0x0002, 0x0000, .UL, [UInt8(meta.bytes.count & 0xFF), UInt8(meta.bytes.count >> 8), 0, 0])
        out.bytes += meta.bytes
        return out
    }

    func read(_ options: ReadOptions = ReadOptions()) throws(DICOMError) -> DICOMFile {
        try DICOMFile(storage: ByteStorage(copying: bytes), options: options)
    }
}
