import Audit
import Foundation
import XCTest

/// Every vector of transparency-dev/merkle's test data (`../shared/reference/merkle-testdata`,
/// or `$MERKLE_TESTDATA`), read in place: inclusion and consistency proofs and their subtree
/// forms, each expected to verify or, where `wantErr` says so, to be rejected.
final class MerkleTestVectorTests: XCTestCase {
    static var directory: URL {
        if let path = ProcessInfo.processInfo.environment["MERKLE_TESTDATA"] { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../shared/reference/merkle-testdata").standardizedFileURL
    }

    func testInclusionVectors() throws {
        let count = try run("inclusion") { v in
            try MerkleProof.verifyInclusion(leafHash: v.hash("leafHash"), index: v.number("leafIdx"),
                                            treeSize: v.number("treeSize"), proof: v.proof, root: v.hash("root"))
        }
        XCTAssertEqual(count, 98)
    }

    func testConsistencyVectors() throws {
        let count = try run("consistency") { v in
            try MerkleProof.verifyConsistency(oldSize: v.number("size1"), newSize: v.number("size2"),
                                              oldRoot: v.hash("root1"), newRoot: v.hash("root2"), proof: v.proof)
        }
        XCTAssertEqual(count, 98)
    }

    func testSubtreeInclusionVectors() throws {
        let count = try run("subtreeinclusion") { v in
            try MerkleProof.verifySubtreeInclusion(leafHash: v.hash("leafHash"), index: v.number("leafIdx"),
                                                   start: v.number("start"), end: v.number("end"),
                                                   proof: v.proof, subtreeRoot: v.hash("root"))
        }
        XCTAssertEqual(count, 204)
    }

    func testSubtreeConsistencyVectors() throws {
        let count = try run("subtreeconsistency") { v in
            try MerkleProof.verifySubtreeConsistency(start: v.number("start"), end: v.number("end"),
                                                     treeSize: v.number("size"), subtreeRoot: v.hash("root1"),
                                                     root: v.hash("root2"), proof: v.proof)
        }
        XCTAssertEqual(count, 118)
    }

    /// Runs `verify` on every vector under `kind`, checks it against `wantErr`, and returns how
    /// many vectors there were (so a missing or moved directory cannot pass silently).
    private func run(_ kind: String, verify: (Vector) throws -> Void) throws -> Int {
        let root = Self.directory.appendingPathComponent(kind)
        guard let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            XCTFail("no test vectors at \(root.path)")
            return 0
        }
        var count = 0
        for case let file as URL in files where file.pathExtension == "json" {
            let vector = try Vector(file)
            count += 1
            do {
                try verify(vector)
                XCTAssertFalse(vector.wantErr, "\(kind)/\(file.lastPathComponent): accepted, but should fail")
            } catch {
                XCTAssertTrue(vector.wantErr, "\(kind)/\(file.lastPathComponent): rejected (\(error)), but should verify")
            }
        }
        return count
    }
}

/// One JSON test vector.
private struct Vector {
    let fields: [String: Any]
    let wantErr: Bool

    init(_ file: URL) throws {
        fields = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any] ?? [:]
        wantErr = fields["wantErr"] as? Bool ?? false
    }

    func number(_ key: String) -> UInt64 { (fields[key] as? NSNumber)?.uint64Value ?? 0 }

    func hash(_ key: String) -> [UInt8] {
        guard let text = fields[key] as? String, let data = Data(base64Encoded: text) else { return [] }
        return Array(data)
    }

    var proof: [[UInt8]] {
        (fields["proof"] as? [String] ?? []).map { Array(Data(base64Encoded: $0) ?? Data()) }
    }
}
