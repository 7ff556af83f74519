import Crypto
import Foundation

/// C2SP signed-note with Ed25519: the text, a blank line, then one line per signature,
/// `— name base64(keyHash || signature)`.
public enum SignedNote {
    /// The signature line prefix: an em dash and a space.
    static let signaturePrefix = "\u{2014} "

    /// `checkpoint` as a signed note, signed by `key` under `name`.
    public static func sign(_ checkpoint: Checkpoint, name: String,
                            with key: Curve25519.Signing.PrivateKey) throws -> String {
        let text = checkpoint.body
        let signature = try key.signature(for: Array(text.utf8))
        let verifier = NoteVerifierKey(name: name, publicKey: key.publicKey)
        let encoded = Data(verifier.keyHash + signature).base64EncodedString()
        return text + "\n" + signaturePrefix + name + " " + encoded + "\n"
    }

    /// The checkpoint in `note`, after checking that `key` signed it; signatures by other keys
    /// are ignored, as signed-note allows.
    public static func verify(_ note: String, with key: NoteVerifierKey) throws(AuditError) -> Checkpoint {
        guard let split = note.range(of: "\n\n") else { throw .invalidCheckpoint("no blank line before the signatures") }
        let text = String(note[..<split.lowerBound]) + "\n"
        let checkpoint = try Checkpoint(body: text)
        let lines = note[split.upperBound...].split(separator: "\n", omittingEmptySubsequences: true)
        for line in lines {
            guard line.hasPrefix(signaturePrefix) else { throw .invalidCheckpoint("malformed signature line \"\(line)\"") }
            let fields = line.dropFirst(signaturePrefix.count).split(separator: " ")
            guard fields.count == 2, fields[0] == key.name,
                  let blob = Data(base64Encoded: String(fields[1])), blob.count == 4 + 64,
                  Array(blob.prefix(4)) == key.keyHash else { continue }
            guard key.publicKey.isValidSignature(blob.dropFirst(4), for: Array(text.utf8)) else {
                throw .invalidCheckpoint("the signature by \(key.name) on the checkpoint at size \(checkpoint.size) does not verify")
            }
            return checkpoint
        }
        throw .invalidCheckpoint("the note carries no signature by \(key.name)")
    }
}
