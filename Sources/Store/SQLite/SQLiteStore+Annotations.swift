import Annotations
import Foundation
import GRDB

extension SQLiteStore: AnnotationStore {
    /// The one write path for annotation changes (with ``delete(_:author:parentVersion:)``);
    /// audit events for annotations belong here.
    @discardableResult
    public func save(_ annotation: Annotation, author: String, parentVersion: Int?) throws(StoreError) -> AnnotationVersion {
        guard !author.trimmingCharacters(in: .whitespaces).isEmpty else { throw .missingAuthor }
        guard let ontology else { throw .ontologyRequired }
        let validator = AnnotationValidator(ontology: ontology)
        let now = Date()
        return try write { db in
            let head = try Self.head(of: annotation.id, in: db)
            guard head?.version == parentVersion else {
                throw StoreError.versionConflict(annotation.id, expected: parentVersion, found: head?.version)
            }
            if let head, head.kind != annotation.kind {
                throw StoreError.kindMismatch(annotation.id, stored: head.kind.rawValue, given: annotation.kind.rawValue)
            }
            // Validation reads inside the write transaction, so nothing it checked can change
            // before the version is appended; a failure rolls back and writes nothing.
            let placement = try Self.validate(annotation, with: validator, in: db)
            let body = try Self.encode(annotation)
            let version = (head?.version ?? 0) + 1
            try db.cachedStatement(sql: """
                INSERT INTO annotation_version (annotation_id, version, parent_id, kind, author, created_at,
                    study_instance_uid, series_instance_uid, body)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [annotation.id.description, version, head?.rowID, annotation.kind.rawValue, author,
                                 now, placement.study, placement.series, body])
            let rowID = db.lastInsertedRowID
            for frame in Set(annotation.frames) {
                try db.cachedStatement(sql: "INSERT INTO annotation_frame (version_id, sop_instance_uid, frame_index) VALUES (?, ?, ?)")
                    .execute(arguments: [rowID, frame.sopInstanceUID, frame.frameIndex])
            }
            for concept in Set(annotation.concepts.map(\.description)) {
                try db.cachedStatement(sql: "INSERT INTO annotation_concept (version_id, concept) VALUES (?, ?)")
                    .execute(arguments: [rowID, concept])
            }
            return AnnotationVersion(annotationID: annotation.id, version: version, parentVersion: head?.version,
                                     kind: annotation.kind, author: author, createdAt: now, annotation: annotation)
        }
    }

    @discardableResult
    public func delete(_ id: AnnotationID, author: String, parentVersion: Int) throws(StoreError) -> AnnotationVersion {
        guard !author.trimmingCharacters(in: .whitespaces).isEmpty else { throw .missingAuthor }
        let now = Date()
        return try write { db in
            guard let head = try Self.head(of: id, in: db), !head.isDeletion else { throw StoreError.annotationNotFound(id) }
            guard head.version == parentVersion else {
                throw StoreError.versionConflict(id, expected: parentVersion, found: head.version)
            }
            try db.execute(sql: """
                INSERT INTO annotation_version (annotation_id, version, parent_id, kind, author, created_at,
                    study_instance_uid, series_instance_uid, body)
                SELECT annotation_id, version + 1, id, kind, ?, ?, study_instance_uid, series_instance_uid, NULL
                FROM annotation_version WHERE id = ?
                """, arguments: [author, now, head.rowID])
            return AnnotationVersion(annotationID: id, version: head.version + 1, parentVersion: head.version,
                                     kind: head.kind, author: author, createdAt: now, annotation: nil)
        }
    }

    public func history(of id: AnnotationID) throws(StoreError) -> [AnnotationVersion] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM annotation_version WHERE annotation_id = ? ORDER BY version",
                             arguments: [id.description]).map(Self.version)
        }
    }

    public func current(_ id: AnnotationID) throws(StoreError) -> AnnotationVersion? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM current_annotation WHERE annotation_id = ?",
                             arguments: [id.description]).map(Self.version)
        }
    }

    public func annotations(matching query: AnnotationQuery) throws(StoreError) -> [AnnotationVersion] {
        var joins = ""
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let sop = query.sopInstanceUID {
            joins += " JOIN annotation_frame f ON f.version_id = v.id"
            conditions.append("f.sop_instance_uid = ?")
            arguments += [sop]
            if let frame = query.frameIndex {
                conditions.append("f.frame_index = ?")
                arguments += [frame]
            }
        }
        if let concept = query.concept {
            joins += " JOIN annotation_concept c ON c.version_id = v.id"
            conditions.append("c.concept = ?")
            arguments += [concept.description]
        }
        for (column, value) in [("kind", query.kind?.rawValue), ("study_instance_uid", query.studyInstanceUID),
                                ("series_instance_uid", query.seriesInstanceUID), ("author", query.author)] {
            guard let value else { continue }
            conditions.append("v.\(column) = ?")
            arguments += [value]
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT DISTINCT v.* FROM current_annotation v" + joins + filter + " ORDER BY v.id"
        return try read { db in try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.version) }
    }

    // MARK: - Validation against what the store holds

    /// The study and series an annotation belongs to, once it has passed every check.
    private struct Placement {
        var study: String?
        var series: String?
    }

    private static func validate(_ annotation: Annotation, with validator: AnnotationValidator,
                                 in db: Database) throws -> Placement {
        func checked(_ body: () throws(AnnotationError) -> Void) throws {
            do { try body() } catch { throw StoreError.invalidAnnotation(error) }
        }
        switch annotation {
        case let .region(region):
            let uid = region.frame.sopInstanceUID
            guard let (series, study) = try seriesAndStudy(ofInstance: uid, in: db) else {
                throw StoreError.notFound(what: "instance", key: uid)
            }
            guard let image = try geometry(of: uid, in: db) else {
                throw StoreError.invalidAnnotation(.invalidImageGeometry("instance \(uid) has no image (no Rows and Columns)"))
            }
            try checked { () throws(AnnotationError) in try validator.validate(region, on: image) }
            return Placement(study: study, series: series)
        case let .mask(mask):
            guard let study = try String.fetchOne(db, sql: """
                SELECT s.study_instance_uid FROM series se JOIN study s ON s.id = se.study_id WHERE se.series_instance_uid = ?
                """, arguments: [mask.seriesInstanceUID]) else {
                throw StoreError.notFound(what: "series", key: mask.seriesInstanceUID)
            }
            // Only images of the mask's own series count; a plane on any other is an unknown image.
            var images: [String: ImageGeometry] = [:]
            for uid in Set(mask.frames.map(\.frame.sopInstanceUID)) {
                guard let (series, _) = try seriesAndStudy(ofInstance: uid, in: db), series == mask.seriesInstanceUID,
                      let image = try geometry(of: uid, in: db) else { continue }
                images[uid] = image
            }
            try checked { () throws(AnnotationError) in try validator.validate(mask, images: images) }
            return Placement(study: study, series: mask.seriesInstanceUID)
        case let .finding(finding):
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM study WHERE study_instance_uid = ?",
                                    arguments: [finding.studyInstanceUID]) != nil else {
                throw StoreError.notFound(what: "study", key: finding.studyInstanceUID)
            }
            try checked { () throws(AnnotationError) in try validator.validate(finding) }
            for id in finding.regionIDs { try requireCurrent(id, kind: .region, in: db) }
            for id in finding.maskIDs { try requireCurrent(id, kind: .mask, in: db) }
            return Placement(study: finding.studyInstanceUID, series: nil)
        case let .span(span):
            guard let documentID = Int64(span.documentID),
                  let row = try Row.fetchOne(db, sql: """
                    SELECT d.text, s.study_instance_uid FROM clinical_document d JOIN study s ON s.id = d.study_id WHERE d.id = ?
                    """, arguments: [documentID]) else {
                throw StoreError.notFound(what: "document", key: span.documentID)
            }
            let text: String = row["text"]
            try checked { () throws(AnnotationError) in try validator.validate(span, in: text) }
            return Placement(study: row["study_instance_uid"], series: nil)
        case let .link(link):
            try checked { () throws(AnnotationError) in try validator.validate(link) }
            try requireCurrent(link.spanID, kind: .span, in: db)
            let finding = try requireCurrent(link.findingID, kind: .finding, in: db)
            return Placement(study: finding["study_instance_uid"], series: nil)
        }
    }

    private static func seriesAndStudy(ofInstance uid: String, in db: Database) throws -> (String, String)? {
        try Row.fetchOne(db.cachedStatement(sql: """
            SELECT se.series_instance_uid, s.study_instance_uid FROM instance i
            JOIN series se ON se.id = i.series_id JOIN study s ON s.id = se.study_id
            WHERE i.sop_instance_uid = ?
            """), arguments: [uid]).map { ($0[0], $0[1]) }
    }

    /// The current version row of a live object of `kind`, or ``StoreError/annotationNotFound(_:)``.
    @discardableResult
    private static func requireCurrent(_ id: AnnotationID, kind: AnnotationKind, in db: Database) throws -> Row {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM current_annotation WHERE annotation_id = ? AND kind = ?",
                                         arguments: [id.description, kind.rawValue]) else {
            throw StoreError.annotationNotFound(id)
        }
        return row
    }

    // MARK: - Rows

    /// The newest version of an object, deleted or not.
    private struct Head {
        var rowID: Int64
        var version: Int
        var kind: AnnotationKind
        var isDeletion: Bool
    }

    private static func head(of id: AnnotationID, in db: Database) throws -> Head? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT id, version, kind, body IS NULL AS is_deletion FROM annotation_version
            WHERE annotation_id = ? ORDER BY version DESC LIMIT 1
            """), arguments: [id.description]) else { return nil }
        guard let kind = AnnotationKind(rawValue: row["kind"]) else {
            throw StoreError.database(reason: "annotation \(id) has an unknown kind \(row["kind"] as String? ?? "")")
        }
        return Head(rowID: row["id"], version: row["version"], kind: kind, isDeletion: row["is_deletion"])
    }

    /// The object alone as JSON (its kind is a column of its own). Called after validation,
    /// which has rejected the non-finite numbers JSON cannot hold.
    private static func encode(_ annotation: Annotation) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data: Data = switch annotation {
        case let .region(value): try encoder.encode(value)
        case let .mask(value): try encoder.encode(value)
        case let .finding(value): try encoder.encode(value)
        case let .span(value): try encoder.encode(value)
        case let .link(value): try encoder.encode(value)
        }
        return String(decoding: data, as: UTF8.self)
    }

    private static func version(_ row: Row) throws -> AnnotationVersion {
        let idText: String = row["annotation_id"]
        let kindText: String = row["kind"]
        guard let id = AnnotationID(string: idText), let kind = AnnotationKind(rawValue: kindText) else {
            throw StoreError.database(reason: "annotation version row \(row["id"] as Int64? ?? -1) is malformed")
        }
        let version: Int = row["version"]
        var annotation: Annotation?
        if let body: String = row["body"] {
            let decoder = JSONDecoder()
            let data = Data(body.utf8)
            annotation = switch kind {
            case .region: .region(try decoder.decode(Region.self, from: data))
            case .mask: .mask(try decoder.decode(Mask.self, from: data))
            case .finding: .finding(try decoder.decode(Finding.self, from: data))
            case .span: .span(try decoder.decode(TextSpan.self, from: data))
            case .link: .link(try decoder.decode(SpanFindingLink.self, from: data))
            }
        }
        // A new version is accepted only on top of the newest one, so the parent is always the
        // version before.
        return AnnotationVersion(annotationID: id, version: version, parentVersion: version > 1 ? version - 1 : nil,
                                 kind: kind, author: row["author"], createdAt: row["created_at"], annotation: annotation)
    }
}
