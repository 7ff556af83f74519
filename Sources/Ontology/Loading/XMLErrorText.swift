/// Words for the libxml2 error codes that Foundation's `XMLParser` reports on Linux, so a
/// malformed concept file says what is wrong, not only where.
///
/// Codes and meanings are those of `xmlParserErrors` in libxml2's `libxml/xmlerror.h`; only the
/// ones a hand-edited file commonly hits are named, the rest print as their number.
enum XMLErrorText {
    private static let meanings: [Int: String] = [
        4: "the document is empty",
        5: "the document ends too soon",
        9: "a character that XML does not allow",
        23: "an entity reference lacks its ';'",
        26: "an undeclared entity (escape & as &amp;)",
        31: "an unknown encoding",
        33: "an attribute value must start with a quote",
        34: "an attribute value is missing its closing quote",
        38: "'<' inside an attribute value",
        40: "an attribute is not finished",
        41: "an attribute has no value",
        42: "an attribute is given twice",
        68: "a name is required here",
        73: "'>' is required here",
        74: "'</' is required here",
        75: "'=' is required after an attribute name",
        76: "the closing tag does not match the open element",
        77: "an element is not closed",
        81: "the bytes are not valid in the document's encoding",
        86: "content after the end of the root element",
        201: "a namespace prefix is not declared",
    ]

    static func describe(code: Int) -> String {
        guard let meaning = meanings[code] else { return "not well-formed XML (libxml2 error \(code))" }
        return "not well-formed XML: \(meaning) (libxml2 error \(code))"
    }
}
