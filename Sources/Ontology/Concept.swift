/// A clinical concept: one meaning, its codes, the names people use for it, and its parents.
///
/// A concept has one primary ``code`` and may carry equivalent codes in other schemes
/// (a SNOMED CT concept with its RadLex RID, for example). Labels everywhere in Concord are
/// concepts, never free strings.
///
/// ```swift
/// let ptx = Concept(code: ConceptCode(scheme: "SCT", code: "36118008"),
///                   display: "Pneumothorax",
///                   synonyms: ["PTX"],
///                   parents: [ConceptCode(scheme: "SCT", code: "404684003")])
/// ```
public struct Concept: Hashable, Sendable, Identifiable {
    /// The primary code, which identifies the concept inside an ``Ontology``.
    public var code: ConceptCode
    /// The preferred name, as the coding scheme spells it.
    public var display: String
    /// Other names and abbreviations ("PTX", "right upper lobe", "RUL").
    public var synonyms: [String]
    /// Codes in other schemes that mean the same thing.
    public var equivalentCodes: [ConceptCode]
    /// Primary codes of the broader concepts this one specialises.
    public var parents: [ConceptCode]
    /// Names of the concept sets this concept belongs to, such as `CID 7150` or `laterality`.
    public var sets: [String]

    public var id: ConceptCode { code }

    public init(code: ConceptCode, display: String, synonyms: [String] = [],
                equivalentCodes: [ConceptCode] = [], parents: [ConceptCode] = [], sets: [String] = []) {
        self.code = code
        self.display = display
        self.synonyms = synonyms
        self.equivalentCodes = equivalentCodes
        self.parents = parents
        self.sets = sets
    }

    /// Every code that names this concept: the primary one first, then the equivalents.
    public var allCodes: [ConceptCode] { [code] + equivalentCodes }
}
