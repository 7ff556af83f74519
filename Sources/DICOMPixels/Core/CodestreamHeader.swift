/// The sample precision and signedness a JPEG 2000 or JPEG-LS codestream declares in its
/// header, read without decoding. The stored-value correction needs them because those
/// codestreams may disagree with Bits Stored and Pixel Representation.
///
/// ```swift
/// let header = CodestreamHeader.jpeg2000(frame)   // SIZ of a J2K codestream
/// header?.precision                                // 13
/// header?.isSigned                                 // false
/// ```
public struct CodestreamHeader: Equatable, Sendable {
    public var precision: Int
    /// Nil where the format cannot say (JPEG-LS has no notion of sign).
    public var isSigned: Bool?

    public init(precision: Int, isSigned: Bool?) {
        self.precision = precision
        self.isSigned = isSigned
    }

    /// The first component's Ssiz from the SIZ segment (ISO/IEC 15444-1 A.5.1), following
    /// pydicom's `get_j2k_parameters`: a JP2 wrapper is skipped to its `jp2c` box; SOC must
    /// be followed directly by SIZ. Nil when the header cannot be read.
    public static func jpeg2000(_ frame: EncodedFrame) -> CodestreamHeader? {
        var offset = 0
        let jp2: [UInt8] = [0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20]
        if (0..<8).allSatisfy({ frame.byte(at: $0) == jp2[$0] }) {
            offset = 12
            let total = frame.count
            var found = false
            while offset < total {
                guard let length = uint32(frame, at: offset) else { return nil }
                if uint32(frame, at: offset + 4) == 0x6A70_3263 {  // "jp2c"
                    offset += 8
                    found = true
                    break
                }
                // A zero length would loop forever; in JP2 it means "to the end", so stop.
                guard length >= 8 else { return nil }
                offset += Int(length)
            }
            guard found else { return nil }
        }
        guard frame.byte(at: offset) == 0xFF, frame.byte(at: offset + 1) == 0x4F,
              frame.byte(at: offset + 2) == 0xFF, frame.byte(at: offset + 3) == 0x51,
              let ssiz = frame.byte(at: offset + 42)
        else { return nil }
        return CodestreamHeader(precision: Int(ssiz & 0x7F) + 1, isSigned: ssiz & 0x80 != 0)
    }

    /// The precision byte of the first SOF segment of a JPEG or JPEG-LS codestream (SOF55
    /// `FFF7` for JPEG-LS), following pydicom's `_get_jpg_parameters`. Nil when the
    /// codestream does not start with SOI or has no SOF.
    public static func jpeg(_ frame: EncodedFrame) -> CodestreamHeader? {
        guard frame.byte(at: 0) == 0xFF, frame.byte(at: 1) == 0xD8 else { return nil }
        var offset = 2
        while true {
            guard let ff = frame.byte(at: offset), let marker = frame.byte(at: offset + 1), ff == 0xFF else { return nil }
            if isStartOfFrame(marker) {
                guard let precision = frame.byte(at: offset + 4) else { return nil }
                return CodestreamHeader(precision: Int(precision), isSigned: nil)
            }
            guard let high = frame.byte(at: offset + 2), let low = frame.byte(at: offset + 3) else { return nil }
            let length = Int(high) << 8 | Int(low)
            guard length >= 2 else { return nil }
            offset += length + 2
        }
    }

    /// SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC), plus JPEG-LS SOF55 (F7).
    private static func isStartOfFrame(_ marker: UInt8) -> Bool {
        switch marker {
        case 0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF, 0xF7: true
        default: false
        }
    }

    private static func uint32(_ frame: EncodedFrame, at offset: Int) -> UInt32? {
        var value: UInt32 = 0
        for i in 0..<4 {
            guard let byte = frame.byte(at: offset + i) else { return nil }
            value = value << 8 | UInt32(byte)
        }
        return value
    }
}
