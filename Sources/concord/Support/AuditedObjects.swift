import Annotations
import Audit
import Store

extension Annotation {
    /// The audit participant objects a change to this annotation involves: the annotation (a
    /// finding as a finding) and what it is drawn on or refers to.
    var auditObjects: [ParticipantObject] {
        switch self {
        case let .region(region):
            return [ParticipantObject(.annotation, id: region.id.description),
                    ParticipantObject(.instance, id: region.frame.sopInstanceUID)]
        case let .mask(mask):
            var instances: [String] = []
            for frame in mask.frames where !instances.contains(frame.frame.sopInstanceUID) {
                instances.append(frame.frame.sopInstanceUID)
            }
            return [ParticipantObject(.annotation, id: mask.id.description)] + instances.map { ParticipantObject(.instance, id: $0) }
        case let .finding(finding):
            return [ParticipantObject(.finding, id: finding.id.description),
                    ParticipantObject(.study, id: finding.studyInstanceUID)]
        case let .span(span):
            return [ParticipantObject(.annotation, id: span.id.description),
                    ParticipantObject(.document, id: span.documentID)]
        case let .link(link):
            return [ParticipantObject(.annotation, id: link.id.description),
                    ParticipantObject(.annotation, id: link.spanID.description),
                    ParticipantObject(.finding, id: link.findingID.description)]
        }
    }
}

extension AnnotationVersion {
    /// The annotation a version shows, as one audit participant object.
    var auditObject: ParticipantObject {
        ParticipantObject(kind == .finding ? .finding : .annotation, id: annotationID.description)
    }
}

extension AuditTrail {
    /// Saves `annotation` through the store and records the change (create, or update when it
    /// revises an existing version); a refusal is recorded and rethrown.
    func saving(_ annotation: Annotation, in store: any AnnotationStore, author: String,
                parentVersion: Int?) throws -> AnnotationVersion {
        try change(parentVersion == nil ? .create : .update, annotation.auditObjects, details: ["author": author]) {
            try store.save(annotation, author: author, parentVersion: parentVersion)
        }
    }

    /// ``saving(_:in:author:parentVersion:)``, exiting 1 with the store's reason on a refusal.
    func save(_ annotation: Annotation, in store: any AnnotationStore, author: String, parentVersion: Int?) -> AnnotationVersion {
        orFail { try saving(annotation, in: store, author: author, parentVersion: parentVersion) }
    }
}
