import Foundation
import XCTest
@testable import Store

final class BlobStoreTests: XCTestCase {
    func testAddressIsTheSHA256OfTheBytes() {
        // FIPS 180-2 test vector for "abc".
        let address = Array("abc".utf8).withUnsafeBytes { ContentAddress(hashing: $0) }
        XCTAssertEqual(address.hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    func testAddressFromHexAcceptsOnlySixtyFourLowercaseHexDigits() {
        XCTAssertNotNil(ContentAddress(hex: String(repeating: "0a", count: 32)))
        XCTAssertNil(ContentAddress(hex: String(repeating: "0A", count: 32)))
        XCTAssertNil(ContentAddress(hex: String(repeating: "0a", count: 31)))
        XCTAssertNil(ContentAddress(hex: String(repeating: "zz", count: 32)))
        XCTAssertNil(ContentAddress(hex: "../../etc/passwd"))
    }

    func testPutStoresTheBytesUnderTheirAddressOnce() throws {
        let blobs = try BlobStore(root: try temporaryDirectory())
        let bytes: [UInt8] = [1, 2, 3, 4, 5]
        let address = bytes.withUnsafeBytes { ContentAddress(hashing: $0) }

        XCTAssertFalse(blobs.contains(address))
        XCTAssertTrue(try bytes.withUnsafeBytes { try blobs.put($0, address: address) })
        XCTAssertFalse(try bytes.withUnsafeBytes { try blobs.put($0, address: address) })
        try blobs.makeDurable()

        XCTAssertEqual(blobs.read(address).map(Array.init), bytes)
        XCTAssertEqual(try blobs.allAddresses(), [address])
        XCTAssertTrue(blobs.path(for: address).hasSuffix("/sha256/\(address.hex.prefix(2))/\(address.hex)"))
        let folder = blobs.objectsFolder.appendingPathComponent(String(address.hex.prefix(2))).path
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), [address.hex], "no temporary file is left")
    }

    func testRemoveTemporaryFilesDeletesWhatAKilledWriterLeft() throws {
        let blobs = try BlobStore(root: try temporaryDirectory())
        let address = Array("kept".utf8).withUnsafeBytes { ContentAddress(hashing: $0) }
        try Array("kept".utf8).withUnsafeBytes { _ = try blobs.put($0, address: address) }
        let leftover = blobs.path(for: address) + ".tmp-0F1E2D3C"
        try Data([1, 2]).write(to: URL(fileURLWithPath: leftover))

        XCTAssertEqual(try blobs.removeTemporaryFiles(), 1)

        XCTAssertFalse(FileManager.default.fileExists(atPath: leftover))
        XCTAssertEqual(try blobs.allAddresses(), [address])
    }

    func testAWriteMarkerLastsUntilTheWriterEndsIt() throws {
        let blobs = try BlobStore(root: try temporaryDirectory())
        XCTAssertFalse(blobs.hasUnfinishedWrites)
        let first = try blobs.beginWriting()
        let second = try blobs.beginWriting()
        blobs.endWriting(first)
        XCTAssertTrue(blobs.hasUnfinishedWrites)
        blobs.endWriting(second)
        XCTAssertFalse(blobs.hasUnfinishedWrites)
    }

    func testFilesThatAreNotAddressesAreNotListed() throws {
        let blobs = try BlobStore(root: try temporaryDirectory())
        let folder = blobs.objectsFolder.appendingPathComponent("ab")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data([1]).write(to: folder.appendingPathComponent("notes.txt"))

        XCTAssertEqual(try blobs.allAddresses(), [])
    }
}
