import Foundation

/// Answers "what does this text say about this phrase?" without an ontology: the phrase is
/// given, so only sections, sentences and ConText are needed. ``ReportReader`` answers the same
/// question for the concepts it finds itself.
///
/// ```swift
/// let reader = try AssertionReader(folder: URL(fileURLWithPath: "Ontologies"))
/// try reader.assertion(of: "effusion", in: "No pleural effusion.").isNegated   // true
/// ```
public struct AssertionReader: Sendable {
    public let context: ConText
    public let sectionSplitter: SectionSplitter
    public let sentenceSplitter: SentenceSplitter

    public init(assertionRules: AssertionRuleSet, sectionRules: SectionRuleSet,
                sentenceSplitter: SentenceSplitter = SentenceSplitter()) {
        self.context = ConText(rules: assertionRules)
        self.sectionSplitter = SectionSplitter(rules: sectionRules)
        self.sentenceSplitter = sentenceSplitter
    }

    /// Loads `rules/assertion.tsv` and `rules/sections.tsv` under `folder`.
    public init(folder: URL) throws(ClinicalTextError) {
        let rules = folder.appendingPathComponent("rules")
        try self.init(assertionRules: AssertionRuleSet(contentsOf: rules.appendingPathComponent("assertion.tsv")),
                      sectionRules: SectionRuleSet(contentsOf: rules.appendingPathComponent("sections.tsv")))
    }

    /// The assertion of a given phrase where it first occurs in a text (case-insensitively).
    ///
    /// The text is divided into sections and sentences as ``ReportReader/read(_:)`` does, and
    /// ConText runs over the sentence holding the phrase (all of them, if the phrase spans
    /// several), with the phrase as the only target; a section that implies a category
    /// ("FAMILY HISTORY:") adds it. Throws ``ClinicalTextError/phraseNotFound(_:)`` when the
    /// phrase's words do not occur in order.
    public func assertion(of phrase: String, in text: String) throws(ClinicalTextError) -> Assertion {
        let tokens = Tokenizer.tokens(in: text)
        let wanted = Tokenizer.tokens(in: phrase).map(\.key)
        guard !wanted.isEmpty, let start = Self.firstOccurrence(of: wanted, in: tokens) else {
            throw .phraseNotFound(phrase)
        }
        let target = start..<(start + wanted.count)
        let sections = sectionSplitter.sections(in: tokens)
        let section = sections.first { $0.body.contains(start) }
        let body = section?.body ?? 0..<tokens.count
        let sentences = sentenceSplitter.sentences(in: tokens, within: body).filter { $0.tokens.overlaps(target) }
        let bounds = (sentences.first?.tokens.lowerBound ?? body.lowerBound)..<(sentences.last?.tokens.upperBound ?? body.upperBound)
        var assertion = context.assert(targets: [target], in: tokens, bounds: bounds)[0]
        if let implied = section?.implies { assertion.insert(implied) }
        return assertion
    }

    /// The index of the first token where `keys` occur in order.
    static func firstOccurrence(of keys: [String], in tokens: [Token]) -> Int? {
        guard keys.count <= tokens.count else { return nil }
        for start in 0...(tokens.count - keys.count) where tokens[start].key == keys[0] {
            if (1..<keys.count).allSatisfy({ tokens[start + $0].key == keys[$0] }) { return start }
        }
        return nil
    }
}
