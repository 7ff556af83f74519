import Foundation

/// Report section headings and their aliases, read from a rule file the user can extend.
///
/// The format (`Ontologies/rules/sections.tsv`) is one heading per line, tab-separated:
///
/// ```text
/// # section     heading                          implies (optional)
/// impression    impression|conclusion|summary
/// past_history  past medical history             historical
/// family_history family history                  family
/// ```
///
/// A heading is recognised at the start of a line when a ":" follows it, or when it fills a line
/// starting with a capital. `implies` gives every entity in the section that assertion category.
public struct SectionRuleSet: Sendable {
    /// One heading form of a section.
    public struct Rule: Hashable, Sendable {
        public var section: String
        public var heading: [String]
        public var implies: AssertionCategory?

        public init(section: String, heading: [String], implies: AssertionCategory? = nil) {
            self.section = section
            self.heading = heading
            self.implies = implies
        }
    }

    public let rules: [Rule]
    let trie: PhraseTrie<Int>

    public init(rules: [Rule]) {
        self.rules = rules
        var trie = PhraseTrie<Int>()
        for (index, rule) in rules.enumerated() { trie.insert(rule.heading, value: index) }
        self.trie = trie
    }

    /// Reads a section rule file; see the type's documentation for the format.
    public init(contentsOf url: URL) throws(ClinicalTextError) {
        try self.init(parsing: RuleFile.read(url), path: url.path)
    }

    /// Parses section rule text, naming `path` in errors.
    public init(parsing text: String, path: String = "<sections>") throws(ClinicalTextError) {
        var rules: [Rule] = []
        for row in RuleFile.rows(in: text) {
            guard row.fields.count == 2 || row.fields.count == 3, !row.fields[0].isEmpty else {
                throw .malformedRule(path: path, line: row.line,
                                     reason: "expected 2 or 3 tab-separated fields (section, heading, implies), found \(row.fields.count)")
            }
            var implies: AssertionCategory?
            if row.fields.count == 3, !row.fields[2].isEmpty {
                guard let category = AssertionCategory(rawValue: row.fields[2].lowercased()) else {
                    throw .malformedRule(path: path, line: row.line,
                                         reason: "unknown category '\(row.fields[2])'; use historical, family, hypothetical, possible or negated")
                }
                implies = category
            }
            let headings = RuleFile.phrases(row.fields[1])
            guard !headings.isEmpty else {
                throw .malformedRule(path: path, line: row.line, reason: "the heading is empty")
            }
            for heading in headings {
                rules.append(Rule(section: row.fields[0], heading: heading, implies: implies))
            }
        }
        self.init(rules: rules)
    }
}
