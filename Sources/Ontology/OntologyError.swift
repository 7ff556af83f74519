/// What can go wrong when building or loading an ``Ontology``.
public enum OntologyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Two concepts claim the same code.
    case duplicateCode(ConceptCode)
    /// A concept names a parent that is not in the ontology.
    case unknownParent(concept: ConceptCode, parent: ConceptCode)
    /// The parent links form a cycle through this concept.
    case cycle(ConceptCode)
    /// A concept set file could not be parsed.
    case malformedFile(path: String, line: Int, column: Int, reason: String)
    /// A concept set file is valid XML but does not describe concepts as expected.
    case invalidContent(path: String, reason: String)

    public var description: String {
        switch self {
        case .duplicateCode(let code):
            return "two concepts share the code \(code); each code must name one concept"
        case .unknownParent(let concept, let parent):
            return "concept \(concept) names parent \(parent), which is not in the ontology"
        case .cycle(let code):
            return "the parent links of \(code) form a cycle"
        case .malformedFile(let path, let line, let column, let reason):
            return "\(path):\(line):\(column): \(reason)"
        case .invalidContent(let path, let reason):
            return "\(path): \(reason)"
        }
    }
}
