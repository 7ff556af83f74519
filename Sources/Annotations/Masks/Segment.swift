import Ontology

/// One labelled structure of a segmentation, as in DICOM SEG's Segment Sequence (PS3.3 C.8.20.2).
///
/// ```swift
/// let liver = Segment(number: 1, label: "Liver",
///                     category: ConceptCode(scheme: "SCT", code: "123037004"),   // Anatomical structure (CID 7150)
///                     type: ConceptCode(scheme: "SCT", code: "10200004"),        // Liver (CID 7151 style)
///                     algorithmType: .manual)
/// ```
public struct Segment: Hashable, Sendable, Codable {
    /// Segment Number: 1 or more, unique within its mask.
    public var number: Int
    /// Segment Label, a short human-readable name.
    public var label: String
    /// Segmented Property Category (CID 7150 style), such as "Anatomical structure" or "Morphologically abnormal structure".
    public var category: ConceptCode
    /// Segmented Property Type (CID 7151 style), such as "Liver" or "Nodule".
    public var type: ConceptCode
    /// How the segment was made.
    public var algorithmType: SegmentAlgorithmType
    /// Segment Algorithm Name, for semi-automatic and automatic segments.
    public var algorithmName: String?

    public init(number: Int, label: String, category: ConceptCode, type: ConceptCode,
                algorithmType: SegmentAlgorithmType, algorithmName: String? = nil) {
        self.number = number
        self.label = label
        self.category = category
        self.type = type
        self.algorithmType = algorithmType
        self.algorithmName = algorithmName
    }
}

/// Segment Algorithm Type (0062,0008): who drew the segment.
public enum SegmentAlgorithmType: String, Hashable, Sendable, Codable, CaseIterable {
    /// Drawn by a person.
    case manual = "MANUAL"
    /// Drawn by a person with the help of an algorithm.
    case semiautomatic = "SEMIAUTOMATIC"
    /// Computed by an algorithm alone.
    case automatic = "AUTOMATIC"
}
