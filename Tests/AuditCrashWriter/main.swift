import Audit
import Foundation

// Appends events to the audit log in DIR from THREADS threads until it is killed, printing
// "ack SEQ LABEL" on stdout after each append returns. The fault tests SIGKILL it at random
// moments and then check that every acknowledged entry is in the log.
//
// usage: concord-audit-crash-writer DIR KEYFILE WRITER-NAME THREADS

/// One writer thread: append, acknowledge, repeat.
func appendForever(log: SQLiteAuditLog, writer: String, thread: Int, output: NSLock) -> Never {
    let actor = ActiveParticipant(userID: writer, role: "fault-test", networkAccessPoint: "127.0.0.1")
    var counter = 0
    while true {
        counter += 1
        let label = "\(writer)-\(thread)-\(counter)"
        do {
            let seq = try log.append(AuditEvent(.instancesAccessed, action: .read, actor: actor).involving(.study, id: label))
            let line = Array("ack \(seq) \(label)\n".utf8)
            output.withLock { _ = line.withUnsafeBytes { write(1, $0.baseAddress, $0.count) } }
        } catch {
            FileHandle.standardError.write(Data("append failed: \(error)\n".utf8))
            exit(1)
        }
    }
}

let arguments = CommandLine.arguments
guard arguments.count == 5, let threads = Int(arguments[4]) else {
    FileHandle.standardError.write(Data("usage: concord-audit-crash-writer DIR KEYFILE WRITER THREADS\n".utf8))
    exit(2)
}
do {
    let log = try SQLiteAuditLog(directory: arguments[1], keys: try AuditKeys(contentsOf: arguments[2]), checkpointInterval: 50)
    let output = NSLock()
    // Plain threads, not concurrentPerform: its pool is only as wide as the CPU count and these
    // loops never end, so the other writers would never start.
    for thread in 0..<threads {
        Thread.detachNewThread { appendForever(log: log, writer: arguments[3], thread: thread, output: output) }
    }
    while true { sleep(60) }
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
