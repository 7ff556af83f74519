/// A sentence: a run of tokens, and the scalar range from its first token to its last.
public struct Sentence: Hashable, Sendable {
    /// Indices into the document's token array, half-open.
    public var tokens: Range<Int>
    /// Unicode scalar offsets, half-open.
    public var range: Range<Int>

    public init(tokens: Range<Int>, range: Range<Int>) {
        self.tokens = tokens
        self.range = range
    }
}
