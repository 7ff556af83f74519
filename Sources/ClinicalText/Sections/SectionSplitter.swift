/// Finds section headings in a report's tokens and divides the report at them.
///
/// ```swift
/// let text = "INDICATION: cough\nFINDINGS: No effusion.\nIMPRESSION: Normal."
/// SectionSplitter(rules: rules).sections(in: Tokenizer.tokens(in: text)).map(\.name)
/// // ["indication", "findings", "impression"]
/// ```
public struct SectionSplitter: Sendable {
    public let rules: SectionRuleSet

    public init(rules: SectionRuleSet) {
        self.rules = rules
    }

    /// The sections, in order; tokens before the first heading form an `unknown` section.
    public func sections(in tokens: [Token]) -> [Section] {
        var sections: [Section] = []
        var current = Section(name: "unknown", heading: nil, body: 0..<0)
        var bodyStart = 0
        var index = 0
        while index < tokens.count {
            guard tokens[index].startsLine || (index > 0 && tokens[index - 1].key == "."),
                  let heading = heading(in: tokens, at: index) else {
                index += 1
                continue
            }
            current.body = bodyStart..<index
            if !current.body.isEmpty || current.heading != nil { sections.append(current) }
            let rule = rules.rules[heading.rule]
            current = Section(name: rule.section,
                              heading: tokens[index].range.lowerBound..<tokens[heading.end - 1].range.upperBound,
                              body: heading.end..<heading.end, implies: rule.implies)
            bodyStart = heading.end
            index = heading.end
        }
        current.body = bodyStart..<tokens.count
        if !current.body.isEmpty || current.heading != nil { sections.append(current) }
        return sections
    }

    /// A heading starting at `index`: the rule it matches and the token after it (and its colon).
    private func heading(in tokens: [Token], at index: Int) -> (rule: Int, end: Int)? {
        guard let match = rules.trie.longestMatch(count: tokens.count, from: index, key: { tokens[$0].key }),
              let rule = match.values.first else { return nil }
        if match.end < tokens.count, tokens[match.end].key == ":" {
            return (rule, match.end + 1)
        }
        // A heading alone on its line, capitalised: "IMPRESSION".
        let endsLine = match.end == tokens.count || tokens[match.end].startsLine
        let capitals = tokens[index..<match.end].allSatisfy { $0.isCapitalized && $0.kind == .word }
        return endsLine && capitals && tokens[index].startsLine ? (rule, match.end) : nil
    }
}
