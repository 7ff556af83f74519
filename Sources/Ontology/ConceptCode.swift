/// The identity of a coded concept: a coding scheme and a code value within it.
///
/// This is the pair DICOM's Code Sequence Macro (PS3.3 Table 8.8-1) carries as
/// Coding Scheme Designator and Code Value.
///
/// ```swift
/// let pneumothorax = ConceptCode(scheme: "SCT", code: "36118008")
/// print(pneumothorax)   // SCT:36118008
/// ```
public struct ConceptCode: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The coding scheme designator, such as `SCT` (SNOMED CT), `RADLEX` or `DCM`.
    public var scheme: String
    /// The code value inside the scheme, such as `36118008` or `RID5352`.
    public var code: String

    public init(scheme: String, code: String) {
        self.scheme = scheme
        self.code = code
    }

    /// Parses the `SCHEME:CODE` form that ``description`` prints.
    ///
    /// Returns nil when there is no colon or either side is empty.
    public init?(parsing text: some StringProtocol) {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let scheme = text[..<colon]
        let code = text[text.index(after: colon)...]
        guard !scheme.isEmpty, !code.isEmpty else { return nil }
        self.init(scheme: String(scheme), code: String(code))
    }

    public var description: String { "\(scheme):\(code)" }

    public static func < (lhs: ConceptCode, rhs: ConceptCode) -> Bool {
        (lhs.scheme, lhs.code) < (rhs.scheme, rhs.code)
    }
}
