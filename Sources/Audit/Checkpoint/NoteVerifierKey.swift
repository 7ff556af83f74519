import Crypto
import Foundation

/// An Ed25519 public key as C2SP signed-note names it: `name+hash+base64(0x01 || key)`,
/// where `hash` is the first four bytes of SHA-256(name || "\n" || 0x01 || key), in hex.
///
/// This one line is all a third party needs to check Concord's checkpoints:
///
/// ```swift
/// let key = try NoteVerifierKey("concord.example/audit+5a3f1c2e+AQ…")
/// let checkpoint = try SignedNote.verify(noteText, with: key)
/// ```
public struct NoteVerifierKey: Sendable, Equatable, CustomStringConvertible {
    /// The signature type byte C2SP signed-note assigns to Ed25519.
    static let ed25519Type: UInt8 = 0x01

    public let name: String
    public let publicKey: Curve25519.Signing.PublicKey

    public init(name: String, publicKey: Curve25519.Signing.PublicKey) {
        self.name = name
        self.publicKey = publicKey
    }

    /// Parses the `name+hash+key` text form, checking that the hash matches the key.
    public init(_ text: String) throws(AuditError) {
        // Base64 may itself contain "+", so only the first two separate fields.
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines)
            .split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, NoteVerifierKey.isValidName(String(parts[0])) else {
            throw .invalidCheckpoint("verifier key is not of the form name+hash+key")
        }
        guard let encoded = Data(base64Encoded: String(parts[2])), encoded.count == 33,
              encoded.first == Self.ed25519Type,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: encoded.dropFirst()) else {
            throw .invalidCheckpoint("verifier key is not an Ed25519 key")
        }
        self.init(name: String(parts[0]), publicKey: key)
        guard parts[1] == keyHash.hexString else {
            throw .invalidCheckpoint("verifier key hash does not match its name and key")
        }
    }

    /// The four bytes that start every signature by this key.
    public var keyHash: [UInt8] {
        var hasher = SHA256()
        hasher.update(data: Array(name.utf8) + [0x0A, Self.ed25519Type])
        hasher.update(data: publicKey.rawRepresentation)
        return Array(hasher.finalize().prefix(4))
    }

    public var description: String {
        "\(name)+\(keyHash.hexString)+\(Data([Self.ed25519Type] + publicKey.rawRepresentation).base64EncodedString())"
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.name == b.name && a.publicKey.rawRepresentation == b.publicKey.rawRepresentation
    }

    /// Key names are non-empty and hold no whitespace or "+".
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && !name.unicodeScalars.contains { $0 == "+" || $0.properties.isWhitespace }
    }
}
