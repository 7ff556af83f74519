/// What can go wrong loading ClinicalText's rule files or checking a request against a text.
public enum ClinicalTextError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A rule file line does not follow the documented format.
    case malformedRule(path: String, line: Int, reason: String)
    /// A rule file cannot be read.
    case unreadableFile(path: String, reason: String)
    /// A phrase asked about does not occur in the text.
    case phraseNotFound(String)

    public var description: String {
        switch self {
        case .malformedRule(let path, let line, let reason):
            return "\(path):\(line): \(reason)"
        case .unreadableFile(let path, let reason):
            return "\(path): cannot be read: \(reason)"
        case .phraseNotFound(let phrase):
            return "'\(phrase)' does not occur in the sentence"
        }
    }
}
