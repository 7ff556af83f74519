import Crypto
import Foundation

/// The secrets of one audit log: the master key that wraps its data keys and the Ed25519 key
/// that signs its checkpoints, with the log's origin name.
///
/// They live in a key file (JSON, mode 0600) or in the environment, never in the log's
/// database, so a copy of the database alone reveals nothing and cannot forge checkpoints.
///
/// ```swift
/// let keys = AuditKeys.generate(origin: "concord.example/audit")
/// try keys.write(to: "/secure/audit.key")
/// let same = try AuditKeys(contentsOf: "/secure/audit.key")
/// ```
public struct AuditKeys: Sendable {
    /// The environment variable that may hold the whole key file's text.
    public static let environmentVariable = "CONCORD_AUDIT_KEYS"
    /// The environment variable that may name the key file.
    public static let fileEnvironmentVariable = "CONCORD_AUDIT_KEY_FILE"

    public let origin: String
    public let masterKey: SymmetricKey
    public let signingKey: Curve25519.Signing.PrivateKey

    public init(origin: String, masterKey: SymmetricKey, signingKey: Curve25519.Signing.PrivateKey) {
        self.origin = origin
        self.masterKey = masterKey
        self.signingKey = signingKey
    }

    /// Fresh random keys for a new log.
    public static func generate(origin: String) -> AuditKeys {
        AuditKeys(origin: origin, masterKey: SymmetricKey(size: .bits256), signingKey: Curve25519.Signing.PrivateKey())
    }

    /// These keys with a fresh master key: what a master key rotation writes to the new key file.
    public func withNewMasterKey() -> AuditKeys {
        AuditKeys(origin: origin, masterKey: SymmetricKey(size: .bits256), signingKey: signingKey)
    }

    /// A short public name for the master key (hex of a hash of it), stored beside each wrapped
    /// data key so a wrong key is recognised as such instead of looking like damage.
    public var masterKeyID: String {
        var hasher = SHA256()
        hasher.update(data: Array("concord audit master key\n".utf8))
        masterKey.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return hasher.finalize().prefix(8).hexString
    }

    /// The public key that checks this log's checkpoints, in signed-note form.
    public var verifierKey: NoteVerifierKey { NoteVerifierKey(name: origin, publicKey: signingKey.publicKey) }

    /// Loads keys from the JSON text of a key file.
    public init(json: Data, source: String) throws(AuditError) {
        guard let file = try? JSONDecoder().decode(KeyFile.self, from: json) else {
            throw .invalidKeyFile(path: source, reason: "not a Concord audit key file (JSON with origin, masterKey, signingKey)")
        }
        guard file.format == KeyFile.currentFormat else {
            throw .invalidKeyFile(path: source, reason: "unknown format \"\(file.format)\"")
        }
        guard NoteVerifierKey.isValidName(file.origin) else {
            throw .invalidKeyFile(path: source, reason: "the origin must be non-empty, without spaces or \"+\"")
        }
        guard let master = Data(base64Encoded: file.masterKey), master.count == 32 else {
            throw .invalidKeyFile(path: source, reason: "masterKey is not 32 bytes of base64")
        }
        guard let signing = Data(base64Encoded: file.signingKey),
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: signing) else {
            throw .invalidKeyFile(path: source, reason: "signingKey is not an Ed25519 private key in base64")
        }
        self.init(origin: file.origin, masterKey: SymmetricKey(data: master), signingKey: key)
    }

    /// Loads keys from a key file.
    public init(contentsOf path: String) throws(AuditError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .missingKeys("cannot read the key file \(path)")
        }
        try self.init(json: data, source: path)
    }

    /// The keys for a log: from `keyFile` if given, else `$CONCORD_AUDIT_KEYS` (the key file's
    /// text), else the file `$CONCORD_AUDIT_KEY_FILE` names, else `defaultFile`.
    public static func resolve(keyFile: String?, defaultFile: String,
                               environment: [String: String] = ProcessInfo.processInfo.environment) throws(AuditError) -> AuditKeys {
        if let keyFile { return try AuditKeys(contentsOf: keyFile) }
        if let text = environment[environmentVariable] {
            return try AuditKeys(json: Data(text.utf8), source: "$\(environmentVariable)")
        }
        if let path = environment[fileEnvironmentVariable] { return try AuditKeys(contentsOf: path) }
        guard FileManager.default.fileExists(atPath: defaultFile) else {
            throw .missingKeys("no --key-file, no $\(environmentVariable) or $\(fileEnvironmentVariable), and no \(defaultFile); run `concord audit keys init` or point to the key file")
        }
        return try AuditKeys(contentsOf: defaultFile)
    }

    /// The key file's JSON text.
    public func jsonData() -> Data {
        let file = KeyFile(format: KeyFile.currentFormat, origin: origin,
                           masterKey: masterKey.withUnsafeBytes { Data($0) }.base64EncodedString(),
                           signingKey: signingKey.rawRepresentation.base64EncodedString())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? encoder.encode(file)) ?? Data()
    }

    /// Writes a new key file readable only by its owner; never replaces an existing one,
    /// since losing a master key makes every entry unreadable.
    public func write(to path: String) throws(AuditError) {
        if let reason = createPrivateFile(path, contents: Array(jsonData())) {
            throw .invalidKeyFile(path: path, reason: reason)
        }
    }
}

/// Creates `path` with mode 0600 and writes `contents` durably; returns why it failed, if it did.
/// O_EXCL refuses an existing file atomically, and the mode applies from creation on, so the
/// keys are never readable by others, not even for a moment.
private func createPrivateFile(_ path: String, contents: [UInt8]) -> String? {
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
    guard fd >= 0 else {
        return errno == EEXIST ? "it already exists; keys are never overwritten" : String(cString: strerror(errno))
    }
    defer { close(fd) }
    var written = 0
    while written < contents.count {
        let result = contents[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if result < 0, errno == EINTR { continue }
        guard result > 0 else { return String(cString: strerror(errno)) }
        written += result
    }
    return fsync(fd) == 0 ? nil : String(cString: strerror(errno))
}

/// The key file as stored.
private struct KeyFile: Codable {
    static let currentFormat = "concord-audit-keys-1"
    var format: String
    var origin: String
    var masterKey: String
    var signingKey: String
}
