import Foundation
import GRDB

extension SQLiteStore {
    /// The one write path for clinical documents; audit events for them belong here.
    public func addDocument(_ text: String, kind: ClinicalDocument.Kind, title: String?,
                            toStudy studyKey: String) throws(StoreError) -> ClinicalDocument {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .invalidDocument(reason: "the text is empty")
        }
        let sha = Array(text.utf8).withUnsafeBytes { ContentAddress(hashing: $0) }
        let now = Date()
        let id: Int64 = try write { db in
            let studyID = try Self.resolveStudy(studyKey, in: db)
            if let existing = try Int64.fetchOne(db, sql: "SELECT id FROM clinical_document WHERE study_id = ? AND sha256 = ?",
                                                 arguments: [studyID, sha.hex]) {
                return existing
            }
            try db.execute(sql: """
                INSERT INTO clinical_document (study_id, kind, title, text, sha256, added_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [studyID, kind.rawValue, title, text, sha.hex, now])
            return db.lastInsertedRowID
        }
        guard let document = try document(id) else {
            throw .database(reason: "clinical document \(id) vanished after it was written")
        }
        return document
    }

    /// The study row named by a Study Instance UID, or else by a unique Accession Number.
    private static func resolveStudy(_ key: String, in db: Database) throws -> Int64 {
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM study WHERE study_instance_uid = ?", arguments: [key]) {
            return id
        }
        let matches = try Row.fetchAll(db, sql: "SELECT id, study_instance_uid FROM study WHERE accession_number = ? ORDER BY study_instance_uid",
                                       arguments: [key])
        guard let first = matches.first else { throw StoreError.studyNotFound(key) }
        guard matches.count == 1 else {
            throw StoreError.ambiguousAccessionNumber(key, studyInstanceUIDs: matches.map { $0["study_instance_uid"] })
        }
        return first["id"]
    }

    private static let documentSelect = """
        SELECT d.*, s.study_instance_uid FROM clinical_document d JOIN study s ON s.id = d.study_id
        """

    public func documents(ofStudy studyInstanceUID: String) throws(StoreError) -> [ClinicalDocument] {
        try read { db in
            try Row.fetchAll(db, sql: Self.documentSelect + " WHERE s.study_instance_uid = ? ORDER BY d.id",
                             arguments: [studyInstanceUID]).map(Self.document)
        }
    }

    public func document(_ id: Int64) throws(StoreError) -> ClinicalDocument? {
        try read { db in
            try Row.fetchOne(db, sql: Self.documentSelect + " WHERE d.id = ?", arguments: [id]).map(Self.document)
        }
    }

    private static func document(_ row: Row) throws -> ClinicalDocument {
        let kindName: String = row["kind"]
        let hex: String = row["sha256"]
        guard let kind = ClinicalDocument.Kind(rawValue: kindName), let sha = ContentAddress(hex: hex) else {
            throw StoreError.database(reason: "clinical document row \(row["id"] as Int64? ?? -1) is malformed")
        }
        return ClinicalDocument(id: row["id"], studyInstanceUID: row["study_instance_uid"], kind: kind,
                                title: row["title"], text: row["text"], sha256: sha, addedAt: row["added_at"])
    }
}
