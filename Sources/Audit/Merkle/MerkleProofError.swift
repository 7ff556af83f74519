/// Why a Merkle proof was rejected.
public enum MerkleProofError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The leaf index is not inside the tree (or the subtree) it is claimed to be in.
    case indexOutOfRange(index: UInt64, size: UInt64)
    /// The older tree is larger than the newer one.
    case sizesOutOfOrder(older: UInt64, newer: UInt64)
    /// `[start, end)` is not a node of any tree, so it has no hash to prove.
    case invalidSubtree(start: UInt64, end: UInt64)
    /// A hash the proof needs is not 32 bytes long.
    case malformedHash(role: String)
    /// The proof has more or fewer hashes than the tree sizes call for.
    case wrongProofLength(expected: Int, actual: Int)
    /// Proofs cannot show anything about an empty tree.
    case emptyTree
    /// The hashes do not lead to the claimed root.
    case rootMismatch(role: String)

    public var description: String {
        switch self {
        case let .indexOutOfRange(index, size): "leaf index \(index) is outside a tree of size \(size)"
        case let .sizesOutOfOrder(older, newer): "the older tree size \(older) is larger than the newer one \(newer)"
        case let .invalidSubtree(start, end): "[\(start), \(end)) is not a subtree of the log"
        case let .malformedHash(role): "the \(role) is not a 32-byte SHA-256 hash"
        case let .wrongProofLength(expected, actual): "the proof has \(actual) hashes where \(expected) are needed"
        case .emptyTree: "nothing can be proved about an empty tree"
        case let .rootMismatch(role): "the proof does not lead to the \(role)"
        }
    }
}
