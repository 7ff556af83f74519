import ArgumentParser
import Audit
import Foundation
import Store

/// `concord study list|show`: what the store holds, study by study.
struct StudyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study",
        abstract: "List stored studies or show one with its series, instances and documents.",
        subcommands: [List.self, Show.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List studies, newest first, filtered by patient, date, modality or accession number."
        )

        @OptionGroup var store: StoreOptions

        @Option(help: "Patient ID (0010,0020) or Concord pseudonym.")
        var patient: String?

        @Option(help: ArgumentHelp("Earliest study date.", valueName: "YYYY-MM-DD"))
        var from: String?

        @Option(help: ArgumentHelp("Latest study date.", valueName: "YYYY-MM-DD"))
        var to: String?

        @Option(help: "A modality at least one series has (CT, MR, SEG …).")
        var modality: String?

        @Option(help: "Accession Number (0008,0050).")
        var accession: String?

        @Flag(help: "Print the studies as JSON on stdout.")
        var json = false

        func validate() throws {
            for date in [from, to].compactMap({ $0 }) where !Self.isISODate(date) {
                throw ValidationError("\(date) is not a date of the form YYYY-MM-DD.")
            }
        }

        static func isISODate(_ text: String) -> Bool {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            return parts.map(\.count) == [4, 2, 2] && parts.allSatisfy { $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
        }

        func run() throws {
            let session = store.open(command: "study list", role: "reader")
            var query = StudyQuery(patient: patient, modality: modality, accessionNumber: accession)
            if from != nil || to != nil {
                query.dates = (from ?? "0000-01-01")...(to ?? "9999-12-31")
            }
            let studies: [Study]
            do { studies = try session.store.studies(matching: query) } catch { fail("\(error)") }
            let filters = ["patient": patient, "from": from, "to": to, "modality": modality, "accession": accession]
            session.audit.read(studies.map { ParticipantObject(.study, id: $0.studyInstanceUID) },
                               event: .query, action: .execute, details: filters.compactMapValues { $0 })
            if json { return try printJSON(studies) }
            var text = ""
            for study in studies {
                let fields = [study.studyDate ?? "----------", study.patientPseudonym,
                              study.modalities.joined(separator: ","), study.accessionNumber ?? "-",
                              "\(study.seriesCount) series", "\(study.instanceCount) instances",
                              study.studyInstanceUID, study.studyDescription ?? ""]
                text += fields.joined(separator: "  ") + "\n"
            }
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one study: patient, series, instances and attached documents."
        )

        @OptionGroup var store: StoreOptions

        @Argument(help: "Study Instance UID.")
        var studyInstanceUID: String

        @Flag(help: "Print the study as JSON on stdout.")
        var json = false

        @Flag(help: "Include the patient's identifying fields (PHI), not just the pseudonym.")
        var showPHI = false

        /// The study with its parts, as `--json` prints it.
        struct Detail: Encodable {
            var study: Study
            var patient: Patient?
            var series: [SeriesDetail]
            var documents: [ClinicalDocument]
        }

        struct SeriesDetail: Encodable {
            var series: Series
            var instances: [Instance]
        }

        func run() throws {
            let session = store.open(command: "study show", role: "reader")
            let database = session.store
            let detail: Detail
            do {
                guard let study = try database.study(studyInstanceUID) else {
                    fail("no study with Study Instance UID \(studyInstanceUID)")
                }
                let patient = showPHI ? try database.patient(pseudonym: study.patientPseudonym) : nil
                let series = try database.series(inStudy: studyInstanceUID).map { series throws(StoreError) in
                    SeriesDetail(series: series, instances: try database.instances(inSeries: series.seriesInstanceUID))
                }
                detail = Detail(study: study, patient: patient, series: series,
                                documents: try database.documents(ofStudy: studyInstanceUID))
            } catch {
                fail("\(error)")
            }
            session.audit.read(Self.auditObjects(detail), details: ["showPHI": String(showPHI)])
            if json { return try printJSON(detail) }
            FileHandle.standardOutput.write(Data(Self.format(detail).utf8))
        }

        /// The patient (when shown), the study and its documents.
        static func auditObjects(_ detail: Detail) -> [ParticipantObject] {
            var objects = detail.patient.map { [ParticipantObject(.patient, id: $0.patientID)] } ?? []
            objects.append(ParticipantObject(.study, id: detail.study.studyInstanceUID))
            objects += detail.documents.map { ParticipantObject(.document, id: String($0.id)) }
            return objects
        }

        static func format(_ detail: Detail) -> String {
            let study = detail.study
            var text = """
                Study \(study.studyInstanceUID)
                  patient      \(study.patientPseudonym)
                  date         \(study.studyDate ?? "-")  \(study.studyTime ?? "")
                  accession    \(study.accessionNumber ?? "-")
                  description  \(study.studyDescription ?? "-")

                """
            if let patient = detail.patient {
                text += "  PHI          \(patient.name ?? "-")  ID \(patient.patientID)  born \(patient.birthDate ?? "-")  sex \(patient.sex ?? "-")\n"
            }
            for part in detail.series {
                let series = part.series
                text += "  Series \(series.seriesNumber.map(String.init) ?? "-") \(series.modality ?? "-") \(series.seriesDescription ?? "")  \(series.seriesInstanceUID)\n"
                for instance in part.instances {
                    let size = instance.rows.flatMap { r in instance.columns.map { "\(r)x\($0)" } } ?? "no pixels"
                    text += "    \(instance.instanceNumber.map(String.init) ?? "-")  \(size)  \(instance.numberOfFrames) frame(s)  \(instance.sopInstanceUID)\n"
                }
            }
            for document in detail.documents {
                text += "  Document \(document.id) \(document.kind.rawValue) \(document.title ?? "")  \(document.text.unicodeScalars.count) characters\n"
            }
            return text
        }
    }
}
