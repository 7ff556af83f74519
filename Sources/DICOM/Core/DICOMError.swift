/// Why a DICOM stream could not be read or written. Every case says where, so a user can act on it.
public enum DICOMError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes at `offset` do not form a valid DICOM stream.
    case malformed(offset: Int, reason: String)
    /// The stream ends inside the structure that starts or continues at `offset`.
    case truncated(offset: Int, reason: String)
    /// A limit set in ``ReadOptions`` was reached at `offset`.
    case limitExceeded(offset: Int, reason: String)
    /// The file is not DICOM at all (no `DICM` and no plausible data set).
    case notDICOM(reason: String)
    /// The transfer syntax is not one this reader can parse.
    case unsupportedTransferSyntax(uid: String)
    /// The file could not be opened or mapped.
    case io(path: String, reason: String)
    /// A value cannot be encoded or a data set cannot be written.
    case encoding(reason: String)
    /// A DICOM JSON document does not follow PS3.18 F.2.
    case invalidJSON(path: String, reason: String)

    public var description: String {
        switch self {
        case let .malformed(offset, reason): "malformed at byte \(offset): \(reason)"
        case let .truncated(offset, reason): "truncated at byte \(offset): \(reason)"
        case let .limitExceeded(offset, reason): "limit exceeded at byte \(offset): \(reason)"
        case let .notDICOM(reason): "not a DICOM file: \(reason)"
        case let .unsupportedTransferSyntax(uid): "unsupported transfer syntax \(uid)"
        case let .io(path, reason): "I/O error on \(path): \(reason)"
        case let .encoding(reason): "cannot encode: \(reason)"
        case let .invalidJSON(path, reason): "invalid DICOM JSON at \(path): \(reason)"
        }
    }

    /// The byte offset the error refers to, when it has one.
    public var offset: Int? {
        switch self {
        case let .malformed(o, _), let .truncated(o, _), let .limitExceeded(o, _): o
        default: nil
        }
    }
}
