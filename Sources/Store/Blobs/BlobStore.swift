import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A folder of immutable files named by the SHA-256 of their bytes.
///
/// Layout under `root`:
///
/// ```
/// sha256/9f/9f86d081884c7d65…           one file per distinct content, never modified
/// sha256/9f/9f86d081884c7d65….tmp-UUID  a blob being written; garbage after a crash
/// pending/UUID                          a writer may have blobs not yet referred to by rows
/// ```
///
/// A blob appears under its name only complete: ``put(_:address:)`` writes a temporary file
/// beside it and then `rename`s it into place, which POSIX makes atomic. A reader therefore sees
/// either no file or the whole file, whatever moment the writer is killed at. (The temporary file
/// lives in the blob's own folder so that the rename never crosses folders, which file systems
/// serialise, and writers spread over 256 folders instead of sharing one.)
/// ``makeDurable()`` then flushes the file system once for the whole batch — contents and names —
/// so that the blobs survive a power loss too; the database may refer to a blob only after that.
/// One `syncfs` per batch replaces an `fsync` per file and per folder, which cost most of an
/// ingest's time.
public struct BlobStore: Sendable {
    /// The folder holding `sha256/`.
    public let root: URL

    /// Opens (creating if needed) the blob folder at `root`.
    public init(root: URL) throws(StoreError) {
        self.root = root
        try Self.makeDirectory(objectsFolder)
        try Self.makeDirectory(pendingFolder)
    }

    // MARK: Write markers

    /// Records, durably, that blobs are about to be written whose rows are not committed yet.
    ///
    /// A writer killed before ``endWriting(_:)`` leaves its marker behind, which is how the next
    /// store to open alone knows that a sweep for orphan blobs is needed — and when no marker is
    /// there, it can skip listing every blob.
    public func beginWriting() throws(StoreError) -> String {
        let marker = pendingFolder.appendingPathComponent(UUID().uuidString).path
        let fd = open(marker, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Self.ioError(marker) }
        close(fd)
        try Self.syncDirectory(pendingFolder.path)
        return marker
    }

    /// Removes the marker once the rows referring to the blobs are committed.
    public func endWriting(_ marker: String) {
        unlink(marker)
    }

    /// Whether a writer may have left blobs without rows.
    var hasUnfinishedWrites: Bool {
        !((try? FileManager.default.contentsOfDirectory(atPath: pendingFolder.path))?.isEmpty ?? true)
    }

    /// Forgets the markers of writers that are gone, after a sweep has cleaned up after them.
    func removeWriteMarkers() throws(StoreError) {
        let folder = pendingFolder.path
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            let file = folder + "/" + name
            guard unlink(file) == 0 || errno == ENOENT else { throw Self.ioError(file) }
        }
    }

    var objectsFolder: URL { root.appendingPathComponent("sha256", isDirectory: true) }
    var pendingFolder: URL { root.appendingPathComponent("pending", isDirectory: true) }

    /// Marks a temporary file; never part of a 64-digit address.
    static let temporaryMarker = ".tmp-"

    /// The path where the blob with this address lives (whether or not it exists yet).
    public func path(for address: ContentAddress) -> String {
        fanOutFolder(for: address).appendingPathComponent(address.hex).path
    }

    private func fanOutFolder(for address: ContentAddress) -> URL {
        objectsFolder.appendingPathComponent(String(address.hex.prefix(2)), isDirectory: true)
    }

    /// Whether a blob with this address is stored.
    public func contains(_ address: ContentAddress) -> Bool {
        access(path(for: address), F_OK) == 0
    }

    /// The stored bytes of a blob, or nil if there is none.
    public func read(_ address: ContentAddress) -> Data? {
        FileManager.default.contents(atPath: path(for: address))
    }

    /// Stores `bytes` under `address` unless a blob with that address exists already.
    ///
    /// The caller has hashed the bytes (``ContentAddress/init(hashing:)``); storing under a wrong
    /// address would break the content addressing, so the store hashes once and passes it along.
    ///
    /// - Returns: true if the blob was written now, false if it was already there.
    @discardableResult
    public func put(_ bytes: UnsafeRawBufferPointer, address: ContentAddress) throws(StoreError) -> Bool {
        let destination = path(for: address)
        if access(destination, F_OK) == 0 { return false }
        // 64 random bits from the system generator, without Foundation's UUID opening /dev/urandom per call.
        let temporary = destination + Self.temporaryMarker + String(UInt64.random(in: .min ... .max), radix: 16)
        var fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o444)
        if fd < 0, errno == ENOENT {
            // The first blob of this fan-out folder; another writer may be creating it too.
            let folder = fanOutFolder(for: address).path
            guard mkdir(folder, 0o755) == 0 || errno == EEXIST else { throw Self.ioError(folder) }
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o444)
        }
        guard fd >= 0 else { throw Self.ioError(temporary) }
        var offset = 0
        while offset < bytes.count, let base = bytes.baseAddress {
            let written = write(fd, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                let error = Self.ioError(temporary)
                close(fd)
                unlink(temporary)
                throw error
            }
            offset += written
        }
        close(fd)
        guard rename(temporary, destination) == 0 else {
            let error = Self.ioError(destination)
            unlink(temporary)
            throw error
        }
        return true
    }

    /// Makes every blob written so far durable, contents and names, with one flush of the file
    /// system holding the folder. Call it before committing rows that refer to blobs written by
    /// ``put(_:address:)``.
    public func makeDurable() throws(StoreError) {
        let path = objectsFolder.path
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw Self.ioError(path) }
        defer { close(fd) }
        #if canImport(Glibc)
        guard linuxSyncFileSystem(fd) == 0 else { throw Self.ioError(path) }
        #else
        // No syncfs here: sync(2) schedules the write-back of every file system, which on Darwin
        // may return before it completes — weaker against power loss, same against kill -9.
        sync()
        #endif
    }

    /// Every address stored, in no particular order.
    public func allAddresses() throws(StoreError) -> [ContentAddress] {
        try allNames().compactMap { ContentAddress(hex: $0.name) }
    }

    /// The name of every file under `sha256/`, with its folder.
    private func allNames() throws(StoreError) -> [(folder: String, name: String)] {
        let manager = FileManager.default
        let fanOuts: [String]
        do { fanOuts = try manager.contentsOfDirectory(atPath: objectsFolder.path) } catch {
            throw .io(path: objectsFolder.path, reason: error.localizedDescription)
        }
        var names: [(folder: String, name: String)] = []
        for fanOut in fanOuts {
            let folder = objectsFolder.appendingPathComponent(fanOut).path
            guard let entries = try? manager.contentsOfDirectory(atPath: folder) else { continue }
            names += entries.map { (folder, $0) }
        }
        return names
    }

    /// Deletes one blob. Only the recovery sweep calls this, for blobs no row refers to.
    func remove(_ address: ContentAddress) throws(StoreError) {
        let file = path(for: address)
        guard unlink(file) == 0 || errno == ENOENT else { throw Self.ioError(file) }
    }

    /// Deletes every half-written temporary file left by a writer that was killed.
    ///
    /// - Returns: how many there were.
    @discardableResult
    func removeTemporaryFiles() throws(StoreError) -> Int {
        var removed = 0
        for (folder, name) in try allNames() where name.contains(Self.temporaryMarker) {
            let file = folder + "/" + name
            guard unlink(file) == 0 || errno == ENOENT else { throw Self.ioError(file) }
            removed += 1
        }
        return removed
    }

    private static func makeDirectory(_ url: URL) throws(StoreError) {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw .io(path: url.path, reason: error.localizedDescription)
        }
    }

    /// `fsync`s a folder, making the names added to it durable.
    static func syncDirectory(_ path: String) throws(StoreError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { throw ioError(path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw ioError(path) }
    }

    private static func ioError(_ path: String) -> StoreError {
        .io(path: path, reason: String(cString: strerror(errno)))
    }
}

#if canImport(Glibc)
/// glibc's `syncfs(2)`, which its Swift module hides behind `_GNU_SOURCE`.
@_silgen_name("syncfs")
private func linuxSyncFileSystem(_ fd: Int32) -> Int32
#endif
