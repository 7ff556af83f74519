/// Verification of RFC 9162 inclusion and consistency proofs, and of their subtree forms.
///
/// Hashes arrive as plain bytes because they come from outside (a proof file, a checkpoint);
/// each function checks what it needs and throws a ``MerkleProofError`` saying what is wrong.
///
/// ```swift
/// try MerkleProof.verifyInclusion(leafHash: leaf, index: 3, treeSize: 7,
///                                 proof: proof, root: checkpoint.rootHash)
/// ```
public enum MerkleProof {
    /// Checks that `leafHash` is the leaf at `index` of the tree of `treeSize` leaves whose root
    /// is `root`.
    public static func verifyInclusion(
        leafHash: [UInt8], index: UInt64, treeSize: UInt64, proof: [[UInt8]], root: [UInt8]
    ) throws(MerkleProofError) {
        guard index < treeSize else { throw .indexOutOfRange(index: index, size: treeSize) }
        guard leafHash.count == TreeHasher.hashSize else { throw .malformedHash(role: "leaf hash") }
        var hashes = try ProofHashes(proof, expected: ProofShape.inclusion(index: index, in: 0..<treeSize).count)
        let computed = foldInclusion(index: index, in: 0..<treeSize, leafHash: leafHash, hashes: &hashes)
        guard computed == root else { throw .rootMismatch(role: "root hash") }
    }

    /// Checks that `leafHash` is the leaf at `index` of the subtree `[start, end)` whose hash is
    /// `subtreeRoot`.
    public static func verifySubtreeInclusion(
        leafHash: [UInt8], index: UInt64, start: UInt64, end: UInt64, proof: [[UInt8]], subtreeRoot: [UInt8]
    ) throws(MerkleProofError) {
        guard TreeMath.isSubtree(start: start, end: end) else { throw .invalidSubtree(start: start, end: end) }
        guard index >= start, index < end else { throw .indexOutOfRange(index: index, size: end) }
        try verifyInclusion(leafHash: leafHash, index: index - start, treeSize: end - start,
                            proof: proof, root: subtreeRoot)
    }

    /// Checks that the tree of `oldSize` leaves with root `oldRoot` is a prefix of the tree of
    /// `newSize` leaves with root `newRoot`: nothing was changed or removed, only appended.
    public static func verifyConsistency(
        oldSize: UInt64, newSize: UInt64, oldRoot: [UInt8], newRoot: [UInt8], proof: [[UInt8]]
    ) throws(MerkleProofError) {
        guard oldSize <= newSize else { throw .sizesOutOfOrder(older: oldSize, newer: newSize) }
        if oldSize == newSize {
            guard proof.isEmpty else { throw .wrongProofLength(expected: 0, actual: proof.count) }
            if oldSize == 0, oldRoot != TreeHasher.emptyRoot { throw .rootMismatch(role: "root of the empty tree") }
            guard oldRoot == newRoot else { throw .rootMismatch(role: "same-size root hashes") }
            return
        }
        guard oldSize > 0 else { throw .emptyTree }
        try verifyFold(old: 0..<oldSize, treeSize: newSize, oldRoot: oldRoot, newRoot: newRoot, proof: proof)
    }

    /// Checks that the subtree `[start, end)` with hash `subtreeRoot` is part of the tree of
    /// `treeSize` leaves with root `root`.
    public static func verifySubtreeConsistency(
        start: UInt64, end: UInt64, treeSize: UInt64, subtreeRoot: [UInt8], root: [UInt8], proof: [[UInt8]]
    ) throws(MerkleProofError) {
        guard end <= treeSize else { throw .sizesOutOfOrder(older: end, newer: treeSize) }
        if start == end {
            // The empty subtree proves nothing; only its well-known hash is accepted.
            guard proof.isEmpty else { throw .wrongProofLength(expected: 0, actual: proof.count) }
            guard subtreeRoot == TreeHasher.emptyRoot else { throw .rootMismatch(role: "root of the empty subtree") }
            return
        }
        guard TreeMath.isSubtree(start: start, end: end) else { throw .invalidSubtree(start: start, end: end) }
        if start == 0, end == treeSize {
            guard proof.isEmpty else { throw .wrongProofLength(expected: 0, actual: proof.count) }
            guard subtreeRoot == root else { throw .rootMismatch(role: "same-size root hashes") }
            return
        }
        try verifyFold(old: start..<end, treeSize: treeSize, oldRoot: subtreeRoot, newRoot: root, proof: proof)
    }

    private static func verifyFold(
        old: Range<UInt64>, treeSize: UInt64, oldRoot: [UInt8], newRoot: [UInt8], proof: [[UInt8]]
    ) throws(MerkleProofError) {
        let expected = ProofShape.consistency(old: old, in: 0..<treeSize, known: true).count
        var hashes = try ProofHashes(proof, expected: expected)
        let (computedOld, computedNew) = foldConsistency(
            old: old, in: 0..<treeSize, known: true, oldRoot: oldRoot, hashes: &hashes)
        guard computedOld == oldRoot else { throw .rootMismatch(role: "older root hash") }
        guard computedNew == newRoot else { throw .rootMismatch(role: "newer root hash") }
    }

    /// The root of `range` rebuilt from the leaf and the proof, following ``ProofShape/inclusion``.
    private static func foldInclusion(
        index: UInt64, in range: Range<UInt64>, leafHash: [UInt8], hashes: inout ProofHashes
    ) -> [UInt8] {
        if range.count == 1 { return leafHash }
        let mid = range.lowerBound + TreeMath.split(UInt64(range.count))
        if index < mid {
            let left = foldInclusion(index: index, in: range.lowerBound..<mid, leafHash: leafHash, hashes: &hashes)
            return TreeHasher.nodeHash(left: left, right: hashes.next())
        }
        let right = foldInclusion(index: index, in: mid..<range.upperBound, leafHash: leafHash, hashes: &hashes)
        return TreeHasher.nodeHash(left: hashes.next(), right: right)
    }

    /// The hashes of `old` and of `range` rebuilt from the proof, following
    /// ``ProofShape/consistency(old:in:known:)``.
    private static func foldConsistency(
        old: Range<UInt64>, in range: Range<UInt64>, known: Bool, oldRoot: [UInt8], hashes: inout ProofHashes
    ) -> (old: [UInt8], new: [UInt8]) {
        if old == range {
            let hash = known ? oldRoot : hashes.next()
            return (hash, hash)
        }
        let mid = range.lowerBound + TreeMath.split(UInt64(range.count))
        if old.upperBound <= mid {
            let inner = foldConsistency(old: old, in: range.lowerBound..<mid, known: known, oldRoot: oldRoot, hashes: &hashes)
            return (inner.old, TreeHasher.nodeHash(left: inner.new, right: hashes.next()))
        }
        if old.lowerBound >= mid {
            let inner = foldConsistency(old: old, in: mid..<range.upperBound, known: known, oldRoot: oldRoot, hashes: &hashes)
            return (inner.old, TreeHasher.nodeHash(left: hashes.next(), right: inner.new))
        }
        let inner = foldConsistency(old: mid..<old.upperBound, in: mid..<range.upperBound, known: false,
                                    oldRoot: oldRoot, hashes: &hashes)
        let left = hashes.next()
        return (TreeHasher.nodeHash(left: left, right: inner.old), TreeHasher.nodeHash(left: left, right: inner.new))
    }
}

/// The hashes of a received proof, checked for count and size before any is used.
private struct ProofHashes {
    private let hashes: [[UInt8]]
    private var position = 0

    init(_ hashes: [[UInt8]], expected: Int) throws(MerkleProofError) {
        guard hashes.count == expected else { throw .wrongProofLength(expected: expected, actual: hashes.count) }
        for (i, hash) in hashes.enumerated() where hash.count != TreeHasher.hashSize {
            throw .malformedHash(role: "proof hash \(i)")
        }
        self.hashes = hashes
    }

    /// The next hash; the count was checked against the shape, so the folds never run out.
    mutating func next() -> [UInt8] {
        defer { position += 1 }
        return hashes[position]
    }
}
