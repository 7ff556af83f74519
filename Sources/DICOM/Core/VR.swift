/// A Value Representation (PS3.5 6.2): how the bytes of a value are to be read.
public enum VR: String, Sendable, CaseIterable, CustomStringConvertible {
    case AE, AS, AT, CS, DA, DS, DT, FD, FL, IS, LO, LT, OB, OD, OF, OL, OV, OW
    case PN, SH, SL, SQ, SS, ST, SV, TM, UC, UI, UL, UN, UR, US, UT, UV

    public var description: String { rawValue }

    /// Builds a VR from the two ASCII bytes found in an explicit-VR element header.
    @inlinable public init?(byte0: UInt8, byte1: UInt8) {
        guard byte0 >= 0x41, byte0 <= 0x5A, byte1 >= 0x41, byte1 <= 0x5A,
              let vr = VR.byLetters[Int(byte0 - 0x41) * 26 + Int(byte1 - 0x41)] else { return nil }
        self = vr
    }

    /// Every two-letter code "AA"…"ZZ", indexed by its letters, so reading a header's VR is
    /// one array lookup rather than building a string.
    @usableFromInline static let byLetters: [VR?] = {
        var table = [VR?](repeating: nil, count: 26 * 26)
        for vr in VR.allCases {
            let letters = Array(vr.rawValue.utf8)
            table[Int(letters[0] - 0x41) * 26 + Int(letters[1] - 0x41)] = vr
        }
        return table
    }()

    /// VRs whose explicit-VR header has two reserved bytes and a 32-bit length (PS3.5 7.1.2).
    public var hasLongLength: Bool {
        switch self {
        case .OB, .OD, .OF, .OL, .OV, .OW, .SQ, .SV, .UC, .UN, .UR, .UT, .UV: true
        default: false
        }
    }

    /// Character VRs whose value is text, split by backslash unless `isSingleValuedText`.
    public var isString: Bool {
        switch self {
        case .AE, .AS, .CS, .DA, .DS, .DT, .IS, .LO, .LT, .PN, .SH, .ST, .TM, .UC, .UI, .UR, .UT: true
        default: false
        }
    }

    /// Text VRs that never hold more than one value: a backslash is an ordinary character.
    public var isSingleValuedText: Bool { self == .LT || self == .ST || self == .UT || self == .UR }

    /// Text VRs whose bytes are decoded with the Specific Character Set (PS3.5 6.1.2.3).
    /// The others use the default repertoire (ASCII).
    public var usesSpecificCharacterSet: Bool {
        switch self {
        case .LO, .LT, .PN, .SH, .ST, .UC, .UT: true
        default: false
        }
    }

    /// Binary VRs holding an opaque byte stream or a packed array of words.
    public var isBulkBinary: Bool {
        switch self {
        case .OB, .OD, .OF, .OL, .OV, .OW, .UN: true
        default: false
        }
    }

    /// The size of one numeric value for fixed-size binary VRs.
    public var numericWidth: Int? {
        switch self {
        case .SS, .US: 2
        case .SL, .UL, .FL, .AT: 4
        case .FD, .SV, .UV: 8
        default: nil
        }
    }

    /// The byte that pads a value to even length: space for text, NUL for UI and binary.
    public var paddingByte: UInt8 { isString && self != .UI ? 0x20 : 0x00 }
}
