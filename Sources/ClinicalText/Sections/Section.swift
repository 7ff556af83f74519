/// A section of a report: its name, the heading that opened it and the tokens it holds.
public struct Section: Hashable, Sendable {
    /// The section's name from the rules, such as `findings` or `impression`.
    public var name: String
    /// Scalar offsets of the heading, colon included; nil for text before the first heading.
    public var heading: Range<Int>?
    /// Indices into the document's tokens of the section's body, half-open.
    public var body: Range<Int>
    /// The assertion category the section gives its entities, if any.
    public var implies: AssertionCategory?

    public init(name: String, heading: Range<Int>?, body: Range<Int>, implies: AssertionCategory? = nil) {
        self.name = name
        self.heading = heading
        self.body = body
        self.implies = implies
    }
}
