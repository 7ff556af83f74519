/// Why a mask could not be imported.
public enum MaskImportError: Error, Hashable, Sendable, CustomStringConvertible {
    case png(PNGReadError)
    case nifti(NIfTIError)
    /// The imported plane's size differs from the image frame it is for.
    case sizeMismatch(importedColumns: Int, importedRows: Int, imageColumns: Int, imageRows: Int)
    /// A raw bitmap holds a different number of bytes than its layout and the frame size need.
    case byteCountMismatch(expected: Int, actual: Int)
    /// The imported values do not form a valid plane for the frame (a frame geometry with a
    /// negative size, say).
    case invalidPlane(AnnotationError)
    /// A volume has a different number of frames than the images it is for.
    case frameCountMismatch(imported: Int, image: Int)

    public var description: String {
        switch self {
        case .png(let error): error.description
        case .nifti(let error): error.description
        case .sizeMismatch(let importedColumns, let importedRows, let imageColumns, let imageRows):
            "the mask is \(importedColumns) × \(importedRows) pixels but the image is \(imageColumns) × \(imageRows)"
        case .byteCountMismatch(let expected, let actual):
            "the raw bitmap has \(actual) bytes; the frame needs \(expected)"
        case .invalidPlane(let error): error.description
        case .frameCountMismatch(let imported, let image):
            "the mask volume has \(imported) frames but the images have \(image)"
        }
    }
}
