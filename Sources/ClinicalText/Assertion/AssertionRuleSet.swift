import Foundation

/// ConText triggers compiled into a trie, read from a rule file the user can extend.
///
/// The file format (`Ontologies/rules/assertion.tsv`) is one rule per line, tab-separated:
///
/// ```text
/// # category     direction       phrase                  max-scope (optional)
/// negated        forward         no|without evidence of
/// negated        backward        is|was ruled out
/// possible       forward         cannot be excluded
/// all            terminate       but|however
/// negated        pseudo          no change|increase
/// ```
///
/// `category` is one of `negated`, `possible`, `historical`, `hypothetical`, `family`, or `all`
/// for terminate and pseudo rules that apply to every category. `direction` is one of
/// `forward`, `backward`, `bidirectional`, `terminate`, `pseudo`. A phrase is matched token by
/// token, case-insensitively; `a|b` in a phrase offers alternatives for one word.
/// `max-scope` caps the scope at that many tokens.
public struct AssertionRuleSet: Sendable {
    public let rules: [AssertionRule]
    let trie: PhraseTrie<Int>

    public init(rules: [AssertionRule]) {
        self.rules = rules
        var trie = PhraseTrie<Int>()
        for (index, rule) in rules.enumerated() { trie.insert(rule.phrase, value: index) }
        self.trie = trie
    }

    /// Reads a rule file; see the type's documentation for the format.
    public init(contentsOf url: URL) throws(ClinicalTextError) {
        try self.init(parsing: RuleFile.read(url), path: url.path)
    }

    /// Parses rule file text, naming `path` in errors.
    public init(parsing text: String, path: String = "<rules>") throws(ClinicalTextError) {
        var rules: [AssertionRule] = []
        for row in RuleFile.rows(in: text) {
            guard row.fields.count == 3 || row.fields.count == 4 else {
                throw .malformedRule(path: path, line: row.line,
                                     reason: "expected 3 or 4 tab-separated fields (category, direction, phrase, max-scope), found \(row.fields.count)")
            }
            let categoryName = row.fields[0].lowercased()
            let category = AssertionCategory(rawValue: categoryName)
            guard category != nil || categoryName == "all" else {
                throw .malformedRule(path: path, line: row.line,
                                     reason: "unknown category '\(row.fields[0])'; use negated, possible, historical, hypothetical, family or all")
            }
            guard let direction = AssertionRule.Direction(rawValue: row.fields[1].lowercased()) else {
                throw .malformedRule(path: path, line: row.line,
                                     reason: "unknown direction '\(row.fields[1])'; use forward, backward, bidirectional, terminate or pseudo")
            }
            if category == nil, direction != .terminate, direction != .pseudo {
                throw .malformedRule(path: path, line: row.line,
                                     reason: "category 'all' is only for terminate and pseudo rules")
            }
            var maxScope: Int?
            if row.fields.count == 4, !row.fields[3].isEmpty {
                guard let scope = Int(row.fields[3]), scope > 0 else {
                    throw .malformedRule(path: path, line: row.line,
                                         reason: "max-scope '\(row.fields[3])' is not a positive number of tokens")
                }
                maxScope = scope
            }
            let phrases = RuleFile.phrases(row.fields[2])
            guard !phrases.isEmpty else {
                throw .malformedRule(path: path, line: row.line, reason: "the phrase is empty")
            }
            for phrase in phrases {
                rules.append(AssertionRule(phrase: phrase, category: category, direction: direction, maxScope: maxScope))
            }
        }
        self.init(rules: rules)
    }
}
