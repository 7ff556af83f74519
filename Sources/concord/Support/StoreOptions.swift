import Audit
import ArgumentParser
import Foundation
import Ontology
import Store

/// `--data DIR`, shared by every command that reads or writes the store.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("data"), help: ArgumentHelp("The data directory.", valueName: "DIR"))
    var directory = "./.concord"

    /// Opens the audit log and the store: see ``openStoreSession(directory:command:role:checkingAgainst:)``.
    func open(command: String, role: String, checkingAgainst ontology: Ontology? = nil) -> StoreSession {
        openStoreSession(directory: directory, command: command, role: role, checkingAgainst: ontology)
    }
}

/// Opens the audit log and the store in `directory`, or prints why they cannot be opened and
/// exits 1.
///
/// The log is opened first (and made, for a brand-new directory: see
/// ``openAuditLogForStore(dataDirectory:)``), so a missing key stops the command before it
/// reads or writes anything.
///
/// - Parameters:
///   - command: the subcommand, as recorded in each audit event ("study show").
///   - role: the role the user acts in ("annotator", "steward", "reader").
///   - ontology: the concepts annotation writes are checked against; commands that only read
///     leave it out.
func openStoreSession(directory: String, command: String, role: String, checkingAgainst ontology: Ontology? = nil) -> StoreSession {
    let log: SQLiteAuditLog
    do { log = try openAuditLogForStore(dataDirectory: directory) } catch { fail("\(error)") }
    let store: any ConcordStore
    do {
        store = try SQLiteStore(directory: URL(fileURLWithPath: directory, isDirectory: true), ontology: ontology)
    } catch {
        fail("\(directory): \(error)")
    }
    return StoreSession(store: store, audit: AuditTrail(log: log, actor: .commandLineUser(role: role), command: command))
}

/// A command's handle on the data directory: the store, and the audit trail through which it
/// records every read of stored PHI and every change.
struct StoreSession {
    let store: any ConcordStore
    let audit: AuditTrail
}

/// Prints `message` on stderr as `concord: message` and exits with status 1.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("concord: \(message)\n".utf8))
    Concord.exit(withError: ExitCode(1))
}

/// Writes `value` as pretty, key-sorted JSON and a newline on stdout.
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    var data = try encoder.encode(value)
    data.append(0x0A)
    FileHandle.standardOutput.write(data)
}
