/// The first thing found wrong in a log, and where: the entry, tree node or checkpoint a
/// steward should look at.
public struct VerificationFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Location: Equatable, Sendable {
        /// The entry with this sequence number.
        case entry(UInt64)
        /// The stored tree node covering leaves `[index << level, (index + 1) << level)`.
        case treeNode(level: Int, index: UInt64)
        /// The stored checkpoint at this tree size.
        case checkpoint(size: UInt64)
        /// The log as a whole (its size, or its relation to an exported checkpoint).
        case log
    }

    public let location: Location
    public let reason: String

    public init(_ location: Location, _ reason: String) {
        self.location = location
        self.reason = reason
    }

    /// The first entry the failure concerns, for "name the first bad entry".
    public var firstEntry: UInt64? {
        switch location {
        case let .entry(seq): seq
        case let .treeNode(level, index): index << UInt64(level)
        case .checkpoint, .log: nil
        }
    }

    public var description: String {
        switch location {
        case let .entry(seq): "entry \(seq): \(reason)"
        case let .treeNode(level, index):
            "tree node level \(level) index \(index) (entries \(index << UInt64(level))..<\((index + 1) << UInt64(level))): \(reason)"
        case let .checkpoint(size): "checkpoint at size \(size): \(reason)"
        case .log: reason
        }
    }
}
