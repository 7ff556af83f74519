/// The right edge of a growing tree: the perfect subtrees that make up its first `size`
/// leaves, largest first. Appending a leaf merges equal-sized neighbours, which yields exactly
/// the new perfect-subtree nodes to store; folding the edge from the right gives the root.
struct CompactRange {
    struct Node {
        var level: Int
        var index: UInt64
        var hash: [UInt8]
    }

    private(set) var size: UInt64 = 0
    private(set) var nodes: [Node] = []

    /// An empty range, for a tree built from the first leaf.
    init() {}

    /// The right edge of the stored tree of `size` leaves: one lookup per set bit of `size`.
    init(size: UInt64, source: some PerfectSubtreeSource) throws {
        var start: UInt64 = 0
        for level in stride(from: 63, through: 0, by: -1) where size & (UInt64(1) << UInt64(level)) != 0 {
            let index = start >> UInt64(level)
            nodes.append(Node(level: level, index: index, hash: try source.perfectSubtreeHash(level: level, index: index)))
            start += UInt64(1) << UInt64(level)
        }
        self.size = size
    }

    /// Adds the next leaf; calls `completed` with every perfect subtree the leaf completes,
    /// the leaf itself first.
    mutating func append(leafHash: [UInt8], completed: (Node) throws -> Void) rethrows {
        var node = Node(level: 0, index: size, hash: leafHash)
        try completed(node)
        while let last = nodes.last, last.level == node.level {
            nodes.removeLast()
            node = Node(level: node.level + 1, index: node.index >> 1,
                        hash: TreeHasher.nodeHash(left: last.hash, right: node.hash))
            try completed(node)
        }
        nodes.append(node)
        size += 1
    }

    /// MTH of the leaves so far.
    var rootHash: [UInt8] {
        guard var hash = nodes.last?.hash else { return TreeHasher.emptyRoot }
        for node in nodes.dropLast().reversed() { hash = TreeHasher.nodeHash(left: node.hash, right: hash) }
        return hash
    }
}
