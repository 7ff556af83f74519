/// A DA value, `YYYYMMDD` (PS3.5 6.2). Also accepts the ACR-NEMA form `YYYY.MM.DD`.
///
/// ```swift
/// DICOMDate("20240131")?.month     // 1
/// ```
public struct DICOMDate: Hashable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(_ text: String) {
        let digits = text.filter { $0 != "." }
        guard digits.count == 8, digits.allSatisfy(\.isASCII), let v = Int(digits), v >= 0 else { return nil }
        year = v / 10_000
        month = v / 100 % 100
        day = v % 100
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
    }

    public var description: String {
        func pad(_ v: Int, _ n: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, n - s.count)) + s }
        return pad(year, 4) + pad(month, 2) + pad(day, 2)
    }
}

/// A TM value, `HH[MM[SS[.F{1,6}]]]` (PS3.5 6.2); the components not given are nil.
public struct DICOMTime: Hashable, Sendable {
    public let hour: Int
    public let minute: Int?
    public let second: Int?
    /// Fractional seconds in microseconds, when given.
    public let microsecond: Int?

    public init?(_ text: String) {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let main = parts[0].filter { $0 != ":" }
        guard [2, 4, 6].contains(main.count), main.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let digits = Array(main)
        func number(_ r: Range<Int>) -> Int? { Int(String(digits[r])) }
        guard let h = number(0..<2), h < 24 else { return nil }
        hour = h
        minute = main.count >= 4 ? number(2..<4) : nil
        second = main.count >= 6 ? number(4..<6) : nil
        if let m = minute, m > 59 { return nil }
        if let s = second, s > 60 { return nil }
        if parts.count == 2 {
            let fraction = parts[1]
            guard second != nil, (1...6).contains(fraction.count), fraction.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let f = Int(fraction) else { return nil }
            var scale = 1
            for _ in fraction.count..<6 { scale *= 10 }
            microsecond = f * scale
        } else {
            microsecond = nil
        }
    }
}

/// A DT value, `YYYY[MM[DD[HH[MM[SS[.F]]]]]][&ZZXX]` (PS3.5 6.2).
public struct DICOMDateTime: Hashable, Sendable {
    public let year: Int
    public let month: Int?
    public let day: Int?
    public let time: DICOMTime?
    /// The UTC offset in minutes, when given.
    public let utcOffsetMinutes: Int?

    public init?(_ text: String) {
        var body = Substring(text)
        var offset: Int?
        if let signIndex = body.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let zone = body[body.index(after: signIndex)...]
            guard zone.count == 4, let hhmm = Int(zone) else { return nil }
            let minutes = hhmm / 100 * 60 + hhmm % 100
            offset = body[signIndex] == "-" ? -minutes : minutes
            body = body[..<signIndex]
        }
        utcOffsetMinutes = offset
        let dateDigits = body.prefix { $0 != "." }.count
        guard dateDigits >= 4, body.prefix(4).allSatisfy({ $0.isASCII && $0.isNumber }), let y = Int(body.prefix(4)) else { return nil }
        year = y
        func field(_ start: Int) -> Int? {
            guard dateDigits >= start + 2 else { return nil }
            let s = body.dropFirst(start).prefix(2)
            return s.allSatisfy({ $0.isASCII && $0.isNumber }) ? Int(s) : nil
        }
        month = field(4)
        day = field(6)
        if dateDigits > 4, month == nil { return nil }
        if let m = month, !(1...12).contains(m) { return nil }
        if let d = day, !(1...31).contains(d) { return nil }
        if dateDigits > 8 {
            guard let t = DICOMTime(String(body.dropFirst(8))) else { return nil }
            time = t
        } else {
            time = nil
        }
    }
}
