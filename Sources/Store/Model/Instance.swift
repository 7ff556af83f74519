import Annotations

/// One stored DICOM instance (one file): its identity, image geometry and where its bytes are.
public struct Instance: Hashable, Sendable, Codable {
    /// SOP Instance UID (0008,0018): the identity of the file.
    public var sopInstanceUID: String
    /// SOP Class UID (0008,0016): what kind of object it is (CT Image Storage, Segmentation …).
    public var sopClassUID: String?
    /// Series Instance UID of the series it belongs to.
    public var seriesInstanceUID: String
    /// Instance Number (0020,0013).
    public var instanceNumber: Int?
    /// Rows (0028,0010) and Columns (0028,0011) of every frame; nil for objects without pixels.
    public var rows: Int?
    public var columns: Int?
    /// Number of Frames (0028,0008); 1 when the header does not say.
    public var numberOfFrames: Int
    /// Pixel spacing of the first frame, in mm (Pixel Spacing (0028,0030), or the Pixel Measures
    /// functional group of an enhanced multi-frame object). ``ImageStore/geometry(of:)`` has
    /// every frame's.
    public var pixelSpacing: PixelSpacing?
    /// Transfer Syntax UID (0002,0010) the bytes are encoded in.
    public var transferSyntaxUID: String
    /// The SHA-256 of the original file's bytes, kept unchanged in the blob folder.
    public var blob: ContentAddress
    /// The size of the original file in bytes.
    public var byteCount: Int

    public init(sopInstanceUID: String, sopClassUID: String?, seriesInstanceUID: String,
                instanceNumber: Int?, rows: Int?, columns: Int?, numberOfFrames: Int,
                pixelSpacing: PixelSpacing?, transferSyntaxUID: String, blob: ContentAddress,
                byteCount: Int) {
        self.sopInstanceUID = sopInstanceUID
        self.sopClassUID = sopClassUID
        self.seriesInstanceUID = seriesInstanceUID
        self.instanceNumber = instanceNumber
        self.rows = rows
        self.columns = columns
        self.numberOfFrames = numberOfFrames
        self.pixelSpacing = pixelSpacing
        self.transferSyntaxUID = transferSyntaxUID
        self.blob = blob
        self.byteCount = byteCount
    }
}

extension ContentAddress: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let address = ContentAddress(hex: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "not a SHA-256 hex digest: \(text)"))
        }
        self = address
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}
