import DICOM

/// A parsed, hashed DICOM file ready to be stored: its header facts and its original bytes.
public struct IngestCandidate: Sendable {
    /// Where the file was read from (reported back, never stored as identity).
    public var sourcePath: String
    /// The original bytes, kept unchanged in the blob folder.
    public var bytes: ByteStorage
    /// SHA-256 of ``bytes``.
    public var address: ContentAddress
    /// What the store files the instance under.
    public var header: InstanceHeader

    /// Parses the header of `bytes` and hashes them.
    ///
    /// - Throws: ``IngestRejection`` with the parser's or the store's reason.
    public init(sourcePath: String, bytes: ByteStorage) throws(IngestRejection) {
        var options = ReadOptions()
        options.stopBeforePixelData = true
        let file: DICOMFile
        do { file = try DICOMFile(storage: bytes, options: options) } catch {
            throw IngestRejection(path: sourcePath, reason: error.description)
        }
        let address = ContentAddress(hashing: bytes.bytes)
        do {
            header = try InstanceHeader(file: file, blob: address, byteCount: bytes.count)
        } catch {
            throw IngestRejection(path: sourcePath, reason: error.description)
        }
        self.sourcePath = sourcePath
        self.bytes = bytes
        self.address = address
    }

    /// Maps the file at `path` and parses it (``init(sourcePath:bytes:)``).
    public init(path: String) throws(IngestRejection) {
        let bytes: ByteStorage
        do { bytes = try ByteStorage.mapping(path: path) } catch {
            throw IngestRejection(path: path, reason: error.description)
        }
        try self.init(sourcePath: path, bytes: bytes)
    }
}

/// A file that was not stored because it is not DICOM, is corrupt, or cannot be filed.
public struct IngestRejection: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
