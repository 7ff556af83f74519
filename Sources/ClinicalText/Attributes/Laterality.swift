/// The side of the body a finding is on.
public enum Laterality: String, Hashable, Sendable, Codable {
    case left, right, bilateral

    /// The side a word names: "left", "Rt", "bilateral", or a lobe abbreviation such as "RUL"
    /// (right upper lobe) or "LLL". Nil for any other word.
    public init?(word key: String) {
        switch key {
        case "left", "lt", "lul", "lll", "lingula", "lingular": self = .left
        case "right", "rt", "rul", "rml", "rll": self = .right
        case "bilateral", "bilaterally", "both": self = .bilateral
        default: return nil
        }
    }

    /// Combines two sides said of one finding: the same side stays, different sides are bilateral.
    public func combined(with other: Laterality) -> Laterality {
        self == other ? self : .bilateral
    }
}
