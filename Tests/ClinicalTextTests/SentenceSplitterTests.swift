import XCTest
@testable import ClinicalText

final class SentenceSplitterTests: XCTestCase {
    private func sentences(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        return SentenceSplitter().sentences(in: Tokenizer.tokens(in: scalars)).map {
            String(String.UnicodeScalarView(scalars[$0.range]))
        }
    }

    func testDecimalMeasurementsDoNotEndSentences() {
        XCTAssertEqual(sentences("A 3.2 cm nodule. No effusion."), ["A 3.2 cm nodule.", "No effusion."])
    }

    func testAbbreviationsDoNotEndSentences() {
        XCTAssertEqual(sentences("Seen by Dr. Smith, approx. 2 cm in size. Stable."),
                       ["Seen by Dr. Smith, approx. 2 cm in size.", "Stable."])
    }

    func testNumberedListItemsAreSentences() {
        XCTAssertEqual(sentences("IMPRESSION:\n1. Right lower lobe pneumonia.\n2. No pneumothorax"),
                       ["IMPRESSION:", "1. Right lower lobe pneumonia.", "2. No pneumothorax"])
    }

    func testItemsNumberedWithParenthesesSplitWithinALine() {
        XCTAssertEqual(sentences("DIAGNOSES: 1) Normal esophagus 2) Hiatal hernia (see image 2) here"),
                       ["DIAGNOSES:", "1) Normal esophagus", "2) Hiatal hernia (see image 2) here"])
    }

    func testBlankLinesEndSentencesWithoutPunctuation() {
        XCTAssertEqual(sentences("Lungs clear\n\nHeart normal size"), ["Lungs clear", "Heart normal size"])
    }

    func testWrappedLinesContinueTheSentence() {
        XCTAssertEqual(sentences("There is a small\nleft effusion."), ["There is a small\nleft effusion."])
    }
}
