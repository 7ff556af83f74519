import ArgumentParser
import Audit
import Foundation

/// `concord audit show`: decrypt and print entries.
struct AuditShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Decrypt and print audit entries (all, or one by --index).",
        discussion: """
            Entries whose data key was destroyed are listed as sealed. Reading the log is itself \
            recorded, as an "Audit Log Used" event (DICOM PS3.15 A.5.3.2).
            """
    )

    @OptionGroup var location: AuditLocation

    @Option(help: "Only the entry with this sequence number.")
    var index: UInt64?

    @Flag(help: "Print the entries as JSON.")
    var json = false

    func run() throws {
        try AuditOutput.run {
            let keys = try location.keys()
            var events = try location.reader().events(keys: keys)
            if let index { events = events.filter { $0.sequence == index } }
            try location.recordUse(command: "audit show", keys: keys)
            try AuditEventPrinter.print(events, json: json)
        }
    }
}

/// `concord audit query`: decrypt and filter entries.
struct AuditQueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Decrypt the log and print the entries matching every filter given.",
        discussion: """
            Times are ISO 8601 (2026-11-26T18:00:00Z); --since is inclusive, --until exclusive. \
            Changes are recorded twice, an intent (details phase=intent) before the write and a \
            result (phase=committed or refused, intent=its sequence number) after; \
            --interrupted lists the intents no result names, changes whose process stopped in \
            between and which may or may not have been written. Reading the log is itself \
            recorded, as an "Audit Log Used" event.
            """
    )

    @OptionGroup var location: AuditLocation

    @Option(help: "The acting user's id.")
    var user: String?

    @Option(help: "An object id (patient ID, Study or SOP Instance UID, annotation id …).")
    var object: String?

    @Option(help: "The object kind: \(ParticipantObject.Kind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kind: String?

    @Option(help: "The action: C, R, U, D or E.")
    var action: String?

    @Option(help: "Entries at or after this time.")
    var since: String?

    @Option(help: "Entries before this time.")
    var until: String?

    @Flag(help: "Only interrupted changes: intents that no result names.")
    var interrupted = false

    @Flag(help: "Print the entries as JSON.")
    var json = false

    func validate() throws {
        if let kind, ParticipantObject.Kind(rawValue: kind) == nil { throw ValidationError("unknown --kind \(kind)") }
        if let action, AuditAction(rawValue: action) == nil { throw ValidationError("--action must be one of C, R, U, D, E") }
        for time in [since, until].compactMap({ $0 }) where Self.parseTime(time) == nil {
            throw ValidationError("\(time) is not an ISO 8601 time such as 2026-11-26T18:00:00Z")
        }
    }

    func run() throws {
        try AuditOutput.run {
            let query = AuditQuery(
                userID: user, objectID: object, objectKind: kind.flatMap(ParticipantObject.Kind.init(rawValue:)),
                action: action.flatMap(AuditAction.init(rawValue:)),
                from: since.flatMap(Self.parseTime), to: until.flatMap(Self.parseTime))
            let reader = try location.reader()
            let keys = try location.keys()
            // A result may name other objects than its intent, so intents are matched against
            // every result before the filters apply.
            let events = interrupted
                ? try reader.events(keys: keys).interruptedChanges().filter { $0.event.map(query.matches) ?? false }
                : try reader.events(matching: query, keys: keys)
            try location.recordUse(command: "audit query", keys: keys)
            try AuditEventPrinter.print(events, json: json)
        }
    }

    /// ISO 8601 with milliseconds, as entries are printed; a value type, made once.
    private static let fractionalTime = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    static func parseTime(_ text: String) -> Date? {
        (try? Date.ISO8601FormatStyle().parse(text)) ?? (try? fractionalTime.parse(text))
    }
}

/// Text and JSON forms of decrypted entries.
enum AuditEventPrinter {
    static func print(_ events: [RecordedEvent], json: Bool) throws {
        if json { return try printJSON(events.map(Entry.init)) }
        for recorded in events {
            guard let event = recorded.event else {
                AuditOutput.print("#\(recorded.sequence) sealed under destroyed data key \(recorded.keyID)")
                continue
            }
            let objects = event.participants.map { "\($0.kind.rawValue)=\($0.id)" }
            let details = event.details.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            let fields = ["#\(recorded.sequence)", timestamp(event.time), event.action.rawValue, "\(event.outcome)",
                          "\(event.actor.userID) (\(event.actor.role) @\(event.actor.networkAccessPoint))",
                          event.eventID.meaning] + objects + details
            AuditOutput.print(fields.joined(separator: "  "))
        }
    }

    private static let fractionalTime = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    static func timestamp(_ date: Date) -> String {
        fractionalTime.format(date)
    }

    /// One entry in `--json` output.
    struct Entry: Encodable {
        struct Object: Encodable {
            var kind: String
            var id: String
            var typeCode: UInt8
            var roleCode: UInt8
        }

        var sequence: UInt64
        var keyID: Int64
        var sealed: Bool
        var eventID: AuditEventID?
        var action: String?
        var outcome: UInt8?
        var time: String?
        var actor: ActiveParticipant?
        var objects: [Object]?
        var details: [String: String]?

        init(_ recorded: RecordedEvent) {
            sequence = recorded.sequence
            keyID = recorded.keyID
            sealed = recorded.event == nil
            guard let event = recorded.event else { return }
            eventID = event.eventID
            action = event.action.rawValue
            outcome = event.outcome.rawValue
            time = AuditEventPrinter.timestamp(event.time)
            actor = event.actor
            objects = event.participants.map { Object(kind: $0.kind.rawValue, id: $0.id, typeCode: $0.kind.typeCode, roleCode: $0.kind.roleCode) }
            details = event.details
        }
    }
}
