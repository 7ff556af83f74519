import Ontology

/// Finds mentions of an ontology's concepts in tokens: every display name and synonym,
/// case-insensitively, longest match first.
///
/// Names and text are compared word by word after the same normalisation: lowercase, plural
/// endings removed ("nodules" → "nodule", "masses" → "mass") and hyphens ignored, so
/// "ground-glass opacities" meets "Ground glass opacity". A short name written in capitals in the
/// ontology ("PTX", "PE", "LAD") is an abbreviation and matches only capitalised text, so the
/// word "pe" in running text is not pulmonary embolism. Where candidates overlap, the one
/// starting first wins, then the longest; among concepts sharing a name, findings win, then
/// the lowest code, so the same text always gives the same concepts.
///
/// ```swift
/// let matcher = ConceptMatcher(ontology: ontology)
/// let tokens = Tokenizer.tokens(in: "Small left PTX.")
/// matcher.matches(in: tokens).map(\.concept.display)   // ["Left", "Pneumothorax"]
/// ```
public struct ConceptMatcher: Sendable {
    /// One mention: the tokens it spans and the concept it names.
    public struct Match: Hashable, Sendable {
        public var tokens: Range<Int>
        public var concept: Concept
        public var role: ConceptRole
    }

    private struct Candidate: Sendable {
        var concept: Int
        var abbreviation: Bool
    }

    public let ontology: Ontology
    private let roles: [ConceptRole]
    private let trie: PhraseTrie<Candidate>

    public init(ontology: Ontology) {
        self.ontology = ontology
        self.roles = ontology.concepts.map { ConceptRole(sets: $0.sets) }
        var trie = PhraseTrie<Candidate>()
        for (index, concept) in ontology.concepts.enumerated() {
            var seen: Set<[String]> = []
            for name in [concept.display] + concept.synonyms {
                let phrase = Self.phrase(name)
                guard !phrase.isEmpty, seen.insert(phrase).inserted else { continue }
                trie.insert(phrase, value: Candidate(concept: index, abbreviation: Self.isAbbreviation(name)))
            }
        }
        self.trie = trie
    }

    /// The mentions in `tokens[bounds]`, left to right, none overlapping.
    public func matches(in tokens: [Token], bounds: Range<Int>? = nil) -> [Match] {
        let bounds = bounds ?? 0..<tokens.count
        let keys = tokens[bounds].map { $0.kind == .punctuation && $0.key == "-" ? nil : Self.normalize($0.key) }
        var result: [Match] = []
        var index = 0
        while index < keys.count {
            guard keys[index] != nil,
                  let match = trie.longestMatch(count: keys.count, from: index, key: { keys[$0] }) else {
                index += 1
                continue
            }
            let span = (bounds.lowerBound + index)..<(bounds.lowerBound + match.end)
            let capitals = tokens[span].allSatisfy { $0.kind != .word || $0.isCapitalized }
            let eligible = match.values.filter { !$0.abbreviation || capitals }
            guard let best = eligible.min(by: { lhs, rhs in
                (roles[lhs.concept], ontology.concepts[lhs.concept].code) < (roles[rhs.concept], ontology.concepts[rhs.concept].code)
            }) else {
                index += 1
                continue
            }
            result.append(Match(tokens: span, concept: ontology.concepts[best.concept], role: roles[best.concept]))
            index = match.end
        }
        return result
    }

    /// The normalised keys of a concept name, hyphens dropped.
    static func phrase(_ name: String) -> [String] {
        Tokenizer.tokens(in: name).filter { $0.key != "-" }.map { normalize($0.key) }
    }

    /// A word's key without a plural ending.
    static func normalize(_ key: String) -> String {
        guard key.count > 3, key.last == "s" else { return key }
        if key.hasSuffix("ies") { return String(key.dropLast(3)) + "y" }
        if key.hasSuffix("sses") || key.hasSuffix("xes") || key.hasSuffix("ches") || key.hasSuffix("shes") {
            return String(key.dropLast(2))
        }
        if key.hasSuffix("ss") || key.hasSuffix("us") || key.hasSuffix("is") { return key }
        return String(key.dropLast())
    }

    /// Short names written all in capitals ("PE", "LAD", "GGO") are abbreviations.
    static func isAbbreviation(_ name: String) -> Bool {
        let letters = name.unicodeScalars.filter { $0.properties.isAlphabetic }
        return letters.count <= 5 && !letters.isEmpty && letters.allSatisfy { $0.properties.isUppercase }
            && !name.contains(" ")
    }
}
