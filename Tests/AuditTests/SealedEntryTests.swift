@testable import Audit
import Foundation
import XCTest

final class SealedEntryTests: XCTestCase {
    private let dataKey = DataKey.generate(id: 3)

    func testHeaderIsVersionSequenceKeyIDAndNonce() throws {
        let entry = try SealedEntry.seal(Events.numbered(0), sequence: 0x0102, under: dataKey)
        XCTAssertEqual(entry.header, [1, 0, 0, 0, 0, 0, 0, 0x01, 0x02, 0, 0, 0, 0, 0, 0, 0, 3] + entry.nonce)
        XCTAssertEqual(entry.nonce.count, 12)
        XCTAssertEqual(entry.leafData, entry.header + entry.sealed)
    }

    func testLeafHashCoversHeaderAndCiphertext() throws {
        let entry = try SealedEntry.seal(Events.numbered(1), sequence: 9, under: dataKey)
        XCTAssertEqual(entry.leafHash, TreeHasher.leafHash(of: entry.leafData))
        let moved = SealedEntry(sequence: 10, keyID: entry.keyID, nonce: entry.nonce, sealed: entry.sealed)
        XCTAssertNotEqual(moved.leafHash, entry.leafHash)
    }

    func testOpensUnderItsKeyOnly() throws {
        let entry = try SealedEntry.seal(Events.numbered(2), sequence: 4, under: dataKey)
        XCTAssertEqual(try entry.open(with: dataKey), Events.numbered(2))
        XCTAssertThrowsError(try entry.open(with: DataKey.generate(id: 3)))
        let moved = SealedEntry(sequence: 5, keyID: entry.keyID, nonce: entry.nonce, sealed: entry.sealed)
        XCTAssertThrowsError(try moved.open(with: dataKey), "the header is authenticated, so a moved entry does not open")
    }

    func testWrappedDataKeyOpensOnlyUnderItsMasterKeyAndID() throws {
        let master = AuditKeys.generate(origin: "o").masterKey
        let wrapped = try dataKey.wrapped(under: master)
        XCTAssertEqual(try DataKey.unwrap(wrapped, id: 3, under: master).key, dataKey.key)
        XCTAssertThrowsError(try DataKey.unwrap(wrapped, id: 4, under: master))
        XCTAssertThrowsError(try DataKey.unwrap(wrapped, id: 3, under: AuditKeys.generate(origin: "o").masterKey))
    }
}
