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

    /// Starts `concord arguments…` with stdout captured and stderr discarded.
    init(_ arguments: [String]) throws {
        process.executableURL = try Self.executable()
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Waits for the exit and returns the status and everything written to stdout.
    func finish() -> (status: Int32, stdout: Data) {
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data)
    }

    /// SIGKILL: no handler runs, no buffer is flushed, nothing is cleaned up.
    func kill() {
        _ = Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
