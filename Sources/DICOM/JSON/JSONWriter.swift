/// A minimal, allocation-light JSON text builder used by the DICOM JSON encoder, so that key
/// order, number formatting and escaping are exactly under our control.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []

    init(reservingCapacity capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    mutating func string(_ text: String) {
        bytes.append(0x22)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": raw("\\\"")
            case "\\": raw("\\\\")
            case "\n": raw("\\n")
            case "\r": raw("\\r")
            case "\t": raw("\\t")
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                raw("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default:
                bytes.append(contentsOf: String(scalar).utf8)
            }
        }
        bytes.append(0x22)
    }

    mutating func integer(_ value: Int64) { raw(String(value)) }
    mutating func unsigned(_ value: UInt64) { raw(String(value)) }

    /// Finite doubles in the shortest form that reads back exactly; JSON has no NaN or
    /// infinity, so those become null.
    mutating func double(_ value: Double) {
        guard value.isFinite else { raw("null"); return }
        if value == value.rounded(.towardZero), abs(value) < 1e15 {
            raw(String(Int64(value)))
            if value == 0, value.sign == .minus { bytes.insert(0x2D, at: bytes.count - 1) }
            raw(".0")
        } else {
            raw(value.description)
        }
    }
}
