import Audit
import Foundation
import XCTest

/// `kill -9` during appends: two writer processes of four threads each append to one log and
/// are killed at random moments, 20 rounds of them. Every append a writer saw return must be
/// in the log, at the sequence number it was given, and the log must verify.
final class CrashRecoveryTests: XCTestCase {
    /// The helper built beside the test bundle (`Tests/AuditCrashWriter`).
    private var writerPath: String {
        if let path = ProcessInfo.processInfo.environment["AUDIT_CRASH_WRITER"] { return path }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("concord-audit-crash-writer").path
    }

    func testEveryAcknowledgedAppendSurvivesSIGKILL() throws {
        guard FileManager.default.isExecutableFile(atPath: writerPath) else {
            return XCTFail("\(writerPath) is missing: build the package first (`swift build`)")
        }
        let log = try TemporaryLog()
        defer { log.remove() }
        var acknowledged: [UInt64: String] = [:]
        var delays: [Int] = []
        for round in 0..<20 {
            let delay = Int.random(in: 20...400)
            delays.append(delay)
            let writers = try (0..<2).map { try launchWriter(log, name: "r\(round)w\($0)") }
            usleep(useconds_t(delay * 1000))
            for (process, _) in writers { kill(process.processIdentifier, SIGKILL) }
            for (process, output) in writers {
                process.waitUntilExit()
                let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                for line in text.split(separator: "\n") {
                    let fields = line.split(separator: " ")
                    guard fields.count == 3, fields[0] == "ack", let seq = UInt64(fields[1]) else { continue }
                    XCTAssertNil(acknowledged[seq], "sequence \(seq) acknowledged twice")
                    acknowledged[seq] = String(fields[2])
                }
            }
            let report = try log.verify()
            XCTAssertNil(report.failure, "round \(round) after \(delay) ms: \(String(describing: report.failure))")
        }
        let events = try log.reader().events(keys: log.keys)
        XCTAssertEqual(events.map(\.sequence), Array(0..<UInt64(events.count)), "sequence numbers have gaps")
        let stored = Dictionary(uniqueKeysWithValues: events.map { ($0.sequence, $0.event?.participants.first?.id) })
        for (seq, label) in acknowledged {
            XCTAssertEqual(stored[seq], label, "acknowledged entry \(seq) (\(label)) is not in the log; kill delays \(delays)")
        }
        XCTAssertGreaterThan(acknowledged.count, 0, "no writer acknowledged anything; kill delays \(delays)")
    }

    private func launchWriter(_ log: TemporaryLog, name: String) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: writerPath)
        process.arguments = [log.directory, log.keyFile, name, "4"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        return (process, output)
    }
}
