@testable import Audit
import Foundation
import XCTest

final class CanonicalEncodingTests: XCTestCase {
    private let event = AuditEvent(
        AuditEventID(scheme: "DCM", code: "1", meaning: "M"), action: .read, outcome: .minorFailure,
        time: Date(timeIntervalSince1970: 1.5), actor: ActiveParticipant(userID: "u", role: "r", networkAccessPoint: "n"),
        participants: [ParticipantObject(.study, id: "9")], details: ["b": "2", "a": "1"])

    func testEncodesEveryFieldInTheDocumentedOrder() {
        let s: (String) -> [UInt8] = { [0, 0, 0, UInt8($0.utf8.count)] + Array($0.utf8) }
        let expected: [UInt8] = [1] + s("DCM") + s("1") + s("M") + Array("R".utf8) + [4]
            + [0, 0, 0, 0, 0, 0, 0x05, 0xDC]   // 1500 ms
            + s("u") + s("r") + s("n")
            + [0, 0, 0, 1] + s("study") + s("9")
            + [0, 0, 0, 2] + s("a") + s("1") + s("b") + s("2")
        XCTAssertEqual(CanonicalEncoding.encode(event), expected)
    }

    func testDetailOrderDoesNotChangeTheBytes() {
        var reordered = event
        reordered.details = [:]
        reordered = reordered.detail("b", "2").detail("a", "1")
        XCTAssertEqual(CanonicalEncoding.encode(reordered), CanonicalEncoding.encode(event))
    }

    func testDecodesWhatItEncodes() throws {
        XCTAssertEqual(try CanonicalEncoding.decode(CanonicalEncoding.encode(event)), event)
    }

    func testRejectsTruncatedUnknownAndTrailingBytes() {
        let bytes = CanonicalEncoding.encode(event)
        XCTAssertThrowsError(try CanonicalEncoding.decode(Array(bytes.dropLast()))) {
            XCTAssertEqual($0 as? CanonicalEncodingError, .truncated)
        }
        XCTAssertThrowsError(try CanonicalEncoding.decode([2] + bytes.dropFirst())) {
            XCTAssertEqual($0 as? CanonicalEncodingError, .unsupportedVersion(2))
        }
        XCTAssertThrowsError(try CanonicalEncoding.decode(bytes + [0])) {
            XCTAssertEqual($0 as? CanonicalEncodingError, .trailingBytes)
        }
        var badAction = bytes
        badAction[1 + 7 + 5 + 5] = UInt8(ascii: "X")
        XCTAssertThrowsError(try CanonicalEncoding.decode(badAction)) {
            XCTAssertEqual($0 as? CanonicalEncodingError, .invalidValue("action"))
        }
    }
}
