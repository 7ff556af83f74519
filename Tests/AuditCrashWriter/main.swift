import Audit
import Foundation

// Appends events to the audit log in DIR from THREADS threads until it is killed, printing
// "ack SEQ WRITER" on stdout after each append returns. The fault tests SIGKILL it at random
// moments and then check that every acknowledged entry is in the log.
//
// usage: concord-audit-crash-writer DIR KEYFILE WRITER-NAME THREADS

let arguments = CommandLine.arguments
guard arguments.count == 5, let threads = Int(arguments[4]) else {
    FileHandle.standardError.write(Data("usage: concord-audit-crash-writer DIR KEYFILE WRITER THREADS\n".utf8))
    exit(2)
}
let writer = arguments[3]
do {
    let log = try SQLiteAuditLog(directory: arguments[1], keys: try AuditKeys(contentsOf: arguments[2]), checkpointInterval: 50)
    let output = NSLock()
    let actor = ActiveParticipant(userID: writer, role: "fault-test", networkAccessPoint: "127.0.0.1")
    DispatchQueue.concurrentPerform(iterations: threads) { thread in
        var counter = 0
        while true {
            counter += 1
            let label = "\(writer)-\(thread)-\(counter)"
            do {
                let seq = try log.append(AuditEvent(.instancesAccessed, action: .read, actor: actor)
                    .involving(.study, id: label))
                output.lock()
                let line = Array("ack \(seq) \(label)\n".utf8)
                _ = line.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
                output.unlock()
            } catch {
                FileHandle.standardError.write(Data("append failed: \(error)\n".utf8))
                exit(1)
            }
        }
    }
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
