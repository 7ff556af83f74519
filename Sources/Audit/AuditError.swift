/// Why an audit-log operation failed, in words a data steward can act on.
///
/// Key problems (``missingKeys(_:)``, ``wrongMasterKey(expected:found:)``,
/// ``dataKeyDestroyed(keyID:)``) are kept apart from damage to the log (``tampered(_:)``) on
/// purpose: the first means "bring the right key", the second "the log was altered".
public enum AuditError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No key file or key environment variable was found.
    case missingKeys(String)
    /// The key file exists but cannot be used.
    case invalidKeyFile(path: String, reason: String)
    /// The master key given is not the one the log's data keys were wrapped under.
    case wrongMasterKey(expected: String, found: String)
    /// Replacement keys that do not fit this log (another origin or signing key).
    case incompatibleKeys(String)
    /// The data key an entry was sealed under has been destroyed (crypto-shredded).
    case dataKeyDestroyed(keyID: Int64)
    /// An entry names a data key the log does not have.
    case unknownDataKey(keyID: Int64)
    /// The log was altered; the failure says where.
    case tampered(VerificationFailure)
    /// The file is not an audit log or is damaged below the level of the log (truncated, not SQLite).
    case unreadableDatabase(path: String, reason: String)
    /// The log has no keys yet; run `concord audit keys init`.
    case notInitialised(path: String)
    /// An index or size outside the log.
    case outOfRange(String)
    /// A checkpoint or proof file that cannot be parsed or does not verify.
    case invalidCheckpoint(String)
    /// A storage error with SQLite's explanation.
    case storage(String)

    public var description: String {
        switch self {
        case let .missingKeys(detail): "no audit keys: \(detail)"
        case let .invalidKeyFile(path, reason): "the key file \(path) cannot be used: \(reason)"
        case let .wrongMasterKey(expected, found):
            "wrong key: the log's data keys are wrapped under master key \(expected), but the key given is \(found); nothing in the log is damaged"
        case let .incompatibleKeys(reason): "the new keys do not fit this log: \(reason)"
        case let .dataKeyDestroyed(keyID): "data key \(keyID) was destroyed; entries sealed under it can be verified but not read"
        case let .unknownDataKey(keyID): "entry names data key \(keyID), which the log does not hold"
        case let .tampered(failure): "the audit log was altered: \(failure)"
        case let .unreadableDatabase(path, reason): "\(path) is not a readable audit log (\(reason)); restore it from a backup and check it against the last exported checkpoint"
        case let .notInitialised(path): "\(path) has no audit keys yet; run `concord audit keys init` first"
        case let .outOfRange(detail): detail
        case let .invalidCheckpoint(detail): "checkpoint: \(detail)"
        case let .storage(detail): "audit storage: \(detail)"
        }
    }
}
