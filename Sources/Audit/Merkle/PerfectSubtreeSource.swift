/// Where a stored Merkle tree keeps its perfect subtrees: the node at `level` and `index`
/// covers leaves `[index << level, (index + 1) << level)`.
///
/// Every node RFC 9162 mentions is a perfect subtree or a right edge made of at most 64 of
/// them, so the root of any size and every proof cost O(log n) lookups.
public protocol PerfectSubtreeSource {
    /// The hash of a perfect subtree that is complete in the stored tree.
    func perfectSubtreeHash(level: Int, index: UInt64) throws -> [UInt8]
}

extension PerfectSubtreeSource {
    /// MTH(D[range]) for a range that is a node of some tree (a subtree in the sense of
    /// ``MerkleProof/verifySubtreeInclusion(leafHash:index:start:end:proof:subtreeRoot:)``):
    /// its perfect subtrees, largest first, folded from the right.
    public func hash(of range: Range<UInt64>) throws -> [UInt8] {
        guard !range.isEmpty else { return TreeHasher.emptyRoot }
        var blocks: [[UInt8]] = []
        var start = range.lowerBound
        var remaining = UInt64(range.count)
        while remaining > 0 {
            let level = 63 - remaining.leadingZeroBitCount
            blocks.append(try perfectSubtreeHash(level: level, index: start >> UInt64(level)))
            start += UInt64(1) << UInt64(level)
            remaining -= UInt64(1) << UInt64(level)
        }
        var hash = blocks.removeLast()
        for block in blocks.reversed() { hash = TreeHasher.nodeHash(left: block, right: hash) }
        return hash
    }

    /// The root hash of the tree made of the first `size` leaves.
    public func rootHash(size: UInt64) throws -> [UInt8] { try hash(of: 0..<size) }

    /// The inclusion proof of the leaf at `index` in the tree of `size` leaves.
    public func inclusionProof(index: UInt64, size: UInt64) throws -> [[UInt8]] {
        guard index < size else { throw MerkleProofError.indexOutOfRange(index: index, size: size) }
        return try ProofShape.inclusion(index: index, in: 0..<size).map { try hash(of: $0) }
    }

    /// The consistency proof from the tree of `oldSize` leaves to the tree of `newSize` leaves.
    public func consistencyProof(oldSize: UInt64, newSize: UInt64) throws -> [[UInt8]] {
        guard oldSize <= newSize else { throw MerkleProofError.sizesOutOfOrder(older: oldSize, newer: newSize) }
        guard oldSize > 0 else { throw MerkleProofError.emptyTree }
        if oldSize == newSize { return [] }
        return try ProofShape.consistency(old: 0..<oldSize, in: 0..<newSize, known: true).map { try hash(of: $0) }
    }
}
