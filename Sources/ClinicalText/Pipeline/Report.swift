/// A report read by ``ReportReader``: its text, tokens, sections, sentences and entities.
public struct Report: Sendable {
    /// The text's Unicode scalars; every offset indexes this array.
    public let scalars: [Unicode.Scalar]
    public let tokens: [Token]
    public let sections: [Section]
    public let sentences: [Sentence]
    public let entities: [Entity]

    /// The text of a scalar range.
    public func text(_ range: Range<Int>) -> String {
        String(String.UnicodeScalarView(scalars[range]))
    }

    /// The findings only: entities whose concept is a finding.
    public var findings: [Entity] { entities.filter { $0.role == .finding } }
}
