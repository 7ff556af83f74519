import ArgumentParser
import Audit
import DICOM
import Foundation
import Store

/// `--data DIR --instance SOP_UID`: read a stored image instead of a file (dump, decode, render).
///
/// The bytes come from the store exactly as they were ingested, and the access is recorded in
/// the audit log (DCM 110103, read) before anything of the image is shown.
struct StoredInstanceOptions: ParsableArguments {
    @Option(name: .customLong("data"), help: ArgumentHelp("With --instance: the data directory to read from.", valueName: "DIR"))
    var directory: String?

    @Option(help: ArgumentHelp("SOP Instance UID of a stored image, read instead of a file (needs --data).", valueName: "SOP_UID"))
    var instance: String?

    /// Whether a stored image was asked for.
    var isGiven: Bool { instance != nil }

    func validate() throws {
        if (directory == nil) != (instance == nil) { throw ValidationError("--data and --instance go together.") }
    }

    /// The stored image's bytes, after recording the read as `command`; exits 1 when the image
    /// is not stored.
    func read(command: String) -> ByteStorage {
        guard let directory, let instance else { fail("--data and --instance go together") }
        let session = openStoreSession(directory: directory, command: command, role: "reader")
        guard let bytes = orFail({ try session.store.originalBytes(of: instance) }) else {
            fail("no image with SOP Instance UID \(instance) in \(directory)")
        }
        session.audit.read([ParticipantObject(.instance, id: instance)])
        return ByteStorage(copying: bytes)
    }
}

/// `--data DIR --document ID`: read a stored report instead of a file (nlp).
struct StoredDocumentOptions: ParsableArguments {
    @Option(name: .customLong("data"), help: ArgumentHelp("With --document: the data directory to read from.", valueName: "DIR"))
    var directory: String?

    @Option(help: ArgumentHelp("A stored document's identifier (from `concord document add`), read instead of a file (needs --data).",
                               valueName: "ID"))
    var document: Int64?

    var isGiven: Bool { document != nil }

    func validate() throws {
        if (directory == nil) != (document == nil) { throw ValidationError("--data and --document go together.") }
    }

    /// The stored document's text, after recording the read as `command`; exits 1 when the
    /// document is not stored.
    func read(command: String) -> String {
        guard let directory, let document else { fail("--data and --document go together") }
        let session = openStoreSession(directory: directory, command: command, role: "reader")
        return readDocument(document, in: session)
    }
}

/// Document `id` from the session's store, its read recorded (document and study) before the
/// text is returned; exits 1 when there is no such document.
func readDocument(_ id: Int64, in session: StoreSession) -> String {
    guard let stored = orFail({ try session.store.document(id) }) else { fail("no document \(id) in the store") }
    session.audit.read([ParticipantObject(.document, id: String(id)), ParticipantObject(.study, id: stored.studyInstanceUID)])
    return stored.text
}
