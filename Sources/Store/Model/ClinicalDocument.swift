import Foundation

/// A report or clinical note, kept as UTF-8 text and attached to one study.
///
/// Offsets into ``text`` elsewhere in Concord count Unicode scalars, half-open, as Python's `str`
/// does (see DESIGN.md).
public struct ClinicalDocument: Hashable, Sendable, Codable {
    /// What sort of document it is.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case report
        case note
    }

    /// Store-assigned identifier, stable for the life of the store.
    public var id: Int64
    /// Study Instance UID of the study it belongs to.
    public var studyInstanceUID: String
    public var kind: Kind
    /// A short title (`"CT chest report"`), or nil.
    public var title: String?
    /// The full text.
    public var text: String
    /// SHA-256 of the UTF-8 text; adding the same text to the same study again is a no-op.
    public var sha256: ContentAddress
    /// When the document was added to the store.
    public var addedAt: Date

    public init(id: Int64, studyInstanceUID: String, kind: Kind, title: String?, text: String,
                sha256: ContentAddress, addedAt: Date) {
        self.id = id
        self.studyInstanceUID = studyInstanceUID
        self.kind = kind
        self.title = title
        self.text = text
        self.sha256 = sha256
        self.addedAt = addedAt
    }
}
