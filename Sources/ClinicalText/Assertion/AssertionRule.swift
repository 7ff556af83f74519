/// One ConText trigger: a phrase, the category it asserts and which way its scope runs.
///
/// ```swift
/// AssertionRule(phrase: ["no", "evidence", "of"], category: .negated, direction: .forward)
/// AssertionRule(phrase: ["no", "increase"], category: .negated, direction: .pseudo)
/// AssertionRule(phrase: ["but"], category: nil, direction: .terminate)   // ends every scope
/// ```
public struct AssertionRule: Hashable, Sendable {
    /// How a trigger's scope is laid out in its sentence.
    public enum Direction: String, Hashable, Sendable, CaseIterable {
        /// Scope runs from after the trigger to the end of the sentence: "no ▸ effusion".
        case forward
        /// Scope runs from the sentence start to the trigger: "effusion ◂ ruled out".
        case backward
        /// Both ways: "effusion ◂ unlikely ▸".
        case bidirectional
        /// Ends the scopes of earlier forward triggers and of later backward ones: "but", "however".
        case terminate
        /// Looks like a trigger but is not one, and hides the trigger inside it: "no change",
        /// "not only". A pseudo-trigger is matched like any phrase; being longer it wins.
        case pseudo
    }

    /// The lowercased tokens of the phrase, as ``Tokenizer`` splits it.
    public var phrase: [String]
    /// The category asserted; for terminate rules, the category whose scopes end (nil: all).
    public var category: AssertionCategory?
    public var direction: Direction
    /// The most tokens the scope may span; nil means up to the sentence boundary.
    public var maxScope: Int?

    public init(phrase: [String], category: AssertionCategory?, direction: Direction, maxScope: Int? = nil) {
        self.phrase = phrase
        self.category = category
        self.direction = direction
        self.maxScope = maxScope
    }
}
