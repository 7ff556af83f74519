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
/// sha256/9f/9f86d081884c7d65…   one file per distinct content, never modified
/// tmp/                           files being written; anything here after a crash is garbage
/// ```
///
/// A blob appears under its name only complete: ``put(_:address:)`` writes into `tmp/`,
/// `fsync`s the file and then `rename`s it into place, which POSIX makes atomic. A reader therefore
/// sees either no file or the whole file, whatever moment the writer is killed at.
/// ``makeDurable(_:)`` then `fsync`s the directories the names were added to, so that the names
/// survive a power loss too; the database may refer to a blob only after that.
public struct BlobStore: Sendable {
    /// The folder holding `sha256/` and `tmp/`.
    public let root: URL

    /// Opens (creating if needed) the blob folder at `root`.
    public init(root: URL) throws(StoreError) {
        self.root = root
        for folder in [root, objectsFolder, temporaryFolder] {
            try Self.makeDirectory(folder)
        }
    }

    var objectsFolder: URL { root.appendingPathComponent("sha256", isDirectory: true) }
    var temporaryFolder: URL { root.appendingPathComponent("tmp", isDirectory: true) }

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
        try Self.makeDirectory(fanOutFolder(for: address))
        let temporary = temporaryFolder.appendingPathComponent("\(address.hex).\(UUID().uuidString)").path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o444)
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
        guard fsync(fd) == 0 else {
            let error = Self.ioError(temporary)
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        guard rename(temporary, destination) == 0 else {
            let error = Self.ioError(destination)
            unlink(temporary)
            throw error
        }
        return true
    }

    /// Makes the names of these blobs durable by syncing the folders they were renamed into.
    ///
    /// Call it before committing rows that refer to blobs written by ``put(_:address:)``.
    public func makeDurable(_ addresses: some Sequence<ContentAddress>) throws(StoreError) {
        var folders = Set(addresses.map { fanOutFolder(for: $0).path })
        if !folders.isEmpty { folders.insert(objectsFolder.path) }
        for folder in folders.sorted() {
            try Self.syncDirectory(folder)
        }
    }

    /// Every address stored, in no particular order.
    public func allAddresses() throws(StoreError) -> [ContentAddress] {
        let manager = FileManager.default
        let fanOuts: [String]
        do { fanOuts = try manager.contentsOfDirectory(atPath: objectsFolder.path) } catch {
            throw .io(path: objectsFolder.path, reason: error.localizedDescription)
        }
        var addresses: [ContentAddress] = []
        for fanOut in fanOuts {
            let folder = objectsFolder.appendingPathComponent(fanOut).path
            guard let names = try? manager.contentsOfDirectory(atPath: folder) else { continue }
            addresses += names.compactMap(ContentAddress.init(hex:))
        }
        return addresses
    }

    /// Deletes one blob. Only the recovery sweep calls this, for blobs no row refers to.
    func remove(_ address: ContentAddress) throws(StoreError) {
        let file = path(for: address)
        guard unlink(file) == 0 || errno == ENOENT else { throw Self.ioError(file) }
    }

    /// Deletes every half-written file left in `tmp/` by a writer that was killed.
    func removeTemporaryFiles() throws(StoreError) {
        let folder = temporaryFolder.path
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names {
            let file = folder + "/" + name
            guard unlink(file) == 0 || errno == ENOENT else { throw Self.ioError(file) }
        }
    }

    private static func makeDirectory(_ url: URL) throws(StoreError) {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw .io(path: url.path, reason: error.localizedDescription)
        }
    }

    private static func syncDirectory(_ path: String) throws(StoreError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { throw ioError(path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw ioError(path) }
    }

    private static func ioError(_ path: String) -> StoreError {
        .io(path: path, reason: String(cString: strerror(errno)))
    }
}
