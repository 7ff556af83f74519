import Foundation
import Annotations
import GRDB

extension SQLiteStore {
    private static let studySelect = """
        SELECT s.study_instance_uid, p.pseudonym, s.study_date, s.study_time, s.accession_number,
               s.study_description,
               (SELECT group_concat(DISTINCT se.modality) FROM series se WHERE se.study_id = s.id) AS modalities,
               (SELECT count(*) FROM series se WHERE se.study_id = s.id) AS series_count,
               (SELECT count(*) FROM instance i JOIN series se ON se.id = i.series_id WHERE se.study_id = s.id) AS instance_count
        FROM study s JOIN patient p ON p.id = s.patient_id
        """

    public func studies(matching query: StudyQuery) throws(StoreError) -> [Study] {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let patient = query.patient {
            conditions.append("(p.patient_id = ? OR p.pseudonym = ?)")
            arguments += [patient, patient]
        }
        if let dates = query.dates {
            conditions.append("s.study_date BETWEEN ? AND ?")
            arguments += [dates.lowerBound, dates.upperBound]
        }
        if let modality = query.modality {
            conditions.append("EXISTS (SELECT 1 FROM series se WHERE se.study_id = s.id AND se.modality = ?)")
            arguments += [modality]
        }
        if let accession = query.accessionNumber {
            conditions.append("s.accession_number = ?")
            arguments += [accession]
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let sql = Self.studySelect + filter + " ORDER BY s.study_date DESC, s.study_instance_uid"
        return try read { db in try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.study) }
    }

    public func study(_ studyInstanceUID: String) throws(StoreError) -> Study? {
        try read { db in
            try Row.fetchOne(db, sql: Self.studySelect + " WHERE s.study_instance_uid = ?",
                             arguments: [studyInstanceUID]).map(Self.study)
        }
    }

    public func patient(pseudonym: String) throws(StoreError) -> Patient? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM patient WHERE pseudonym = ?", arguments: [pseudonym]).map { row in
                Patient(pseudonym: row["pseudonym"], patientID: row["patient_id"],
                        issuerOfPatientID: row["issuer_of_patient_id"], name: row["name"],
                        birthDate: row["birth_date"], sex: row["sex"])
            }
        }
    }

    public func series(inStudy studyInstanceUID: String) throws(StoreError) -> [Series] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT se.*, s.study_instance_uid,
                       (SELECT count(*) FROM instance i WHERE i.series_id = se.id) AS instance_count
                FROM series se JOIN study s ON s.id = se.study_id
                WHERE s.study_instance_uid = ?
                ORDER BY se.series_number, se.series_instance_uid
                """, arguments: [studyInstanceUID]).map { row in
                Series(seriesInstanceUID: row["series_instance_uid"], studyInstanceUID: row["study_instance_uid"],
                       modality: row["modality"], seriesNumber: row["series_number"],
                       seriesDescription: row["series_description"], bodyPartExamined: row["body_part_examined"],
                       instanceCount: row["instance_count"])
            }
        }
    }

    static let instanceSelect = """
        SELECT i.*, se.series_instance_uid, b.byte_count
        FROM instance i JOIN series se ON se.id = i.series_id JOIN blob b ON b.sha256 = i.blob_sha256
        """

    public func instances(inSeries seriesInstanceUID: String) throws(StoreError) -> [Instance] {
        try read { db in
            try Row.fetchAll(db, sql: Self.instanceSelect + """
                 WHERE se.series_instance_uid = ? ORDER BY i.instance_number, i.sop_instance_uid
                """, arguments: [seriesInstanceUID]).map(Self.instance)
        }
    }

    public func instances(inStudy studyInstanceUID: String) throws(StoreError) -> [Instance] {
        try read { db in
            try Row.fetchAll(db, sql: Self.instanceSelect + """
                 JOIN study s ON s.id = se.study_id WHERE s.study_instance_uid = ?
                 ORDER BY se.series_number, se.series_instance_uid, i.instance_number, i.sop_instance_uid
                """, arguments: [studyInstanceUID]).map(Self.instance)
        }
    }

    public func instance(_ sopInstanceUID: String) throws(StoreError) -> Instance? {
        try read { db in try Self.instance(sopInstanceUID, in: db) }
    }

    static func instance(_ sopInstanceUID: String, in db: Database) throws -> Instance? {
        try Row.fetchOne(db.cachedStatement(sql: instanceSelect + " WHERE i.sop_instance_uid = ?"), arguments: [sopInstanceUID])
            .map(instance)
    }

    public func geometry(of sopInstanceUID: String) throws(StoreError) -> ImageGeometry? {
        try read { db in try Self.geometry(of: sopInstanceUID, in: db) }
    }

    static func geometry(of sopInstanceUID: String, in db: Database) throws -> ImageGeometry? {
        guard let instance = try instance(sopInstanceUID, in: db), let rows = instance.rows, let columns = instance.columns else {
            return nil
        }
        let rowsOfFrames = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT f.* FROM frame f JOIN instance i ON i.id = f.instance_id WHERE i.sop_instance_uid = ?
            """), arguments: [sopInstanceUID])
        let known = Dictionary(rowsOfFrames.map { row in
            (row["frame_number"] as Int, frameGeometry(row, rows: rows, columns: columns))
        }, uniquingKeysWith: { first, _ in first })
        return ImageGeometry(frames: (1...max(instance.numberOfFrames, 1)).map { number in
            known[number] ?? FrameGeometry(rows: rows, columns: columns)
        })
    }

    private static func frameGeometry(_ row: Row, rows: Int, columns: Int) -> FrameGeometry {
        func point(_ prefix: String) -> PatientPoint? {
            guard let x: Double = row[prefix + "x"], let y: Double = row[prefix + "y"], let z: Double = row[prefix + "z"] else {
                return nil
            }
            return PatientPoint(x: x, y: y, z: z)
        }
        var spacing: PixelSpacing?
        if let betweenRows: Double = row["pixel_spacing_between_rows"],
           let betweenColumns: Double = row["pixel_spacing_between_columns"] {
            spacing = PixelSpacing(row: betweenRows, column: betweenColumns)
        }
        let orientation = point("row_cosine_").flatMap { along in
            point("column_cosine_").map { PatientOrientation(rowDirection: along, columnDirection: $0) }
        }
        return FrameGeometry(rows: rows, columns: columns, pixelSpacing: spacing,
                             position: point("position_"), orientation: orientation)
    }

    public func originalBytes(of sopInstanceUID: String) throws(StoreError) -> Data? {
        guard let instance = try instance(sopInstanceUID) else { return nil }
        guard let bytes = blobs.read(instance.blob) else {
            throw .io(path: blobs.path(for: instance.blob), reason: "blob of \(sopInstanceUID) is missing")
        }
        return bytes
    }

    public func conflicts() throws(StoreError) -> [IngestConflict] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM ingest_conflict ORDER BY id").compactMap { row in
                guard let stored = ContentAddress(hex: row["stored_blob_sha256"]),
                      let incoming = ContentAddress(hex: row["incoming_blob_sha256"]) else { return nil }
                return IngestConflict(sopInstanceUID: row["sop_instance_uid"], sourcePath: row["source_path"],
                                      storedBlob: stored, incomingBlob: incoming)
            }
        }
    }

    private static func study(_ row: Row) -> Study {
        let modalities: String? = row["modalities"]
        return Study(studyInstanceUID: row["study_instance_uid"], patientPseudonym: row["pseudonym"],
                     studyDate: row["study_date"], studyTime: row["study_time"],
                     accessionNumber: row["accession_number"], studyDescription: row["study_description"],
                     modalities: (modalities ?? "").split(separator: ",").map(String.init).sorted(),
                     seriesCount: row["series_count"], instanceCount: row["instance_count"])
    }

    private static func instance(_ row: Row) throws -> Instance {
        let betweenRows: Double? = row["pixel_spacing_between_rows"]
        let betweenColumns: Double? = row["pixel_spacing_between_columns"]
        let spacing = betweenRows.flatMap { r in betweenColumns.map { PixelSpacing(row: r, column: $0) } }
        let hex: String = row["blob_sha256"]
        guard let blob = ContentAddress(hex: hex) else {
            throw StoreError.database(reason: "instance row holds a malformed blob address \(hex)")
        }
        return Instance(sopInstanceUID: row["sop_instance_uid"], sopClassUID: row["sop_class_uid"],
                        seriesInstanceUID: row["series_instance_uid"], instanceNumber: row["instance_number"],
                        rows: row["row_count"], columns: row["column_count"],
                        numberOfFrames: row["number_of_frames"], pixelSpacing: spacing,
                        transferSyntaxUID: row["transfer_syntax_uid"],
                        blob: blob,
                        byteCount: row["byte_count"])
    }
}
