/// What a ConText trigger says about the concepts in its scope.
public enum AssertionCategory: String, CaseIterable, Hashable, Sendable, Codable {
    /// "no pneumothorax", "without effusion", "PE is ruled out".
    case negated
    /// "possible pneumonia", "suspicious for malignancy", "cannot exclude PE".
    case possible
    /// "history of stroke", "prior cholecystectomy", "status post lobectomy".
    case historical
    /// "if fever develops", "return should symptoms recur", "rule out PE" as a question.
    case hypothetical
    /// "family history of aneurysm", "mother had breast cancer".
    case family
}

/// The statuses of one entity: which ``AssertionCategory`` values apply. Empty means affirmed,
/// present, current and the patient's own.
public struct Assertion: Hashable, Sendable, Codable {
    public private(set) var categories: Set<AssertionCategory>

    public init(_ categories: Set<AssertionCategory> = []) {
        self.categories = categories
    }

    public var isNegated: Bool { categories.contains(.negated) }
    public var isPossible: Bool { categories.contains(.possible) }
    public var isHistorical: Bool { categories.contains(.historical) }
    public var isHypothetical: Bool { categories.contains(.hypothetical) }
    public var isFamily: Bool { categories.contains(.family) }
    /// Present, certain, current and the patient's own.
    public var isAffirmed: Bool { categories.isEmpty }

    public mutating func insert(_ category: AssertionCategory) {
        categories.insert(category)
    }

    /// The categories in declaration order, for stable output.
    public var sorted: [AssertionCategory] {
        AssertionCategory.allCases.filter(categories.contains)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(sorted)
    }

    public init(from decoder: Decoder) throws {
        self.init(Set(try decoder.singleValueContainer().decode([AssertionCategory].self)))
    }
}
