import Foundation

/// The one byte sequence an ``AuditEvent`` encrypts to, the same on every machine and run.
///
/// Layout (version 1), integers big-endian, strings as a UInt32 byte count and UTF-8:
///
/// ```
/// 0x01 version
/// eventID.scheme  eventID.code  eventID.meaning           strings
/// action                                                  1 byte, "C" "R" "U" "D" "E"
/// outcome                                                 1 byte, 0 4 8 12
/// time                                                    Int64, ms since 1970 UTC
/// actor.userID  actor.role  actor.networkAccessPoint      strings
/// participant count, then kind and id of each, in order   UInt32, strings
/// detail count, then key and value, keys in byte order    UInt32, strings
/// ```
///
/// JSON would do for display but not here: its key order, escaping and number forms vary.
public enum CanonicalEncoding {
    static let version: UInt8 = 1

    /// The canonical bytes of `event`.
    public static func encode(_ event: AuditEvent) -> [UInt8] {
        var out: [UInt8] = [version]
        out.reserveCapacity(256)
        out.appendString(event.eventID.scheme)
        out.appendString(event.eventID.code)
        out.appendString(event.eventID.meaning)
        out.append(contentsOf: event.action.rawValue.utf8)
        out.append(event.outcome.rawValue)
        out.appendInteger(UInt64(bitPattern: event.time.millisecondsSince1970))
        out.appendString(event.actor.userID)
        out.appendString(event.actor.role)
        out.appendString(event.actor.networkAccessPoint)
        out.appendInteger(UInt32(event.participants.count))
        for object in event.participants {
            out.appendString(object.kind.rawValue)
            out.appendString(object.id)
        }
        let details = event.details.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
        out.appendInteger(UInt32(details.count))
        for (key, value) in details {
            out.appendString(key)
            out.appendString(value)
        }
        return out
    }

    /// The event `bytes` encode; throws ``CanonicalEncodingError`` on anything else.
    public static func decode(_ bytes: [UInt8]) throws(CanonicalEncodingError) -> AuditEvent {
        var reader = ByteReader(bytes)
        let v = try reader.byte()
        guard v == version else { throw .unsupportedVersion(v) }
        let eventID = AuditEventID(scheme: try reader.string(), code: try reader.string(), meaning: try reader.string())
        let actionByte = try reader.byte()
        guard let action = AuditAction(rawValue: String(UnicodeScalar(actionByte))) else { throw .invalidValue("action") }
        guard let outcome = AuditOutcome(rawValue: try reader.byte()) else { throw .invalidValue("outcome") }
        let time = Date(millisecondsSince1970: Int64(bitPattern: try reader.integer(UInt64.self)))
        let actor = ActiveParticipant(userID: try reader.string(), role: try reader.string(),
                                      networkAccessPoint: try reader.string())
        var participants: [ParticipantObject] = []
        for _ in 0..<(try reader.integer(UInt32.self)) {
            guard let kind = ParticipantObject.Kind(rawValue: try reader.string()) else { throw .invalidValue("participant kind") }
            participants.append(ParticipantObject(kind, id: try reader.string()))
        }
        var details: [String: String] = [:]
        for _ in 0..<(try reader.integer(UInt32.self)) {
            details[try reader.string()] = try reader.string()
        }
        guard reader.isAtEnd else { throw .trailingBytes }
        return AuditEvent(eventID, action: action, outcome: outcome, time: time, actor: actor,
                          participants: participants, details: details)
    }
}

/// Why bytes are not a canonical event.
public enum CanonicalEncodingError: Error, Equatable, Sendable {
    case truncated
    case unsupportedVersion(UInt8)
    case invalidValue(String)
    case invalidUTF8
    case trailingBytes
}

extension [UInt8] {
    mutating func appendInteger<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.bigEndian) { append(contentsOf: $0) }
    }

    mutating func appendString(_ string: String) {
        let utf8 = Array(string.utf8)
        appendInteger(UInt32(utf8.count))
        append(contentsOf: utf8)
    }
}

/// Reads the canonical encoding, never past its end.
struct ByteReader {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { position == bytes.count }

    mutating func byte() throws(CanonicalEncodingError) -> UInt8 {
        guard position < bytes.count else { throw .truncated }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func integer<T: FixedWidthInteger>(_: T.Type) throws(CanonicalEncodingError) -> T {
        let size = MemoryLayout<T>.size
        guard bytes.count - position >= size else { throw .truncated }
        var value: T = 0
        for byte in bytes[position..<position + size] { value = value << 8 | T(byte) }
        position += size
        return value
    }

    mutating func string() throws(CanonicalEncodingError) -> String {
        let count = Int(try integer(UInt32.self))
        guard bytes.count - position >= count else { throw .truncated }
        defer { position += count }
        guard let string = String(validating: bytes[position..<position + count], as: UTF8.self) else { throw .invalidUTF8 }
        return string
    }
}
