import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Advisory locks (`flock`) that tell a process opening the store whether it is alone.
///
/// Every open store holds a *shared* lock on `session.lock` for as long as it lives. The recovery
/// sweep, which deletes blobs no row refers to, may only run when no other process is between
/// writing a blob and committing its row — that is, when nobody else holds `session.lock`. So an
/// opener takes `open.lock` exclusively (serialising openers), tries an *exclusive* lock on
/// `session.lock` without waiting, sweeps only if it got it, then settles for the shared lock and
/// releases `open.lock`. The kernel drops a killed process's locks, so a crash never leaves the
/// store locked.
final class SessionLock: Sendable {
    private let sessionDescriptor: Int32

    /// Opens the locks in `directory`. While every other opener waits, runs `prepare` (schema
    /// migration), then `recover` too if this process is the only one with the store open.
    init(directory: URL, prepare: () throws(StoreError) -> Void,
         recover: () throws(StoreError) -> Void) throws(StoreError) {
        let openDescriptor = try Self.openLockFile(directory.appendingPathComponent("open.lock").path)
        defer { close(openDescriptor) }
        try Self.lock(openDescriptor, LOCK_EX, path: "open.lock")
        let session = try Self.openLockFile(directory.appendingPathComponent("session.lock").path)
        do {
            try prepare()
            if flock(session, LOCK_EX | LOCK_NB) == 0 { try recover() }
        } catch {
            close(session)
            throw error
        }
        do { try Self.lock(session, LOCK_SH, path: "session.lock") } catch {
            close(session)
            throw error
        }
        sessionDescriptor = session
    }

    deinit {
        close(sessionDescriptor)
    }

    private static func openLockFile(_ path: String) throws(StoreError) -> Int32 {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(path: path, reason: String(cString: strerror(errno))) }
        return fd
    }

    private static func lock(_ fd: Int32, _ operation: Int32, path: String) throws(StoreError) {
        while flock(fd, operation) != 0 {
            if errno == EINTR { continue }
            throw .io(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
