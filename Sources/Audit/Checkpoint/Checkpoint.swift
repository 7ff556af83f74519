import Foundation

/// A C2SP tlog-checkpoint: the log's origin, a tree size and the root hash at that size.
///
/// The body is three lines, `origin`, decimal `size`, base64 `rootHash`; signed with
/// ``SignedNote`` it commits the log to everything up to `size`.
public struct Checkpoint: Sendable, Equatable {
    public let origin: String
    public let size: UInt64
    public let rootHash: [UInt8]

    public init(origin: String, size: UInt64, rootHash: [UInt8]) {
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
    }

    /// The note body: the text that is signed.
    public var body: String {
        "\(origin)\n\(size)\n\(Data(rootHash).base64EncodedString())\n"
    }

    /// Parses a checkpoint body (extension lines after the root hash are allowed and ignored).
    public init(body: String) throws(AuditError) {
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 4, lines.last == "", !lines[0].isEmpty else {
            throw .invalidCheckpoint("the body must be origin, size and root hash, one per line")
        }
        guard let size = UInt64(lines[1]), String(size) == lines[1] else {
            throw .invalidCheckpoint("the size \"\(lines[1])\" is not a decimal number")
        }
        guard let root = Data(base64Encoded: String(lines[2])), root.count == TreeHasher.hashSize else {
            throw .invalidCheckpoint("the root hash is not a base64 SHA-256 hash")
        }
        self.init(origin: String(lines[0]), size: size, rootHash: Array(root))
    }
}
