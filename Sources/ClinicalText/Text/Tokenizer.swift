/// Splits text into ``Token``s in one pass over its Unicode scalars.
///
/// ```swift
/// Tokenizer.tokens(in: "3.2 x 2.1 cm RUL nodule.").map(\.key)
/// // ["3.2", "x", "2.1", "cm", "rul", "nodule", "."]
/// ```
///
/// Words are runs of letters and digits that start with a letter; numbers are runs of digits
/// with one inner decimal point ("3.2" stays whole, so a sentence splitter never sees its
/// point); an "x" written between two numbers ("3.2x2.1") is a word of its own; every other
/// non-space scalar is a token of its own.
public enum Tokenizer {
    /// The tokens of `text`.
    public static func tokens(in text: String) -> [Token] {
        tokens(in: Array(text.unicodeScalars))
    }

    /// The tokens of a text given as its Unicode scalars; offsets index this array.
    public static func tokens(in scalars: [Unicode.Scalar]) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(scalars.count / 4)
        var position = 0
        var newlines = 1  // the first token starts a line
        let count = scalars.count
        while position < count {
            let scalar = scalars[position]
            if scalar == "\n" {
                newlines += 1
                position += 1
                continue
            }
            if isSpace(scalar) {
                position += 1
                continue
            }
            let start = position
            let kind: Token.Kind
            if isDigit(scalar) {
                kind = .number
                position += 1
                while position < count, isDigit(scalars[position]) { position += 1 }
                if position + 1 < count, scalars[position] == "." || scalars[position] == ",",
                   isDigit(scalars[position + 1]) {
                    position += 1
                    while position < count, isDigit(scalars[position]) { position += 1 }
                }
            } else if isDimensionCross(scalars, at: position, after: tokens.last) {
                // "3.2x2.1cm": the x between two numbers is a token of its own.
                kind = .word
                position += 1
            } else if isLetter(scalar) {
                kind = .word
                position += 1
                while position < count, isLetter(scalars[position]) || isDigit(scalars[position]) {
                    position += 1
                }
            } else {
                kind = .punctuation
                position += 1
            }
            var key = String.UnicodeScalarView()
            for index in start..<position { key.append(lowercased(scalars[index])) }
            tokens.append(Token(kind: kind, range: start..<position, key: String(key),
                                startsLine: newlines > 0, followsBlankLine: newlines > 1,
                                isCapitalized: isUppercase(scalar)))
            newlines = 0
        }
        return tokens
    }

    /// Whether the "x" at `position` stands between two numbers with no space: "3.2x2.1".
    static func isDimensionCross(_ scalars: [Unicode.Scalar], at position: Int, after previous: Token?) -> Bool {
        guard scalars[position] == "x" || scalars[position] == "X", let previous, previous.kind == .number,
              previous.range.upperBound == position, position + 1 < scalars.count else { return false }
        return isDigit(scalars[position + 1])
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x80 ? (scalar.value >= 0x30 && scalar.value <= 0x39) : scalar.properties.numericType == .decimal
    }

    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A)
        }
        return scalar.properties.isAlphabetic
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x80 ? (scalar == " " || scalar == "\t" || scalar == "\r" || scalar.value == 0x0B || scalar.value == 0x0C)
            : scalar.properties.isWhitespace
    }

    static func isUppercase(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x80 ? (scalar.value >= 0x41 && scalar.value <= 0x5A) : scalar.properties.isUppercase
    }

    /// The scalar lowercased when that gives one scalar; otherwise the scalar itself.
    static func lowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        if value < 0x80 {
            return value >= 0x41 && value <= 0x5A ? Unicode.Scalar(UInt8(value + 0x20)) : scalar
        }
        let mapping = scalar.properties.lowercaseMapping.unicodeScalars
        return mapping.count == 1 ? mapping[mapping.startIndex] : scalar
    }
}
