/// A DICOM file as PS3.10 stores it: an optional 128-byte preamble, the File Meta
/// Information group, and the data set in the file's transfer syntax.
///
/// ```swift
/// let file = try DICOMFile(path: "ct.dcm")
/// file.transferSyntax.uid           // "1.2.840.10008.1.2.1"
/// file.dataSet.string(.modality)    // "CT"
/// ```
public struct DICOMFile: Sendable {
    /// The 128 preamble bytes, or nil for a bare data set without `DICM`.
    public var preamble: ByteSlice?
    /// Group 0002. Empty when the stream had none.
    public var fileMetaInformation: DataSet
    /// The data set, File Meta excluded.
    public var dataSet: DataSet
    /// The encoding the data set was read with (for a bare data set, what the parser detected).
    public var transferSyntax: TransferSyntax
    /// Set when ``ReadOptions/toleratesTruncation`` let a truncated stream through: what was cut.
    public var truncation: DICOMError?

    public init(preamble: ByteSlice? = nil, fileMetaInformation: DataSet, dataSet: DataSet,
                transferSyntax: TransferSyntax, truncation: DICOMError? = nil) {
        self.preamble = preamble
        self.fileMetaInformation = fileMetaInformation
        self.dataSet = dataSet
        self.transferSyntax = transferSyntax
        self.truncation = truncation
    }

    /// Maps the file at `path` and parses it.
    ///
    /// When only the header is wanted (``ReadOptions/stopBeforePixelData`` or
    /// ``ReadOptions/stopAtTag``), the first ``headerPrefixLength`` bytes are read with one
    /// `pread` and parsed; the file is mapped only if the header runs past them. That keeps
    /// opening a 50 MB multi-frame file as cheap as opening a small one.
    public init(path: String, options: ReadOptions = ReadOptions()) throws(DICOMError) {
        if options.stopBeforePixelData || options.stopAtTag != nil,
           let prefix = try ByteStorage.prefix(path: path, length: Self.headerPrefixLength),
           let (file, reachedEnd) = try? DICOMFileReader(storage: prefix, options: options).readReportingEnd(),
           !reachedEnd {
            self = file
            return
        }
        let storage = try ByteStorage.mapping(path: path)
        self = try DICOMFileReader(storage: storage, options: options).read()
    }

    /// How much of a file a header-only read tries first.
    static let headerPrefixLength = 8 << 10

    /// Parses bytes already in memory.
    public init(storage: ByteStorage, options: ReadOptions = ReadOptions()) throws(DICOMError) {
        self = try DICOMFileReader(storage: storage, options: options).read()
    }
}
