/// Decoding an element's stored bytes into typed values. Padding is removed the way PS3.5
/// 6.2 describes it (trailing spaces, and a trailing NUL for UI).
extension DataElement {
    /// The text values of a string VR, split at backslashes (except LT, ST, UT and UR, where a
    /// backslash is text), decoded with `characterSet` where the VR uses it.
    ///
    /// Trailing padding is removed from each value; AE values lose leading spaces as well, and
    /// DS/IS values are trimmed on both sides, since spaces are insignificant there.
    public func strings(characterSet: SpecificCharacterSet) -> [String] {
        guard vr.isString, let bytes else { return [] }
        var buffer = bytes.buffer
        // Trailing NUL and space padding of the whole value.
        var end = buffer.count
        while end > 0, buffer[end - 1] == 0x20 || buffer[end - 1] == 0x00 { end -= 1 }
        buffer = UnsafeRawBufferPointer(rebasing: buffer[0..<end])
        if buffer.isEmpty { return [] }
        if !vr.isSingleValuedText, Self.isASCII(buffer) { return asciiStrings(buffer) }
        // VRs outside the Specific Character Set use the default repertoire (PS3.5 6.1.2.3).
        // Multi-byte sets are decoded whole before splitting: in GBK or Shift-JIS a 0x5C
        // byte can be the second half of a character, not a delimiter.
        let text = (vr.usesSpecificCharacterSet ? characterSet : .default).decode(buffer, vr: vr)
        if vr.isSingleValuedText { return [vr == .UR ? text.trimmingTrailingWhitespace() : text] }
        let parts = text.split(separator: "\\", omittingEmptySubsequences: false)
        switch vr {
        case .AE, .DS, .IS:
            return parts.map { $0.trimmingCharacters(in: " ") }
        case .SH, .LO, .UC:
            return parts.map { $0.trimmingTrailing(" \0") }
        default:
            return parts.map(String.init)
        }
    }

    /// The fast path for plain ASCII text, which every character set decodes the same way:
    /// split and trim on bytes, with the same rules as the general path.
    private func asciiStrings(_ buffer: UnsafeRawBufferPointer) -> [String] {
        var values: [String] = []
        var start = 0
        for i in 0...buffer.count where i == buffer.count || buffer[i] == 0x5C {
            var lower = start, upper = i
            switch vr {
            case .AE, .DS, .IS:
                while lower < upper, buffer[lower] == 0x20 { lower += 1 }
                while upper > lower, buffer[upper - 1] == 0x20 { upper -= 1 }
            case .SH, .LO, .UC:
                while upper > lower, buffer[upper - 1] == 0x20 || buffer[upper - 1] == 0x00 { upper -= 1 }
            default:
                break
            }
            values.append(String(decoding: UnsafeRawBufferPointer(rebasing: buffer[lower..<upper]), as: UTF8.self))
            start = i + 1
        }
        return values
    }

    /// ASCII without ESC: ESC starts an ISO 2022 code extension, which only the character
    /// set can decode.
    static func isASCII(_ buffer: UnsafeRawBufferPointer) -> Bool {
        for byte in buffer where byte >= 0x80 || byte == 0x1B { return false }
        return true
    }

    /// The numbers of a binary numeric VR (US, SS, UL, SL, SV, UV), in stream byte order.
    public func binaryIntegers(littleEndian: Bool) -> [Int64] {
        guard let bytes, let width = vr.numericWidth else { return [] }
        let buffer = bytes.buffer
        let count = buffer.count / width
        var result: [Int64] = []
        result.reserveCapacity(count)
        for i in 0..<count {
            let o = i * width
            switch vr {
            case .US: result.append(Int64(buffer.uint16(at: o, littleEndian: littleEndian)))
            case .SS: result.append(Int64(Int16(bitPattern: buffer.uint16(at: o, littleEndian: littleEndian))))
            case .UL: result.append(Int64(buffer.uint32(at: o, littleEndian: littleEndian)))
            case .SL: result.append(Int64(Int32(bitPattern: buffer.uint32(at: o, littleEndian: littleEndian))))
            case .SV: result.append(Int64(bitPattern: buffer.uint64(at: o, littleEndian: littleEndian)))
            case .UV: result.append(Int64(bitPattern: buffer.uint64(at: o, littleEndian: littleEndian)))
            default: return []
            }
        }
        return result
    }

    /// The unsigned 64-bit values of a UV element (which may exceed `Int64.max`).
    public func unsignedIntegers(littleEndian: Bool) -> [UInt64] {
        guard vr == .UV, let bytes else { return [] }
        let buffer = bytes.buffer
        return stride(from: 0, to: buffer.count - buffer.count % 8, by: 8).map { buffer.uint64(at: $0, littleEndian: littleEndian) }
    }

    /// The values of FL or FD, in stream byte order.
    public func floatingPoint(littleEndian: Bool) -> [Double] {
        guard let bytes else { return [] }
        let buffer = bytes.buffer
        switch vr {
        case .FL, .OF:
            return stride(from: 0, to: buffer.count - buffer.count % 4, by: 4).map {
                Double(Float(bitPattern: buffer.uint32(at: $0, littleEndian: littleEndian)))
            }
        case .FD, .OD:
            return stride(from: 0, to: buffer.count - buffer.count % 8, by: 8).map {
                Double(bitPattern: buffer.uint64(at: $0, littleEndian: littleEndian))
            }
        default:
            return []
        }
    }

    /// The tags of an AT element.
    public func attributeTags(littleEndian: Bool) -> [Tag] {
        guard vr == .AT, let bytes else { return [] }
        let buffer = bytes.buffer
        return stride(from: 0, to: buffer.count - buffer.count % 4, by: 4).map {
            Tag(buffer.uint16(at: $0, littleEndian: littleEndian), buffer.uint16(at: $0 + 2, littleEndian: littleEndian))
        }
    }
}

extension UnsafeRawBufferPointer {
    @inlinable func uint64(at offset: Int, littleEndian: Bool) -> UInt64 {
        let raw = loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        return littleEndian ? UInt64(littleEndian: raw) : UInt64(bigEndian: raw)
    }
}

extension StringProtocol {
    func trimmingTrailing(_ set: String) -> String {
        var s = self[...]
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }

    func trimmingTrailingWhitespace() -> String {
        var s = self[...]
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
