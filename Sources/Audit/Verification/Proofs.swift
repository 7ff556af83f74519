import Foundation

/// Proof that an entry is in the log at a checkpointed size; with the checkpoint and the log's
/// verifier key, anyone can check it without access to the log.
///
/// The entry travels as its leaf data (clear header and ciphertext), so the checker sees that
/// this exact sealed entry is included, without being able to read it.
public struct InclusionProof: Codable, Sendable, Equatable {
    public var index: UInt64
    public var treeSize: UInt64
    /// Base64 of the entry's leaf data (``SealedEntry/leafData``).
    public var entry: String
    /// Base64 hashes, leaf end first.
    public var hashes: [String]

    public init(index: UInt64, treeSize: UInt64, entry: [UInt8], hashes: [[UInt8]]) {
        self.index = index
        self.treeSize = treeSize
        self.entry = Data(entry).base64EncodedString()
        self.hashes = hashes.map { Data($0).base64EncodedString() }
    }

    /// Checks the proof against a checkpoint of the same tree size.
    public func verify(against checkpoint: Checkpoint) throws(AuditError) {
        guard checkpoint.size == treeSize else {
            throw .invalidCheckpoint("the proof is for size \(treeSize) but the checkpoint is at size \(checkpoint.size)")
        }
        guard let leafData = Data(base64Encoded: entry) else { throw .invalidCheckpoint("the entry is not base64") }
        do {
            try MerkleProof.verifyInclusion(leafHash: TreeHasher.leafHash(of: leafData), index: index,
                                            treeSize: treeSize, proof: try decode(hashes), root: checkpoint.rootHash)
        } catch {
            throw .invalidCheckpoint("inclusion proof of entry \(index): \(error)")
        }
    }
}

/// Proof that the log at one checkpointed size is a prefix of the log at a later one.
public struct ConsistencyProof: Codable, Sendable, Equatable {
    public var oldSize: UInt64
    public var newSize: UInt64
    public var hashes: [String]

    public init(oldSize: UInt64, newSize: UInt64, hashes: [[UInt8]]) {
        self.oldSize = oldSize
        self.newSize = newSize
        self.hashes = hashes.map { Data($0).base64EncodedString() }
    }

    /// Checks the proof between two checkpoints of the proof's sizes.
    public func verify(from old: Checkpoint, to new: Checkpoint) throws(AuditError) {
        guard old.size == oldSize, new.size == newSize else {
            throw .invalidCheckpoint("the proof is from size \(oldSize) to \(newSize) but the checkpoints are at \(old.size) and \(new.size)")
        }
        do {
            try MerkleProof.verifyConsistency(oldSize: oldSize, newSize: newSize, oldRoot: old.rootHash,
                                              newRoot: new.rootHash, proof: try decode(hashes))
        } catch {
            throw .invalidCheckpoint("consistency proof from \(oldSize) to \(newSize): \(error)")
        }
    }
}

private func decode(_ hashes: [String]) throws(AuditError) -> [[UInt8]] {
    var decoded: [[UInt8]] = []
    for hash in hashes {
        guard let data = Data(base64Encoded: hash) else { throw .invalidCheckpoint("a proof hash is not base64") }
        decoded.append(Array(data))
    }
    return decoded
}
