/// The statement that a text span reports an image finding, with who made it.
///
/// Links are made by annotators, or proposed by the clinical-text layer and then accepted by
/// a person; ``origin`` keeps the difference and ``author`` the person (or program) responsible.
public struct SpanFindingLink: Hashable, Sendable, Codable, Identifiable {
    public var id: AnnotationID
    public var spanID: AnnotationID
    public var findingID: AnnotationID
    /// The user (or program) who made the link, as the store identifies users.
    public var author: String
    public var origin: LinkOrigin
    /// For an accepted suggestion, the score the suggestion had when it was accepted.
    public var score: Double?

    public init(id: AnnotationID = AnnotationID(), spanID: AnnotationID, findingID: AnnotationID,
                author: String, origin: LinkOrigin = .manual, score: Double? = nil) {
        self.id = id
        self.spanID = spanID
        self.findingID = findingID
        self.author = author
        self.origin = origin
        self.score = score
    }
}

/// How a link came about.
public enum LinkOrigin: String, Hashable, Sendable, Codable, CaseIterable {
    /// Drawn by the author by hand.
    case manual
    /// Proposed by software and accepted by the author.
    case acceptedSuggestion = "accepted-suggestion"
    /// Made by software alone, not yet reviewed.
    case automatic
}
