import Annotations
import ArgumentParser
import Audit
import Foundation
import Ontology
import Store

/// `concord annotate add|list|history|delete`: regions on image frames, with full history.
struct AnnotateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "annotate",
        abstract: "Draw regions on image frames, list annotations, show or extend their history.",
        discussion: """
            Nothing is changed in place: every change, deletion included, is a new version with \
            its author and time, and history keeps all of them. A change must name the version \
            it was made on (--parent); if someone changed the object meanwhile it is refused.
            """,
        subcommands: [Add.self, List.self, History.self, Delete.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a region to one frame of an image, or a new version of a region.",
            discussion: """
                Coordinates are pixel columns and rows of the frame, 0-based, pixel centres at \
                +0.5. Give exactly one shape:
                  --point C,R   --rectangle C,R,WIDTH,HEIGHT   --ellipse C,R,COLUMN_RADIUS,ROW_RADIUS
                  --polygon "C,R C,R C,R …"   --polyline "C,R C,R …"
                The region is checked against the stored image (inside the frame, frame exists, \
                not degenerate) and its concept against the ontology; if anything is wrong \
                nothing is written and the exit status is 1.
                """
        )

        @OptionGroup var store: StoreOptions
        @OptionGroup var author: AuthorOption
        @OptionGroup var ontologies: OntologyOptions

        @Option(help: "SOP Instance UID of the image.")
        var instance: String

        @Option(help: "Frame index, 0-based.")
        var frame = 0

        @Option(help: "C,R") var point: String?
        @Option(help: "C,R,WIDTH,HEIGHT (top-left corner and size)") var rectangle: String?
        @Option(help: "C,R,COLUMN_RADIUS,ROW_RADIUS") var ellipse: String?
        @Option(help: "\"C,R C,R C,R …\"") var polygon: String?
        @Option(help: "\"C,R C,R …\"") var polyline: String?

        @Option(help: "The concept the region marks, SCHEME:CODE (for example SCT:27925004).")
        var concept: ConceptCode?

        @Option(help: "Free text kept beside the concept.")
        var note: String?

        @Option(help: "Make a new version of this region instead of a new region (needs --parent).")
        var revise: AnnotationID?

        @Option(help: "With --revise: the version the change was made on.")
        var parent: Int?

        @Flag(help: "Print the stored version as JSON.")
        var json = false

        func validate() throws {
            let shapes = [point, rectangle, ellipse, polygon, polyline].compactMap { $0 }
            guard shapes.count == 1 else { throw ValidationError("Give exactly one of --point, --rectangle, --ellipse, --polygon, --polyline.") }
            if (revise == nil) != (parent == nil) { throw ValidationError("--revise and --parent go together.") }
            _ = try shape()
        }

        func shape() throws -> RegionShape {
            if let point { return .point(try Self.point(point)) }
            if let rectangle {
                let v = try Self.numbers(rectangle, count: 4)
                return .rectangle(origin: PixelPoint(column: v[0], row: v[1]), width: v[2], height: v[3])
            }
            if let ellipse {
                let v = try Self.numbers(ellipse, count: 4)
                return .ellipse(center: PixelPoint(column: v[0], row: v[1]), columnRadius: v[2], rowRadius: v[3])
            }
            if let polygon { return .polygon(try Self.points(polygon)) }
            if let polyline { return .polyline(try Self.points(polyline)) }
            throw ValidationError("Give a shape.")
        }

        static func numbers(_ text: String, count: Int) throws -> [Double] {
            let values = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard values.count == count, let numbers = values as? [Double] else {
                throw ValidationError("\"\(text)\" is not \(count) comma-separated numbers.")
            }
            return numbers
        }

        static func point(_ text: String) throws -> PixelPoint {
            let v = try numbers(text, count: 2)
            return PixelPoint(column: v[0], row: v[1])
        }

        static func points(_ text: String) throws -> [PixelPoint] {
            try text.split(separator: " ").map { try point(String($0)) }
        }

        func run() throws {
            let session = store.open(command: "annotate add", role: "annotator", checkingAgainst: ontologies.load())
            let region = Region(id: revise ?? AnnotationID(), frame: FrameReference(sopInstanceUID: instance, frameIndex: frame),
                                shape: try shape(), concept: concept, note: note)
            let version = session.audit.save(.region(region), in: session.store, author: author.author, parentVersion: parent)
            try printVersions([version], json: json)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List current annotations (regions, masks, findings, spans, links) matching every filter given."
        )

        @OptionGroup var store: StoreOptions
        @Option(help: "Study Instance UID.") var study: String?
        @Option(help: "Series Instance UID.") var series: String?
        @Option(help: "SOP Instance UID of an image.") var instance: String?
        @Option(help: "With --instance: frame index, 0-based.") var frame: Int?
        @Option(help: "Author of the current version.") var author: String?
        @Option(help: "A concept the annotation is labelled with, SCHEME:CODE.") var concept: ConceptCode?
        @Option(help: "region, mask, finding, span or link.") var kind: AnnotationKind?
        @Flag(help: "Print the versions as JSON.") var json = false

        func validate() throws {
            if frame != nil, instance == nil { throw ValidationError("--frame needs --instance.") }
        }

        func run() throws {
            let session = store.open(command: "annotate list", role: "reader")
            let query = AnnotationQuery(kind: kind, studyInstanceUID: study, seriesInstanceUID: series,
                                        sopInstanceUID: instance, frameIndex: frame, author: author, concept: concept)
            let versions = orFail { try session.store.annotations(matching: query) }
            session.audit.read(versions.map(\.auditObject))
            try printVersions(versions, json: json)
        }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every version of one annotation, oldest first.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The annotation's identifier (a UUID).") var id: AnnotationID
        @Flag(help: "Print the versions as JSON.") var json = false

        func run() throws {
            let session = store.open(command: "annotate history", role: "reader")
            let history = orFail { try session.store.history(of: id) }
            guard let newest = history.last else { fail("no annotation \(id)") }
            session.audit.read([newest.auditObject])
            try printVersions(history, json: json)
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete an annotation by adding a version that says so; its history stays."
        )

        @OptionGroup var store: StoreOptions
        @OptionGroup var author: AuthorOption
        @Argument(help: "The annotation's identifier (a UUID).") var id: AnnotationID
        @Option(help: "The version being deleted (the newest one).") var parent: Int
        @Flag(help: "Print the deletion version as JSON.") var json = false

        func run() throws {
            let session = store.open(command: "annotate delete", role: "annotator")
            let target = orFail { try session.store.current(id) }
            let objects = [target?.auditObject ?? ParticipantObject(.annotation, id: id.description)]
            let version = orFail {
                try session.audit.change(.delete, objects, details: ["author": author.author]) {
                    try session.store.delete(id, author: author.author, parentVersion: parent)
                }
            }
            try printVersions([version], json: json)
        }
    }
}
