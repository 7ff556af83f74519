import Audit
import Crypto
import Foundation
import XCTest

final class CheckpointTests: XCTestCase {
    /// A fixed signing key, so the note bytes are the same on every run.
    private var key: Curve25519.Signing.PrivateKey {
        get throws { try Curve25519.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: 7, count: 32)) }
    }
    private let checkpoint = Checkpoint(origin: "example.com/log", size: 5, rootHash: [UInt8](repeating: 0xAB, count: 32))

    func testNoteHasTheC2SPLayout() throws {
        let note = try SignedNote.sign(checkpoint, name: "example.com/log", with: try key)
        let lines = note.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(Array(lines.prefix(4)), ["example.com/log", "5", Substring(Data(checkpoint.rootHash).base64EncodedString()), ""])
        XCTAssertTrue(lines[4].hasPrefix("\u{2014} example.com/log "))
        let blob = try XCTUnwrap(Data(base64Encoded: String(lines[4].split(separator: " ")[2])))
        let verifier = NoteVerifierKey(name: "example.com/log", publicKey: try key.publicKey)
        XCTAssertEqual(Array(blob.prefix(4)), verifier.keyHash)
        XCTAssertEqual(blob.count, 68)
        XCTAssertEqual(lines.last, "")
    }

    func testKeyHashFollowsSignedNote() throws {
        let verifier = NoteVerifierKey(name: "example.com/log", publicKey: try key.publicKey)
        let expected = Array(SHA256.hash(data: Array("example.com/log\n".utf8) + [1] + (try key.publicKey.rawRepresentation)).prefix(4))
        XCTAssertEqual(verifier.keyHash, expected)
    }

    func testVerifierKeyRoundTripsThroughText() throws {
        let verifier = NoteVerifierKey(name: "example.com/log", publicKey: try key.publicKey)
        XCTAssertEqual(try NoteVerifierKey(verifier.description), verifier)
        let parts = verifier.description.split(separator: "+", maxSplits: 2)
        let wrongHash = "\(parts[0])+00000000+\(parts[2])"
        XCTAssertThrowsError(try NoteVerifierKey(wrongHash)) {
            XCTAssertEqual($0 as? AuditError, .invalidCheckpoint("verifier key hash does not match its name and key"))
        }
    }

    func testVerifiesItsOwnSignatureAndRejectsOthers() throws {
        let note = try SignedNote.sign(checkpoint, name: "example.com/log", with: try key)
        let verifier = NoteVerifierKey(name: "example.com/log", publicKey: try key.publicKey)
        XCTAssertEqual(try SignedNote.verify(note, with: verifier), checkpoint)

        let other = NoteVerifierKey(name: "example.com/log", publicKey: Curve25519.Signing.PrivateKey().publicKey)
        XCTAssertThrowsError(try SignedNote.verify(note, with: other)) {
            XCTAssertEqual($0 as? AuditError, .invalidCheckpoint("the note carries no signature by example.com/log"))
        }
        let altered = note.replacingOccurrences(of: "\n5\n", with: "\n6\n")
        XCTAssertThrowsError(try SignedNote.verify(altered, with: verifier)) {
            XCTAssertEqual($0 as? AuditError, .invalidCheckpoint("the signature by example.com/log on the checkpoint at size 6 does not verify"))
        }
    }

    func testRejectsMalformedBodies() {
        let root = Data(repeating: 0, count: 32).base64EncodedString()
        XCTAssertThrowsError(try Checkpoint(body: "origin\n05\n\(root)\n")) {
            XCTAssertEqual($0 as? AuditError, .invalidCheckpoint("the size \"05\" is not a decimal number"))
        }
        XCTAssertThrowsError(try Checkpoint(body: "origin\n5\nnot base64\n")) {
            XCTAssertEqual($0 as? AuditError, .invalidCheckpoint("the root hash is not a base64 SHA-256 hash"))
        }
        XCTAssertThrowsError(try Checkpoint(body: "origin\n5\n")) {
            XCTAssertEqual($0 as? AuditError, .invalidCheckpoint("the body must be origin, size and root hash, one per line"))
        }
    }
}
