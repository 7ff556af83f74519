import GRDB

/// The versioned schema of the embedded store. Migrations are only ever appended: a store
/// created by an older Concord is brought forward step by step when it is opened.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: patients, studies, series, instances, blobs, documents") { db in
            try db.create(table: "patient") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("pseudonym", .text).notNull().unique()
                t.column("patient_id", .text).notNull()
                t.column("issuer_of_patient_id", .text).notNull()
                t.column("name", .text)
                t.column("birth_date", .text)
                t.column("sex", .text)
                t.uniqueKey(["patient_id", "issuer_of_patient_id"])
            }
            try db.create(table: "study") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("study_instance_uid", .text).notNull().unique()
                t.column("patient_id", .integer).notNull().references("patient").indexed()
                t.column("study_date", .text).indexed()
                t.column("study_time", .text)
                t.column("accession_number", .text).indexed()
                t.column("study_description", .text)
            }
            try db.create(table: "series") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("series_instance_uid", .text).notNull().unique()
                t.column("study_id", .integer).notNull().references("study").indexed()
                t.column("modality", .text).indexed()
                t.column("series_number", .integer)
                t.column("series_description", .text)
                t.column("body_part_examined", .text)
            }
            // One row per distinct file content. A blob file may exist only with its row here,
            // and this row only once its file is durable (see SQLiteStore).
            try db.create(table: "blob") { t in
                t.primaryKey("sha256", .text)
                t.column("byte_count", .integer).notNull()
            }
            try db.create(table: "instance") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("sop_instance_uid", .text).notNull().unique()
                t.column("sop_class_uid", .text)
                t.column("series_id", .integer).notNull().references("series").indexed()
                t.column("instance_number", .integer)
                t.column("row_count", .integer)
                t.column("column_count", .integer)
                t.column("number_of_frames", .integer).notNull()
                t.column("pixel_spacing_between_rows", .double)
                t.column("pixel_spacing_between_columns", .double)
                t.column("transfer_syntax_uid", .text).notNull()
                t.column("blob_sha256", .text).notNull().references("blob").indexed()
                t.column("ingested_at", .datetime).notNull()
            }
            // Per-frame geometry, for frames whose spacing, position or orientation is known.
            try db.create(table: "frame") { t in
                t.column("instance_id", .integer).notNull().references("instance")
                t.column("frame_number", .integer).notNull()
                t.column("pixel_spacing_between_rows", .double)
                t.column("pixel_spacing_between_columns", .double)
                t.column("position_x", .double)
                t.column("position_y", .double)
                t.column("position_z", .double)
                t.column("row_cosine_x", .double)
                t.column("row_cosine_y", .double)
                t.column("row_cosine_z", .double)
                t.column("column_cosine_x", .double)
                t.column("column_cosine_y", .double)
                t.column("column_cosine_z", .double)
                t.primaryKey(["instance_id", "frame_number"])
            }
            try db.create(table: "ingest_conflict") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("sop_instance_uid", .text).notNull()
                t.column("source_path", .text).notNull()
                t.column("stored_blob_sha256", .text).notNull().references("blob")
                t.column("incoming_blob_sha256", .text).notNull().references("blob").indexed()
                t.column("detected_at", .datetime).notNull()
                t.uniqueKey(["sop_instance_uid", "incoming_blob_sha256"])
            }
            try db.create(table: "clinical_document") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("study_id", .integer).notNull().references("study").indexed()
                t.column("kind", .text).notNull().check { ["report", "note"].contains($0) }
                t.column("title", .text)
                t.column("text", .text).notNull()
                t.column("sha256", .text).notNull()
                t.column("added_at", .datetime).notNull()
                t.uniqueKey(["study_id", "sha256"])
            }
        }
        migrator.registerMigration("v2: append-only annotation versions") { db in
            try db.create(table: "annotation_version") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("annotation_id", .text).notNull()
                t.column("version", .integer).notNull()
                t.column("parent_id", .integer).references("annotation_version")
                t.column("kind", .text).notNull().check { AnnotationKind.allCases.map(\.rawValue).contains($0) }
                t.column("author", .text).notNull().indexed()
                t.column("created_at", .datetime).notNull()
                t.column("study_instance_uid", .text).indexed()
                t.column("series_instance_uid", .text).indexed()
                // The object as JSON; NULL when this version deletes it.
                t.column("body", .text)
                t.uniqueKey(["annotation_id", "version"])
            }
            // What each version is drawn on and labelled with, for queries.
            try db.create(table: "annotation_frame") { t in
                t.column("version_id", .integer).notNull().references("annotation_version")
                t.column("sop_instance_uid", .text).notNull()
                t.column("frame_index", .integer).notNull()
                t.primaryKey(["version_id", "sop_instance_uid", "frame_index"])
            }
            try db.create(index: "annotation_frame_on_image", on: "annotation_frame",
                          columns: ["sop_instance_uid", "frame_index"])
            try db.create(table: "annotation_concept") { t in
                t.column("version_id", .integer).notNull().references("annotation_version")
                t.column("concept", .text).notNull()
                t.primaryKey(["version_id", "concept"])
            }
            try db.create(index: "annotation_concept_on_concept", on: "annotation_concept", columns: ["concept"])
            // Nothing is ever updated in place or removed: history is the record.
            for table in ["annotation_version", "annotation_frame", "annotation_concept"] {
                for event in ["UPDATE", "DELETE"] {
                    try db.execute(sql: """
                        CREATE TRIGGER \(table)_no_\(event.lowercased()) BEFORE \(event) ON \(table)
                        BEGIN SELECT RAISE(ABORT, 'annotation history is append-only'); END
                        """)
                }
            }
            // The newest version of every object that is not deleted.
            try db.execute(sql: """
                CREATE VIEW current_annotation AS
                SELECT v.* FROM annotation_version v
                WHERE v.body IS NOT NULL
                  AND v.version = (SELECT max(w.version) FROM annotation_version w WHERE w.annotation_id = v.annotation_id)
                """)
        }
        return migrator
    }
}
