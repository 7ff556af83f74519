/// One token of a clinical text: a word, a number or a single punctuation mark.
///
/// Offsets are Unicode scalar offsets into the text (what Python's `str` indexes), half-open.
public struct Token: Hashable, Sendable {
    /// What a token is made of.
    public enum Kind: UInt8, Hashable, Sendable {
        /// Letters (and digits following letters, as in "T2" or "C5").
        case word
        /// Digits with at most one decimal point inside: "12", "3.2".
        case number
        /// One scalar that is neither letter, digit nor space: ".", ":", "-", "/".
        case punctuation
    }

    public var kind: Kind
    /// Where the token lies, in Unicode scalars, half-open.
    public var range: Range<Int>
    /// The token lowercased, the form rules and concept names are matched on.
    public var key: String
    /// Whether a line break lies between this token and the one before (true for the first token).
    public var startsLine: Bool
    /// Whether an empty line lies between this token and the one before.
    public var followsBlankLine: Bool
    /// Whether the token's first scalar is an uppercase letter.
    public var isCapitalized: Bool

    public init(kind: Kind, range: Range<Int>, key: String, startsLine: Bool = false,
                followsBlankLine: Bool = false, isCapitalized: Bool = false) {
        self.kind = kind
        self.range = range
        self.key = key
        self.startsLine = startsLine
        self.followsBlankLine = followsBlankLine
        self.isCapitalized = isCapitalized
    }
}
