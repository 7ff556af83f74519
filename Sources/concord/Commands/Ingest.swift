import ArgumentParser
import Audit
import Foundation
import Store

/// `concord ingest PATH…`: stores DICOM files and folders and says what happened to each.
struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Store DICOM files (and every file below the given folders) in the data directory.",
        discussion: """
            Files are parsed in parallel and stored with their original bytes unchanged. The \
            summary counts files ingested, already present (same SOP Instance UID and same \
            bytes), conflicts (same UID, different bytes: kept aside, never overwriting) and \
            rejected (not DICOM or corrupt, each with its reason). Running it again on the same \
            files changes nothing. Hidden files and folders are skipped. Exits 0 when every file \
            was ingested or already present, 2 when some were conflicts or rejected, 1 when the \
            store failed.
            """
    )

    @OptionGroup var store: StoreOptions

    @Argument(help: "DICOM files or folders.")
    var paths: [String]

    @Flag(help: "Print the summary as JSON on stdout.")
    var json = false

    @Option(help: "Files parsed side by side and stored in one transaction.")
    var batchSize = 256

    @Flag(help: "No progress on stderr.")
    var quiet = false

    func validate() throws {
        if batchSize < 1 { throw ValidationError("--batch-size must be 1 or more.") }
    }

    func run() throws {
        let session = store.open(command: "ingest", role: "steward")
        let showProgress = !quiet
        let summary: IngestSummary
        do {
            let journal = AuditedIngestJournal(audit: session.audit)
            summary = try Ingestor(store: session.store, batchSize: batchSize, journal: journal).ingest(paths: paths) { progress in
                guard showProgress else { return }
                FileHandle.standardError.write(Data("\rconcord: ingest \(progress.filesDone)/\(progress.filesTotal) files".utf8))
            }
            if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
        } catch {
            session.audit.record(AuditEvent(.import, action: .create, outcome: .seriousFailure, actor: session.audit.actor)
                .detail("refused", "\(error)"))
            fail("ingest stopped: \(error)")
        }
        session.audit.record(Self.auditEvent(summary, actor: session.audit.actor))
        if json {
            try printJSON(summary)
        } else {
            var text = """
                ingested:        \(summary.ingested)
                already present: \(summary.alreadyPresent)
                conflicts:       \(summary.conflicts.count)
                rejected:        \(summary.rejected.count)

                """
            for conflict in summary.conflicts {
                text += "conflict: \(conflict.sourcePath): SOP Instance UID \(conflict.sopInstanceUID) is stored with other bytes (kept aside as \(conflict.incomingBlob))\n"
            }
            for rejection in summary.rejected {
                text += "rejected: \(rejection.path): \(rejection.reason)\n"
            }
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        if !summary.conflicts.isEmpty || !summary.rejected.isEmpty { throw ExitCode(2) }
    }

    /// DCM 110107 "Import" (PS3.15 A.5.3.6) closing the run: its counts, with a minor-failure
    /// outcome when files were conflicts or rejected. The instances were named batch by batch
    /// (``AuditedIngestJournal``), so this summary names none.
    static func auditEvent(_ summary: IngestSummary, actor: ActiveParticipant) -> AuditEvent {
        let refused = summary.conflicts.count + summary.rejected.count
        return AuditEvent(.import, action: .create, outcome: refused == 0 ? .success : .minorFailure, actor: actor,
                          details: ["ingested": String(summary.ingested), "alreadyPresent": String(summary.alreadyPresent),
                                    "conflicts": String(summary.conflicts.count), "rejected": String(summary.rejected.count)])
    }
}
