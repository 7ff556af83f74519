import Foundation
import XCTest
@testable import Store

/// What `concord ingest` reads from the paths it is given.
final class FileWalkTests: XCTestCase {
    func testFilesBelowFoldersComeSortedAndHiddenOnesAreSkipped() throws {
        let root = try temporaryDirectory()
        let manager = FileManager.default
        try manager.createDirectory(at: root.appendingPathComponent("b/deeper"), withIntermediateDirectories: true)
        try manager.createDirectory(at: root.appendingPathComponent(".hidden"), withIntermediateDirectories: true)
        for name in ["b/deeper/z.dcm", "b/a.dcm", "c.dcm", ".hidden/x.dcm", ".dotfile"] {
            try Data([1]).write(to: root.appendingPathComponent(name))
        }
        let walk = FileWalk(paths: [root.path])
        XCTAssertEqual(walk.files, ["b/a.dcm", "b/deeper/z.dcm", "c.dcm"].map { root.path + "/" + $0 })
        XCTAssertEqual(walk.missing, [])
    }

    func testLinksToFilesAreFollowedAndLinksToFoldersAreNot() throws {
        let root = try temporaryDirectory()
        let elsewhere = try temporaryDirectory()
        try Data([1]).write(to: elsewhere.appendingPathComponent("target.dcm"))
        let manager = FileManager.default
        try manager.createSymbolicLink(atPath: root.path + "/file-link.dcm", withDestinationPath: elsewhere.path + "/target.dcm")
        try manager.createSymbolicLink(atPath: root.path + "/loop", withDestinationPath: root.path)
        let walk = FileWalk(paths: [root.path])
        XCTAssertEqual(walk.files, [root.path + "/file-link.dcm"])
    }

    func testNamedFilesComeFirstInTheOrderGivenAndMissingPathsAreReported() throws {
        let root = try temporaryDirectory()
        try Data([1]).write(to: root.appendingPathComponent("one.dcm"))
        let walk = FileWalk(paths: [root.path + "/one.dcm", root.path + "/absent"])
        XCTAssertEqual(walk.files, [root.path + "/one.dcm"])
        XCTAssertEqual(walk.missing, [IngestRejection(path: root.path + "/absent", reason: "no such file or folder")])
    }
}
