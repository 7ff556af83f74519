import Audit
import Foundation
import XCTest

/// Write-ahead auditing: an intent that no result names is an interrupted change, found by
/// reading the log back.
final class ChangePhaseTests: XCTestCase {
    private var log: TemporaryLog!

    override func setUpWithError() throws { log = try TemporaryLog() }
    override func tearDown() { log.remove() }

    func testAnIntentWithoutAResultIsInterrupted() throws {
        let writer = try log.open()
        let change = Events.numbered(1)
        let committed = try writer.append(change.phase(.intent))
        try writer.append(change.phase(.committed, of: committed))
        let refused = try writer.append(Events.numbered(3).phase(.intent))
        try writer.append(Events.numbered(3).outcome(.seriousFailure).phase(.refused, of: refused))
        try writer.append(Events.numbered(4))
        let interrupted = try writer.append(Events.numbered(5).phase(.intent))

        let events = try log.reader().events(keys: log.keys)
        XCTAssertEqual(events.interruptedChanges().map(\.sequence), [interrupted])
        XCTAssertEqual(events.compactMap { $0.event?.phase?.rawValue }, ["intent", "committed", "intent", "refused", "intent"])
        XCTAssertEqual(events.compactMap { $0.event?.intentSequence }, [committed, refused])
        XCTAssertEqual(events[1].event?.details, ["command": "study show", "phase": "committed", "intent": "0"])
    }

    func testAResultNamingAnotherIntentLeavesThisOneInterrupted() throws {
        let writer = try log.open()
        let first = try writer.append(Events.numbered(1).phase(.intent))
        let second = try writer.append(Events.numbered(3).phase(.intent))
        try writer.append(Events.numbered(3).phase(.committed, of: second))
        XCTAssertEqual(try log.reader().events(keys: log.keys).interruptedChanges().map(\.sequence), [first])
    }
}
