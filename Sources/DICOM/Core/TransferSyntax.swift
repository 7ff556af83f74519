/// How a data set is encoded: VR explicit or implicit, byte order, deflate, encapsulation.
///
/// ```swift
/// let ts = TransferSyntax(uid: "1.2.840.10008.1.2.4.70")   // JPEG Lossless SV1
/// ts.isExplicitVR      // true
/// ts.isEncapsulated    // true
/// ```
public struct TransferSyntax: Hashable, Sendable, CustomStringConvertible {
    public let uid: String
    public let isExplicitVR: Bool
    public let isLittleEndian: Bool
    /// The data set after the File Meta group is a raw deflate stream (RFC 1951).
    public let isDeflated: Bool
    /// Pixel data is stored as fragments in an undefined-length sequence (PS3.5 A.4).
    public let isEncapsulated: Bool

    public init(uid: String, isExplicitVR: Bool, isLittleEndian: Bool, isDeflated: Bool, isEncapsulated: Bool) {
        self.uid = uid
        self.isExplicitVR = isExplicitVR
        self.isLittleEndian = isLittleEndian
        self.isDeflated = isDeflated
        self.isEncapsulated = isEncapsulated
    }

    public static let implicitVRLittleEndian = TransferSyntax(
        uid: "1.2.840.10008.1.2", isExplicitVR: false, isLittleEndian: true, isDeflated: false, isEncapsulated: false)
    public static let explicitVRLittleEndian = TransferSyntax(
        uid: "1.2.840.10008.1.2.1", isExplicitVR: true, isLittleEndian: true, isDeflated: false, isEncapsulated: false)
    public static let deflatedExplicitVRLittleEndian = TransferSyntax(
        uid: "1.2.840.10008.1.2.1.99", isExplicitVR: true, isLittleEndian: true, isDeflated: true, isEncapsulated: false)
    public static let explicitVRBigEndian = TransferSyntax(
        uid: "1.2.840.10008.1.2.2", isExplicitVR: true, isLittleEndian: false, isDeflated: false, isEncapsulated: false)

    /// Every transfer syntax other than the four native ones encodes its data set as
    /// Explicit VR Little Endian and its pixel data encapsulated; JPIP Referenced Deflate is
    /// deflated as well. Private or unknown UIDs are treated the same way, and the parser
    /// still checks the first element to see whether the VR really is explicit.
    public init(uid: String) {
        switch uid {
        case Self.implicitVRLittleEndian.uid: self = .implicitVRLittleEndian
        case Self.explicitVRLittleEndian.uid: self = .explicitVRLittleEndian
        case Self.deflatedExplicitVRLittleEndian.uid: self = .deflatedExplicitVRLittleEndian
        case Self.explicitVRBigEndian.uid: self = .explicitVRBigEndian
        case "1.2.840.10008.1.2.4.95":
            self.init(uid: uid, isExplicitVR: true, isLittleEndian: true, isDeflated: true, isEncapsulated: false)
        case "1.2.840.10008.1.2.4.94":
            self.init(uid: uid, isExplicitVR: true, isLittleEndian: true, isDeflated: false, isEncapsulated: false)
        default:
            let isDICOM = uid.hasPrefix("1.2.840.10008.1.2.")
            self.init(uid: uid, isExplicitVR: true, isLittleEndian: true, isDeflated: false, isEncapsulated: isDICOM)
        }
    }

    public var description: String { uid }
}
