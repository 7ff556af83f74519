import XCTest
@testable import ClinicalText

final class PhraseTrieTests: XCTestCase {
    func testFindsTheLongestPhraseAtAPosition() {
        var trie = PhraseTrie<String>()
        trie.insert(["no"], value: "negated")
        trie.insert(["no", "change"], value: "pseudo")
        trie.insert(["no", "change", "in", "size", "of", "the"], value: "never complete")
        XCTAssertEqual(trie.longestMatch(in: ["no", "change", "in"], from: 0)?.end, 2)
        XCTAssertEqual(trie.longestMatch(in: ["no", "change", "in"], from: 0)?.values, ["pseudo"])
        XCTAssertEqual(trie.longestMatch(in: ["no", "effusion"], from: 0)?.values, ["negated"])
        XCTAssertNil(trie.longestMatch(in: ["no", "effusion"], from: 1))
    }

    func testSkipsPositionsWithoutAKey() {
        var trie = PhraseTrie<Int>()
        trie.insert(["ground", "glass"], value: 1)
        let keys: [String?] = ["ground", nil, "glass"]
        XCTAssertEqual(trie.longestMatch(count: 3, from: 0) { keys[$0] }?.end, 3)
        XCTAssertNil(trie.longestMatch(count: 3, from: 1) { keys[$0] })
    }
}
