/// What storing one candidate did.
public enum IngestOutcome: Hashable, Sendable {
    /// Stored now: new blob (unless identical bytes were already kept aside) and new rows.
    case ingested(sopInstanceUID: String)
    /// An instance with this SOP Instance UID and the very same bytes is already stored;
    /// nothing changed.
    case alreadyPresent(sopInstanceUID: String)
    /// An instance with this SOP Instance UID but different bytes is already stored. The stored
    /// one is untouched; the new bytes are kept aside in the blob folder and recorded as a
    /// conflict for someone to resolve.
    case conflict(IngestConflict)
}

/// Two files claiming the same SOP Instance UID with different bytes.
public struct IngestConflict: Hashable, Sendable, Codable {
    public var sopInstanceUID: String
    /// The file that arrived second.
    public var sourcePath: String
    /// The bytes already stored under the UID.
    public var storedBlob: ContentAddress
    /// The bytes that arrived, kept aside.
    public var incomingBlob: ContentAddress

    public init(sopInstanceUID: String, sourcePath: String, storedBlob: ContentAddress, incomingBlob: ContentAddress) {
        self.sopInstanceUID = sopInstanceUID
        self.sourcePath = sourcePath
        self.storedBlob = storedBlob
        self.incomingBlob = incomingBlob
    }
}
