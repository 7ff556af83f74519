import Crypto
import Foundation

/// A data key: the AES-256 key entries are sealed under, stored only wrapped (sealed with
/// AES-256-GCM under the master key), so rotating or shredding it never touches entries.
public struct DataKey: Sendable {
    public let id: Int64
    public let key: SymmetricKey

    /// A fresh random data key with the given id.
    public static func generate(id: Int64) -> DataKey { DataKey(id: id, key: SymmetricKey(size: .bits256)) }

    /// The data key sealed under `masterKey`, bound to its id so a wrapped key cannot be moved
    /// to another id.
    public func wrapped(under masterKey: SymmetricKey) throws -> Data {
        let plain = key.withUnsafeBytes { Data($0) }
        guard let combined = try AES.GCM.seal(plain, using: masterKey, authenticating: Self.context(id)).combined else {
            throw AuditError.storage("AES-GCM produced no combined form")
        }
        return combined
    }

    /// Unwraps a stored data key. The caller has already matched the master key id, so a
    /// failure here means the wrapped key itself was altered.
    public static func unwrap(_ wrapped: Data, id: Int64, under masterKey: SymmetricKey) throws(AuditError) -> DataKey {
        guard let box = try? AES.GCM.SealedBox(combined: wrapped),
              let plain = try? AES.GCM.open(box, using: masterKey, authenticating: context(id)) else {
            throw .tampered(VerificationFailure(.log, "wrapped data key \(id) does not open under the right master key"))
        }
        return DataKey(id: id, key: SymmetricKey(data: plain))
    }

    private static func context(_ id: Int64) -> Data { Data("concord audit data key \(id)".utf8) }
}
