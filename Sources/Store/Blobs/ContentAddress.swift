import Crypto

/// The SHA-256 digest of a blob's bytes, written as 64 lowercase hex digits.
///
/// Two files with the same bytes have the same address, so storing a file twice stores it once,
/// and a file's address proves its bytes were not altered.
///
/// ```swift
/// let address = ContentAddress(hashing: bytes)
/// print(address)   // "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
/// ```
public struct ContentAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// 64 lowercase hexadecimal digits.
    public let hex: String

    /// Hashes `bytes` with SHA-256.
    public init(hashing bytes: UnsafeRawBufferPointer) {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in SHA256.hash(data: bytes) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        hex = String(decoding: text, as: UTF8.self)
    }

    /// Accepts a digest already written as hex; nil unless it is exactly 64 lowercase hex digits.
    public init?(hex: String) {
        guard hex.utf8.count == 64,
              hex.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { return nil }
        self.hex = hex
    }

    public var description: String { hex }

    public static func < (lhs: ContentAddress, rhs: ContentAddress) -> Bool { lhs.hex < rhs.hex }
}
