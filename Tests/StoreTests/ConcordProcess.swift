import Foundation
import XCTest

/// The built `concord` executable, run as a child process the way a user runs it.
struct ConcordProcess {
    /// `concord` next to the test bundle (SwiftPM builds every product before `swift test`).
    static func executable() throws -> URL {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("concord"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("concord"),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("concord"),
        ]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw XCTSkip("the concord executable was not found beside the tests; run `swift build` first")
        }
        return found
    }

    let process = Process()
    let output = Pipe()
    /// stderr goes to a file, so that a full pipe can never block the child.
    let errorLog: URL

    /// Starts `concord arguments…` with stdout and stderr captured.
    init(_ arguments: [String]) throws {
        process.executableURL = try Self.executable()
        process.arguments = arguments
        process.standardOutput = output
        errorLog = FileManager.default.temporaryDirectory.appendingPathComponent("concord-stderr-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: errorLog.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: errorLog.path])
        }
        process.standardError = try FileHandle(forWritingTo: errorLog)
        try process.run()
    }

    /// Waits for the exit and returns the status, everything written to stdout, and stderr.
    func finish() -> (status: Int32, stdout: Data, stderr: String) {
        let data = output.fileHandleForReading.readDataToEndOfFile()
        waitForExit()
        let errors = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: errorLog)
        return (process.terminationStatus, data, errors)
    }

    /// SIGKILL: no handler runs, no buffer is flushed, nothing is cleaned up.
    func kill() {
        _ = Foundation.kill(process.processIdentifier, SIGKILL)
        waitForExit()
        try? FileManager.default.removeItem(at: errorLog)
    }

    /// Waits for the exit within a millisecond. `Process.waitUntilExit` on Linux polls its run
    /// loop every 50 ms, which would add up to 50 ms to every timed run.
    private func waitForExit() {
        while process.isRunning { usleep(1_000) }
    }
}
