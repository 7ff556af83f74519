import Crypto
import Foundation

/// The hashes of an RFC 9162 Merkle tree (section 2.1.1): SHA-256 with a one-byte prefix that
/// keeps leaves and interior nodes apart, so no leaf can pose as a node.
///
/// ```swift
/// let a = TreeHasher.leafHash(of: Array("entry 0".utf8))
/// let b = TreeHasher.leafHash(of: Array("entry 1".utf8))
/// let root = TreeHasher.nodeHash(left: a, right: b)   // MTH of a two-entry tree
/// ```
public enum TreeHasher {
    /// The size of every hash in the tree, in bytes.
    public static let hashSize = 32

    /// MTH({}) = SHA-256(""): the root of the empty tree.
    public static let emptyRoot: [UInt8] = Array(SHA256.hash(data: [UInt8]()))

    /// SHA-256(0x00 || entry).
    public static func leafHash(of entry: some DataProtocol) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: entry)
        return bytes(of: hasher.finalize())
    }

    /// SHA-256(0x01 || left || right).
    public static func nodeHash(left: [UInt8], right: [UInt8]) -> [UInt8] {
        // One contiguous 65-byte input on the stack: the tree's hot path hashes millions of these.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1 + left.count + right.count) { input in
            input[0] = 0x01
            _ = UnsafeMutableBufferPointer(rebasing: input[1...]).initialize(from: left)
            _ = UnsafeMutableBufferPointer(rebasing: input[(1 + left.count)...]).initialize(from: right)
            return bytes(of: SHA256.hash(data: UnsafeRawBufferPointer(input)))
        }
    }

    /// The digest's 32 bytes, copied in one go rather than byte by byte through `Sequence`.
    static func bytes(of digest: SHA256.Digest) -> [UInt8] {
        digest.withUnsafeBytes { Array($0) }
    }
}

/// Tree arithmetic shared by proof generation and verification.
enum TreeMath {
    /// The largest power of two strictly smaller than `n` (n ≥ 2): where RFC 9162 splits a tree.
    static func split(_ n: UInt64) -> UInt64 {
        precondition(n >= 2)
        return UInt64(1) << (63 - (n - 1).leadingZeroBitCount)
    }

    /// Whether `[start, end)` is a subtree in the sense of Merkle Tree Certificates: a node of the
    /// tree of size `end`, i.e. `start` is a multiple of the smallest power of two ≥ its width.
    static func isSubtree(start: UInt64, end: UInt64) -> Bool {
        guard start < end else { return false }
        let width = end - start
        // The smallest power of two ≥ width has this many trailing zero bits; a width above
        // 2^63 rounds up past UInt64, and only start 0 is a multiple of that.
        let shift = width == 1 ? 0 : 64 - (width - 1).leadingZeroBitCount
        return shift >= 64 ? start == 0 : start.trailingZeroBitCount >= shift
    }
}
