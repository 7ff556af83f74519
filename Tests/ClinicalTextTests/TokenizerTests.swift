import XCTest
@testable import ClinicalText

final class TokenizerTests: XCTestCase {
    func testDecimalNumbersStayWhole() {
        let tokens = Tokenizer.tokens(in: "3.2 x 2.1 cm RUL nodule.")
        XCTAssertEqual(tokens.map(\.key), ["3.2", "x", "2.1", "cm", "rul", "nodule", "."])
        XCTAssertEqual(tokens.map(\.kind), [.number, .word, .number, .word, .word, .word, .punctuation])
    }

    func testDimensionsWrittenWithoutSpacesSplitAtTheCross() {
        XCTAssertEqual(Tokenizer.tokens(in: "3.2x2.1cm").map(\.key), ["3.2", "x", "2.1", "cm"])
        XCTAssertEqual(Tokenizer.tokens(in: "x2 T2 C5").map(\.key), ["x2", "t2", "c5"])
    }

    func testOffsetsCountUnicodeScalarsNotBytes() {
        // "é", "µ" and the emoji are one scalar each (2, 2 and 4 bytes in UTF-8).
        let tokens = Tokenizer.tokens(in: "Café 5 µm 🙂 nodule")
        XCTAssertEqual(tokens.map(\.range), [0..<4, 5..<6, 7..<9, 10..<11, 12..<18])
        XCTAssertEqual(tokens[0].key, "café")
    }

    func testRecordsLineBreaksAndBlankLines() {
        let tokens = Tokenizer.tokens(in: "one\ntwo\n\nthree")
        XCTAssertEqual(tokens.map(\.startsLine), [true, true, true])
        XCTAssertEqual(tokens.map(\.followsBlankLine), [false, false, true])
    }
}
