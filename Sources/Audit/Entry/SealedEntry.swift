import Crypto
import Foundation

/// An entry as stored: a header in the clear and the canonical event sealed with AES-256-GCM.
///
/// The header (format version, sequence number, data key id, nonce) is the GCM additional
/// data, and the Merkle leaf is the header followed by the ciphertext and tag. The log can
/// therefore be verified without any key, and still verifies after a data key is destroyed.
public struct SealedEntry: Sendable, Equatable {
    static let formatVersion: UInt8 = 1

    public let sequence: UInt64
    public let keyID: Int64
    public let nonce: [UInt8]
    /// Ciphertext followed by the 16-byte GCM tag.
    public let sealed: [UInt8]

    public init(sequence: UInt64, keyID: Int64, nonce: [UInt8], sealed: [UInt8]) {
        self.sequence = sequence
        self.keyID = keyID
        self.nonce = nonce
        self.sealed = sealed
    }

    /// Seals `event` as entry `sequence` under `dataKey`.
    public static func seal(_ event: AuditEvent, sequence: UInt64, under dataKey: DataKey) throws -> SealedEntry {
        let nonce = AES.GCM.Nonce()
        let header = headerBytes(sequence: sequence, keyID: dataKey.id, nonce: Array(nonce))
        let box = try AES.GCM.seal(CanonicalEncoding.encode(event), using: dataKey.key, nonce: nonce, authenticating: header)
        return SealedEntry(sequence: sequence, keyID: dataKey.id, nonce: Array(nonce), sealed: Array(box.ciphertext) + Array(box.tag))
    }

    /// The header: version, sequence number, key id and nonce.
    public var header: [UInt8] { Self.headerBytes(sequence: sequence, keyID: keyID, nonce: nonce) }

    /// The bytes the Merkle leaf hashes: header, then ciphertext and tag.
    public var leafData: [UInt8] { header + sealed }

    /// SHA-256(0x00 || leafData).
    public var leafHash: [UInt8] { Self.leafHash(sequence: sequence, keyID: keyID, nonce: nonce, sealed: sealed) }

    /// SHA-256(0x00 || header || sealed), hashed piece by piece so that verification can feed
    /// it stored bytes without assembling the leaf first.
    static func leafHash(sequence: UInt64, keyID: Int64, nonce: some DataProtocol, sealed: some DataProtocol) -> [UInt8] {
        var hasher = SHA256()
        // The leaf prefix and the fixed-size header fields, on the stack.
        withUnsafeTemporaryAllocation(byteCount: 18, alignment: 8) { prefix in
            prefix[0] = 0x00
            prefix[1] = formatVersion
            prefix.storeBytes(of: sequence.bigEndian, toByteOffset: 2, as: UInt64.self)
            prefix.storeBytes(of: UInt64(bitPattern: keyID).bigEndian, toByteOffset: 10, as: UInt64.self)
            hasher.update(bufferPointer: UnsafeRawBufferPointer(prefix))
        }
        hasher.update(data: nonce)
        hasher.update(data: sealed)
        return TreeHasher.bytes(of: hasher.finalize())
    }

    /// The event, given the data key the entry names.
    ///
    /// Call this on an entry whose leaf is already known to be intact: a failure then means the
    /// key is not the one the entry was sealed under, not that the entry was changed.
    public func open(with dataKey: DataKey) throws(AuditError) -> AuditEvent {
        guard dataKey.id == keyID, sealed.count >= 16,
              let nonce = try? AES.GCM.Nonce(data: nonce),
              let box = try? AES.GCM.SealedBox(nonce: nonce, ciphertext: sealed.dropLast(16), tag: sealed.suffix(16)),
              let plain = try? AES.GCM.open(box, using: dataKey.key, authenticating: header) else {
            throw .tampered(VerificationFailure(.entry(sequence), "does not decrypt under data key \(keyID)"))
        }
        do {
            return try CanonicalEncoding.decode(Array(plain))
        } catch {
            throw .tampered(VerificationFailure(.entry(sequence), "decrypts to a malformed event (\(error))"))
        }
    }

    static func headerBytes(sequence: UInt64, keyID: Int64, nonce: [UInt8]) -> [UInt8] {
        var header: [UInt8] = [formatVersion]
        header.appendInteger(sequence)
        header.appendInteger(UInt64(bitPattern: keyID))
        header.append(contentsOf: nonce)
        return header
    }
}
