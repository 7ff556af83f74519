/// Splits a token stream into sentences the way a radiology report is written.
///
/// A sentence ends at `.`, `?` or `!` unless the point closes an abbreviation ("Dr.", "approx.",
/// "e.g.") or an initial, or the next word starts in lowercase. Reports also break sentences
/// without punctuation, so a new sentence starts after an empty line, at a list item ("1.",
/// "2)", "-", "•" at the start of a line, or "2)" within one) and after a heading line ending
/// in ":". Decimal numbers are single tokens, so "3.2 cm" never splits.
///
/// ```swift
/// let text = "FINDINGS:\n1. Nodule in the RUL, approx. 3.2 cm. No effusion."
/// SentenceSplitter().sentences(in: Tokenizer.tokens(in: text)).count   // 3
/// ```
public struct SentenceSplitter: Sendable {
    /// Lowercased words that a point after them does not end a sentence.
    public var abbreviations: Set<String>

    public static let defaultAbbreviations: Set<String> = [
        "dr", "mr", "mrs", "ms", "vs", "approx", "appr", "etc", "e", "g", "i", "fig", "no", "nos",
        "st", "pt", "pts", "dx", "hx", "sx", "tx", "rx", "fx", "yo", "y", "o", "yr", "yrs", "wk",
        "wks", "mo", "mos", "min", "max", "cm", "mm", "ml", "mg", "kg", "b", "d", "t", "q", "h",
        "hr", "hrs", "sec", "sig", "inc", "jr", "sr", "ca", "cf", "al", "resp", "req", "incl",
    ]

    /// Titles, which a capitalised name follows: "Dr. Smith".
    static let titles: Set<String> = ["dr", "mr", "mrs", "ms", "prof", "st"]

    public init(abbreviations: Set<String> = SentenceSplitter.defaultAbbreviations) {
        self.abbreviations = abbreviations
    }

    /// The sentences of `tokens`, in order, covering every token once.
    public func sentences(in tokens: [Token]) -> [Sentence] {
        sentences(in: tokens, within: 0..<tokens.count)
    }

    /// The sentences of the tokens in `bounds`.
    public func sentences(in tokens: [Token], within bounds: Range<Int>) -> [Sentence] {
        var result: [Sentence] = []
        var start = bounds.lowerBound
        var index = bounds.lowerBound
        func close(_ end: Int) {
            guard end > start else { return }
            result.append(Sentence(tokens: start..<end,
                                   range: tokens[start].range.lowerBound..<tokens[end - 1].range.upperBound))
            start = end
        }
        while index < bounds.upperBound {
            if index > start, startsNewSentence(tokens, at: index, sentenceStart: start) {
                close(index)
            }
            if endsSentence(tokens, at: index, bounds: bounds) {
                close(index + 1)
            }
            index += 1
        }
        close(bounds.upperBound)
        return result
    }

    private func endsSentence(_ tokens: [Token], at index: Int, bounds: Range<Int>) -> Bool {
        let key = tokens[index].key
        guard key == "." || key == "?" || key == "!" else { return false }
        guard key == "." else { return true }
        let next = index + 1 < bounds.upperBound ? tokens[index + 1] : nil
        if let next, next.key == "." || next.key == ")" || next.key == "," { return false }
        guard index > bounds.lowerBound else { return true }
        let previous = tokens[index - 1]
        // "1." opening a numbered item is a list marker, not the end of a sentence.
        if previous.kind == .number, previous.startsLine || followsHeadingColon(tokens, index - 1, bounds.lowerBound) {
            return false
        }
        guard let next else { return true }
        if next.startsLine { return true }
        let adjacent = previous.range.upperBound == tokens[index].range.lowerBound
        if adjacent, previous.kind == .word, abbreviations.contains(previous.key),
           !next.isCapitalized || previous.key.count == 1 || Self.titles.contains(previous.key) {
            return false
        }
        if adjacent, previous.kind == .word, previous.key.count == 1, previous.isCapitalized, next.isCapitalized,
           index + 2 < bounds.upperBound, tokens[index + 2].key == "." {
            return false  // initials such as "J. S."
        }
        return next.isCapitalized || next.kind == .number || next.kind == .punctuation
    }

    private func startsNewSentence(_ tokens: [Token], at index: Int, sentenceStart: Int) -> Bool {
        let token = tokens[index]
        if isInlineListMarker(tokens, at: index, sentenceStart: sentenceStart) { return true }
        guard token.startsLine else { return false }
        if token.followsBlankLine { return true }
        if isListMarker(tokens, at: index) { return true }
        // The line before was a heading such as "FINDINGS:".
        return tokens[index - 1].key == ":"
    }

    /// Whether a numbered or bulleted list item begins at `index`, which starts a line.
    func isListMarker(_ tokens: [Token], at index: Int) -> Bool {
        let token = tokens[index]
        if token.key == "-" || token.key == "*" || token.key == "•" { return true }
        guard token.kind == .number, index + 1 < tokens.count else { return false }
        let next = tokens[index + 1].key
        return next == "." || next == ")"
    }

    /// Whether a "2)" item marker begins at `index` in the middle of a line: "1) Normal esophagus
    /// 2) Hiatal hernia"): an integer, ")" and a word, with no "(" open in the sentence so far.
    func isInlineListMarker(_ tokens: [Token], at index: Int, sentenceStart: Int) -> Bool {
        guard tokens[index].kind == .number, !tokens[index].key.contains("."), !tokens[index].key.contains(","),
              index + 2 < tokens.count, tokens[index + 1].key == ")", tokens[index + 2].kind == .word else {
            return false
        }
        var depth = 0
        for token in tokens[sentenceStart..<index] {
            if token.key == "(" { depth += 1 } else if token.key == ")" { depth = max(depth - 1, 0) }
        }
        return depth == 0
    }

    private func followsHeadingColon(_ tokens: [Token], _ index: Int, _ lowerBound: Int) -> Bool {
        // A number right after a heading colon on the same line: "IMPRESSION: 1. …".
        index > lowerBound && tokens[index - 1].key == ":"
    }
}
