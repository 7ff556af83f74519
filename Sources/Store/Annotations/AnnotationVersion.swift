import Annotations
import Foundation

/// One version of an annotation object: who made it, when, on top of which version, and what
/// the object was from then on — or that it was deleted.
///
/// Versions are never changed or removed. Version 1 has no parent; every later version names
/// the version it replaces, so concurrent edits cannot silently overwrite each other.
public struct AnnotationVersion: Hashable, Sendable, Codable {
    public var annotationID: AnnotationID
    /// 1, 2, 3 … in the order the versions were made.
    public var version: Int
    /// The version this one replaces; nil for the first.
    public var parentVersion: Int?
    public var kind: AnnotationKind
    /// The user who made this version.
    public var author: String
    public var createdAt: Date
    /// The object as of this version; nil when this version deletes it.
    public var annotation: Annotation?

    public init(annotationID: AnnotationID, version: Int, parentVersion: Int?, kind: AnnotationKind,
                author: String, createdAt: Date, annotation: Annotation?) {
        self.annotationID = annotationID
        self.version = version
        self.parentVersion = parentVersion
        self.kind = kind
        self.author = author
        self.createdAt = createdAt
        self.annotation = annotation
    }

    /// Whether this version deletes the object.
    public var isDeletion: Bool { annotation == nil }
}
