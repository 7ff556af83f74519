/// ConText (Harkema et al., 2009): which triggers in a sentence reach which entities.
///
/// Triggers are found left to right, longest phrase first, so a pseudo-trigger ("no change")
/// hides the trigger it contains ("no"). Each trigger's scope runs forward to the sentence end,
/// backward to its start, or both, and stops early at a terminate trigger for its category or
/// at the rule's max-scope.
/// An entity is in a trigger's scope when their token ranges overlap; a trigger that lies
/// inside the entity's own span does not modify it ("skin warm and moist without lesion": the
/// "without" inside a concept name is not that concept's negation).
public struct ConText: Sendable {
    public let rules: AssertionRuleSet

    public init(rules: AssertionRuleSet) {
        self.rules = rules
    }

    /// A trigger found in a sentence: token range and the rule it matched.
    public struct Trigger: Hashable, Sendable {
        public var tokens: Range<Int>
        public var rule: AssertionRule
    }

    /// The triggers among `tokens[bounds]`, left to right, pseudo-triggers included.
    public func triggers(in tokens: [Token], bounds: Range<Int>) -> [Trigger] {
        var found: [Trigger] = []
        var index = bounds.lowerBound
        while index < bounds.upperBound {
            if let match = rules.trie.longestMatch(count: bounds.upperBound, from: index, key: { tokens[$0].key }) {
                for ruleIndex in match.values {
                    found.append(Trigger(tokens: index..<match.end, rule: rules.rules[ruleIndex]))
                }
                index = match.end
            } else {
                index += 1
            }
        }
        return found
    }

    /// The assertion of each target (a token range) in a sentence spanning `bounds`.
    public func assert(targets: [Range<Int>], in tokens: [Token], bounds: Range<Int>) -> [Assertion] {
        let found = triggers(in: tokens, bounds: bounds)
        var results = [Assertion](repeating: Assertion(), count: targets.count)
        for (position, trigger) in found.enumerated() {
            guard let category = trigger.rule.category else { continue }
            let direction = trigger.rule.direction
            guard direction != .terminate, direction != .pseudo else { continue }
            let scopes = scope(of: position, in: found, category: category, bounds: bounds)
            for (targetIndex, target) in targets.enumerated() {
                if trigger.tokens.overlaps(target) { continue }
                if scopes.contains(where: { $0.overlaps(target) }) {
                    results[targetIndex].insert(category)
                }
            }
        }
        return results
    }

    private func scope(of position: Int, in found: [Trigger], category: AssertionCategory,
                       bounds: Range<Int>) -> [Range<Int>] {
        let trigger = found[position]
        let direction = trigger.rule.direction
        var scopes: [Range<Int>] = []
        if direction == .forward || direction == .bidirectional {
            var end = bounds.upperBound
            for later in found[(position + 1)...] where ends(later, category) {
                end = later.tokens.lowerBound
                break
            }
            if let limit = trigger.rule.maxScope { end = min(end, trigger.tokens.upperBound + limit) }
            if trigger.tokens.upperBound < end { scopes.append(trigger.tokens.upperBound..<end) }
        }
        if direction == .backward || direction == .bidirectional {
            var start = bounds.lowerBound
            for earlier in found[..<position].reversed() where ends(earlier, category) {
                start = earlier.tokens.upperBound
                break
            }
            if let limit = trigger.rule.maxScope { start = max(start, trigger.tokens.lowerBound - limit) }
            if start < trigger.tokens.lowerBound { scopes.append(start..<trigger.tokens.lowerBound) }
        }
        return scopes
    }

    /// Whether `other` closes a scope of `category`.
    private func ends(_ other: Trigger, _ category: AssertionCategory) -> Bool {
        other.rule.direction == .terminate && (other.rule.category == nil || other.rule.category == category)
    }
}
