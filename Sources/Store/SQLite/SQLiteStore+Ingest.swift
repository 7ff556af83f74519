import Foundation
import GRDB

extension SQLiteStore {
    /// Stores a batch: first every new blob (in parallel, each durable before step two), then one
    /// transaction with all rows. See the crash-safety notes on ``SQLiteStore``.
    ///
    /// This is the one write path for images. ``Ingestor`` announces each batch to its
    /// ``IngestJournal`` (the audit log) before calling this, and reports it after.
    public func ingest(_ candidates: [IngestCandidate]) throws(StoreError) -> [IngestOutcome] {
        let marker = try blobs.beginWriting()
        try storeBlobs(candidates)
        let now = Date()
        let outcomes = try write { db in
            try candidates.map { candidate in try Self.file(candidate, at: now, in: db) }
        }
        // Only after the commit: if anything above failed, the marker stays, and the next store
        // to open alone sweeps away the blobs this batch wrote.
        blobs.endWriting(marker)
        return outcomes
    }

    private func storeBlobs(_ candidates: [IngestCandidate]) throws(StoreError) {
        let failures = FirstFailure()
        let blobs = self.blobs
        concurrently(candidates.count, width: Self.ioWidth) { index in
            let candidate = candidates[index]
            do throws(StoreError) {
                try blobs.put(candidate.bytes.bytes, address: candidate.address)
            } catch {
                failures.record(error)
            }
        }
        if let failure = failures.error { throw failure }
        // Also when every blob was there already: another writer may not have flushed it yet.
        try blobs.makeDurable()
    }

    /// How many blob writes and syncs are in flight at once.
    static let ioWidth = 8

    /// Files one candidate inside the ingest transaction.
    private static func file(_ candidate: IngestCandidate, at now: Date, in db: Database) throws -> IngestOutcome {
        let header = candidate.header
        let uid = header.instance.sopInstanceUID
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO blob (sha256, byte_count) VALUES (?, ?)")
            .execute(arguments: [candidate.address.hex, candidate.bytes.count])
        if let stored = try String.fetchOne(db.cachedStatement(sql: "SELECT blob_sha256 FROM instance WHERE sop_instance_uid = ?"),
                                            arguments: [uid]) {
            if stored == candidate.address.hex { return .alreadyPresent(sopInstanceUID: uid) }
            try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO ingest_conflict
                    (sop_instance_uid, source_path, stored_blob_sha256, incoming_blob_sha256, detected_at)
                VALUES (?, ?, ?, ?, ?)
                """).execute(arguments: [uid, candidate.sourcePath, stored, candidate.address.hex, now])
            return .conflict(IngestConflict(sopInstanceUID: uid, sourcePath: candidate.sourcePath,
                                            storedBlob: ContentAddress(hex: stored) ?? candidate.address,
                                            incomingBlob: candidate.address))
        }
        let patientRowID = try patientID(header.patient, in: db)
        let studyRowID = try studyID(header.study, patient: patientRowID, in: db)
        let seriesRowID = try seriesID(header.series, study: studyRowID, in: db)
        let instance = header.instance
        try db.cachedStatement(sql: """
            INSERT INTO instance (sop_instance_uid, sop_class_uid, series_id, instance_number, row_count,
                column_count, number_of_frames, pixel_spacing_between_rows, pixel_spacing_between_columns,
                transfer_syntax_uid, blob_sha256, ingested_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [uid, instance.sopClassUID, seriesRowID, instance.instanceNumber, instance.rows,
                             instance.columns, instance.numberOfFrames, instance.pixelSpacing?.row,
                             instance.pixelSpacing?.column, instance.transferSyntaxUID,
                             candidate.address.hex, now])
        let instanceRowID = db.lastInsertedRowID
        for (index, frame) in (header.geometry?.frames ?? []).enumerated()
        where frame.pixelSpacing != nil || frame.position != nil || frame.orientation != nil {
            let p = frame.position
            let o = frame.orientation
            try db.cachedStatement(sql: """
                INSERT INTO frame (instance_id, frame_number, pixel_spacing_between_rows, pixel_spacing_between_columns,
                    position_x, position_y, position_z, row_cosine_x, row_cosine_y, row_cosine_z,
                    column_cosine_x, column_cosine_y, column_cosine_z)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [instanceRowID, index + 1, frame.pixelSpacing?.row, frame.pixelSpacing?.column,
                                 p?.x, p?.y, p?.z, o?.rowDirection.x, o?.rowDirection.y, o?.rowDirection.z,
                                 o?.columnDirection.x, o?.columnDirection.y, o?.columnDirection.z])
        }
        return .ingested(sopInstanceUID: uid)
    }

    private static func patientID(_ patient: Patient, in db: Database) throws -> Int64 {
        try rowID(selecting: "SELECT id FROM patient WHERE patient_id = ? AND issuer_of_patient_id = ?",
                  [patient.patientID, patient.issuerOfPatientID],
                  orInserting: """
                      INSERT INTO patient (pseudonym, patient_id, issuer_of_patient_id, name, birth_date, sex)
                      VALUES (?, ?, ?, ?, ?, ?)
                      """,
                  [makePseudonym(), patient.patientID, patient.issuerOfPatientID, patient.name, patient.birthDate, patient.sex],
                  in: db)
    }

    /// `PT-` and 16 random hex digits: carries nothing about the person.
    private static func makePseudonym() -> String {
        let value = UInt64.random(in: 0...UInt64.max)
        let hex = String(value, radix: 16)
        return "PT-" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    private static func studyID(_ study: Study, patient: Int64, in db: Database) throws -> Int64 {
        try rowID(selecting: "SELECT id FROM study WHERE study_instance_uid = ?", [study.studyInstanceUID],
                  orInserting: """
                      INSERT INTO study (study_instance_uid, patient_id, study_date, study_time, accession_number, study_description)
                      VALUES (?, ?, ?, ?, ?, ?)
                      """,
                  [study.studyInstanceUID, patient, study.studyDate, study.studyTime, study.accessionNumber, study.studyDescription],
                  in: db)
    }

    private static func seriesID(_ series: Series, study: Int64, in db: Database) throws -> Int64 {
        try rowID(selecting: "SELECT id FROM series WHERE series_instance_uid = ?", [series.seriesInstanceUID],
                  orInserting: """
                      INSERT INTO series (series_instance_uid, study_id, modality, series_number, series_description, body_part_examined)
                      VALUES (?, ?, ?, ?, ?, ?)
                      """,
                  [series.seriesInstanceUID, study, series.modality, series.seriesNumber, series.seriesDescription, series.bodyPartExamined],
                  in: db)
    }

    /// The id of the row `select` finds by `key`, or of the row `insert` adds from `values` when
    /// there is none (`values` is evaluated only then, so a new pseudonym is drawn only for a new patient).
    private static func rowID(selecting select: String, _ key: StatementArguments,
                              orInserting insert: String, _ values: @autoclosure () -> StatementArguments,
                              in db: Database) throws -> Int64 {
        if let id = try Int64.fetchOne(db.cachedStatement(sql: select), arguments: key) { return id }
        try db.cachedStatement(sql: insert).execute(arguments: values())
        return db.lastInsertedRowID
    }
}
