import Foundation
import Ontology

/// Reads a radiology report: sections, sentences, concepts, assertion and attributes.
///
/// ```swift
/// let reader = try ReportReader(folder: URL(fileURLWithPath: "Ontologies"))
/// let report = reader.read("FINDINGS: 8 mm nodule in the RUL. No pneumothorax.")
/// for entity in report.findings {
///     print(entity.concept.display, entity.assertion.isNegated, entity.measurements.first?.largestMillimetres ?? 0)
/// }
/// // Nodule false 8.0
/// // Pneumothorax true 0.0
/// ```
///
/// The same text always gives the same output: every step is deterministic.
public struct ReportReader: Sendable {
    public let matcher: ConceptMatcher
    public let context: ConText
    public let sectionSplitter: SectionSplitter
    public let sentenceSplitter: SentenceSplitter

    public init(ontology: Ontology, assertionRules: AssertionRuleSet, sectionRules: SectionRuleSet,
                sentenceSplitter: SentenceSplitter = SentenceSplitter()) {
        self.matcher = ConceptMatcher(ontology: ontology)
        self.context = ConText(rules: assertionRules)
        self.sectionSplitter = SectionSplitter(rules: sectionRules)
        self.sentenceSplitter = sentenceSplitter
    }

    /// Loads the concept sets of `folder` and its `rules/assertion.tsv` and `rules/sections.tsv`.
    ///
    /// Throws ``OntologyError`` for a concept set and ``ClinicalTextError`` for a rule file.
    public init(folder: URL) throws {
        let rules = try AssertionReader(folder: folder)
        try self.init(ontology: Ontology(directory: folder), assertionRules: rules.context.rules,
                      sectionRules: rules.sectionSplitter.rules)
    }

    /// Reads `text`.
    public func read(_ text: String) -> Report {
        let scalars = Array(text.unicodeScalars)
        let tokens = Tokenizer.tokens(in: scalars)
        let sections = sectionSplitter.sections(in: tokens)
        var sentences: [Sentence] = []
        var entities: [Entity] = []
        for section in sections {
            for sentence in sentenceSplitter.sentences(in: tokens, within: section.body) {
                let index = sentences.count
                sentences.append(sentence)
                entities += self.entities(in: sentence, index: index, section: section, tokens: tokens, scalars: scalars)
            }
        }
        return Report(scalars: scalars, tokens: tokens, sections: sections, sentences: sentences, entities: entities)
    }

    private func entities(in sentence: Sentence, index: Int, section: Section, tokens: [Token],
                          scalars: [Unicode.Scalar]) -> [Entity] {
        let matches = matcher.matches(in: tokens, bounds: sentence.tokens)
        let mentions = matches.filter { $0.role != .laterality && $0.role != .modifier }
        guard !mentions.isEmpty else { return [] }
        let assertions = context.assert(targets: mentions.map(\.tokens), in: tokens, bounds: sentence.tokens)
        var entities = zip(mentions, assertions).map { match, assertion in
            var assertion = assertion
            if let implied = section.implies { assertion.insert(implied) }
            let range = tokens[match.tokens.lowerBound].range.lowerBound..<tokens[match.tokens.upperBound - 1].range.upperBound
            return Entity(text: String(String.UnicodeScalarView(scalars[range])), range: range, tokens: match.tokens, concept: match.concept,
                          role: match.role, assertion: assertion, section: section.name, sentence: index)
        }
        AttributeLinker.attach(to: &entities, tokens: tokens, sentence: sentence.tokens)
        return entities
    }
}
