import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Advisory locks (`flock`) that serialise opening the store and tell an opener whether it is
/// alone.
///
/// Every open store holds a *shared* lock on `session.lock` for as long as it lives. The recovery
/// sweep, which deletes blobs no row refers to, may only run when no other process is between
/// writing a blob and committing its row — that is, when nobody else holds `session.lock`.
///
/// Opening goes: take `open.lock` exclusively (other openers wait here) → create or migrate the
/// database → if an exclusive lock on `session.lock` can be had without waiting, this process
/// is alone and may sweep → ``finishOpening()`` settles for the shared lock and releases
/// `open.lock`. The kernel drops a killed process's locks, so a crash never leaves the store
/// locked.
final class SessionLock: @unchecked Sendable {
    private let sessionDescriptor: Int32
    private var openDescriptor: Int32?

    /// Takes `open.lock` in `directory`, waiting for other openers.
    init(directory: URL) throws(StoreError) {
        let opening = try Self.openLockFile(directory.appendingPathComponent("open.lock").path)
        do { try Self.lock(opening, LOCK_EX, path: "open.lock") } catch {
            close(opening)
            throw error
        }
        do {
            sessionDescriptor = try Self.openLockFile(directory.appendingPathComponent("session.lock").path)
        } catch {
            close(opening)
            throw error
        }
        openDescriptor = opening
    }

    /// Whether no other process has the store open. Call it before ``finishOpening()``; when it
    /// returns true this process holds `session.lock` exclusively until then.
    func isAlone() -> Bool {
        flock(sessionDescriptor, LOCK_EX | LOCK_NB) == 0
    }

    /// Holds `session.lock` shared for the life of this object and lets the next opener in.
    func finishOpening() throws(StoreError) {
        try Self.lock(sessionDescriptor, LOCK_SH, path: "session.lock")
        if let openDescriptor { close(openDescriptor) }
        openDescriptor = nil
    }

    deinit {
        if let openDescriptor { close(openDescriptor) }
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
