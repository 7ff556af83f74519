extension Sequence<UInt8> {
    /// Lowercase hexadecimal, two digits a byte: how key ids and key hashes are written.
    var hexString: String {
        var text = ""
        for byte in self {
            text.append(Character(Unicode.Scalar(hexDigits[Int(byte >> 4)])))
            text.append(Character(Unicode.Scalar(hexDigits[Int(byte & 0x0F)])))
        }
        return text
    }
}

private let hexDigits = Array("0123456789abcdef".utf8)
