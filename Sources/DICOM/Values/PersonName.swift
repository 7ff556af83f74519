/// A Person Name (PN) value: up to three component groups — alphabetic, ideographic and
/// phonetic — each with five `^`-separated components (PS3.5 6.2.1).
///
/// ```swift
/// let name = PersonName("Yamada^Tarou=山田^太郎=やまだ^たろう")
/// name.alphabetic        // "Yamada^Tarou"
/// name.familyName        // "Yamada"
/// name.ideographic       // "山田^太郎"
/// ```
public struct PersonName: Hashable, Sendable, CustomStringConvertible {
    /// The component groups in order (1 to 3 of them). Empty trailing groups are dropped, as
    /// their `=` delimiters may be (PS3.5 6.2.1.1): `"Wang^XiaoDong=王^小東="` has two.
    public let groups: [String]

    public init(_ text: String) {
        // Splitting the UTF-8 view is exact here ("=" is ASCII) and avoids grapheme breaking.
        var groups = text.utf8.split(separator: UInt8(ascii: "="), omittingEmptySubsequences: false).map { String(Substring($0)) }
        while groups.count > 1, groups.last?.isEmpty == true { groups.removeLast() }
        self.groups = groups
    }

    public var alphabetic: String { groups.first ?? "" }
    public var ideographic: String? { groups.count > 1 ? groups[1] : nil }
    public var phonetic: String? { groups.count > 2 ? groups[2] : nil }

    private func component(_ i: Int) -> String {
        let parts = alphabetic.utf8.split(separator: UInt8(ascii: "^"), omittingEmptySubsequences: false)
        return i < parts.count ? String(Substring(parts[i])) : ""
    }
    public var familyName: String { component(0) }
    public var givenName: String { component(1) }
    public var middleName: String { component(2) }
    public var namePrefix: String { component(3) }
    public var nameSuffix: String { component(4) }

    public var description: String { groups.joined(separator: "=") }
}
