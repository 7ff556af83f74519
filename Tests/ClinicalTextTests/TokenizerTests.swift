import Testing
@testable import ClinicalText

@Suite struct TokenizerTests {
    @Test func decimalNumbersStayWhole() {
        let tokens = Tokenizer.tokens(in: "3.2 x 2.1 cm RUL nodule.")
        #expect(tokens.map(\.key) == ["3.2", "x", "2.1", "cm", "rul", "nodule", "."])
        #expect(tokens.map(\.kind) == [.number, .word, .number, .word, .word, .word, .punctuation])
    }

    @Test func offsetsAreUnicodeScalarOffsets() {
        // "é" is one scalar, "µ" one, the emoji one: offsets count scalars, not UTF-8 bytes.
        let tokens = Tokenizer.tokens(in: "Café 5 µm 🙂 nodule")
        #expect(tokens.map(\.range) == [0..<4, 5..<6, 7..<9, 10..<11, 12..<18])
        #expect(tokens[0].key == "café")
    }

    @Test func lineBreaksAreRecorded() {
        let tokens = Tokenizer.tokens(in: "one\ntwo\n\nthree")
        #expect(tokens.map(\.startsLine) == [true, true, true])
        #expect(tokens.map(\.followsBlankLine) == [false, false, true])
    }
}
