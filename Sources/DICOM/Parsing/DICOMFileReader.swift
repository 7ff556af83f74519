/// Reads a whole stream: preamble and `DICM`, the File Meta group, then the data set in the
/// transfer syntax the meta names (inflating it first for the Deflated syntaxes).
///
/// Streams without a preamble are read as bare data sets when their first element is
/// plausible (a group 0002–0008 tag in either byte order); anything else is not DICOM.
struct DICOMFileReader {
    let storage: ByteStorage
    let options: ReadOptions

    private var bytes: UnsafeRawBufferPointer { storage.bytes }

    func read() throws(DICOMError) -> DICOMFile {
        try readReportingEnd().file
    }

    /// Reads the stream and also says whether the top-level data set ran to the end of the
    /// bytes, rather than stopping at Pixel Data or ``ReadOptions/stopAtTag``. A header read
    /// from a prefix of a file is complete only when it did not.
    func readReportingEnd() throws(DICOMError) -> (file: DICOMFile, reachedEnd: Bool) {
        let hasPreamble = bytes.count >= 132
            && bytes[128] == 0x44 && bytes[129] == 0x49 && bytes[130] == 0x43 && bytes[131] == 0x4D
        let start = hasPreamble ? 132 : 0
        if !hasPreamble { try checkBareDataSet() }

        var parser = DataSetParser(storage: storage, options: options)
        var meta = DataSet()
        var position = start
        if startsWithGroup2(at: start) {
            (meta, position) = try parser.parseDataSet(from: start, boundary: .end(bytes.count), encoding: metaEncoding(at: start),
                                                       characterSet: .default, depth: 0, stopAtGroupChange: 0x0002)
        } else if hasPreamble {
            throw .malformed(offset: start, reason: "File Meta Information (group 0002) is missing after DICM")
        }

        let declared = meta.string(.transferSyntaxUID).map { TransferSyntax(uid: $0) }
        var syntax = declared ?? detectSyntax(at: position)
        var dataStorage = storage
        var dataStart = position
        var inflateTruncation: DICOMError?
        if syntax.isDeflated {
            let (inflated, truncation) = try inflateRaw(UnsafeRawBufferPointer(rebasing: bytes[position...]), startOffset: position,
                                                        limit: options.maxInflatedSize, toleratesTruncation: options.toleratesTruncation)
            dataStorage = ByteStorage(copying: inflated)
            dataStart = 0
            inflateTruncation = truncation
        }
        let dataBytes = dataStorage.bytes
        // Trust the bytes over the declaration: some writers label implicit data explicit.
        if syntax.isExplicitVR, dataBytes.count - dataStart >= 6, !dataBytes.looksLikeVR(at: dataStart + 4) {
            syntax = TransferSyntax(uid: syntax.uid, isExplicitVR: false, isLittleEndian: syntax.isLittleEndian,
                                    isDeflated: syntax.isDeflated, isEncapsulated: syntax.isEncapsulated)
        } else if !syntax.isExplicitVR, declared != nil, dataBytes.count - dataStart >= 6,
                  dataBytes.looksLikeVR(at: dataStart + 4),
                  VR(byte0: dataBytes[dataStart + 4], byte1: dataBytes[dataStart + 5]) != nil {
            syntax = TransferSyntax(uid: syntax.uid, isExplicitVR: true, isLittleEndian: syntax.isLittleEndian,
                                    isDeflated: false, isEncapsulated: false)
        }

        var dataParser = DataSetParser(storage: dataStorage, options: options)
        let encoding = DataSetParser.Encoding(explicitVR: syntax.isExplicitVR, littleEndian: syntax.isLittleEndian)
        var dataSet: DataSet
        var dataEnd: Int
        do throws(DICOMError) {
            (dataSet, dataEnd) = try dataParser.parseDataSet(from: dataStart, boundary: .end(dataBytes.count), encoding: encoding,
                                                       characterSet: .default, depth: 0, isTopLevel: true)
        } catch {
            throw syntax.isDeflated ? error.inInflatedDataSet : error
        }
        if parser.needsResolution {
            try VRResolver.resolve(&meta, ambiguous: parser.ambiguous, isImplicit: false, options: options)
        }
        if dataParser.needsResolution {
            try VRResolver.resolve(&dataSet, ambiguous: dataParser.ambiguous, isImplicit: !syntax.isExplicitVR,
                                   options: options)
        }
        let preamble = hasPreamble ? ByteSlice(storage: storage, range: 0..<128) : nil
        let file = DICOMFile(preamble: preamble, fileMetaInformation: meta, dataSet: dataSet, transferSyntax: syntax,
                         truncation: parser.truncation ?? inflateTruncation ?? dataParser.truncation)
        return (file, syntax.isDeflated || dataEnd >= dataBytes.count)
    }

    private func startsWithGroup2(at offset: Int) -> Bool {
        bytes.count - offset >= 8 && bytes.uint16(at: offset, littleEndian: true) == 0x0002
    }

    /// File Meta is Explicit VR Little Endian (PS3.10 7.1); a few old writers used implicit.
    private func metaEncoding(at offset: Int) -> DataSetParser.Encoding {
        DataSetParser.Encoding(explicitVR: bytes.looksLikeVR(at: offset + 4), littleEndian: true)
    }

    /// A bare data set must start with a plausible element, otherwise this is not DICOM.
    private func checkBareDataSet() throws(DICOMError) {
        guard bytes.count >= 8 else {
            throw .notDICOM(reason: bytes.isEmpty ? "the file is empty" : "only \(bytes.count) bytes, too short for a data element")
        }
        // Groups 0002–0008 open every real data set; zeros and text do not.
        let plausible: ClosedRange<UInt16> = 0x0002...0x0008
        guard plausible.contains(bytes.uint16(at: 0, littleEndian: true))
                || plausible.contains(bytes.uint16(at: 0, littleEndian: false)) else {
            throw .notDICOM(reason: "no DICM prefix at byte 128 and the first bytes are not a DICOM element")
        }
    }

    /// For a data set without a Transfer Syntax UID: explicit when the bytes after the first
    /// tag are a VR, big-endian when the first group only makes sense byte-swapped.
    private func detectSyntax(at offset: Int) -> TransferSyntax {
        guard bytes.count - offset >= 8 else { return .explicitVRLittleEndian }
        let explicit = VR(byte0: bytes[offset + 4], byte1: bytes[offset + 5]) != nil
        let little = bytes.uint16(at: offset, littleEndian: true)
        let big = bytes.uint16(at: offset, littleEndian: false)
        let isLittleEndian = little <= big
        switch (explicit, isLittleEndian) {
        case (true, true): return .explicitVRLittleEndian
        case (true, false): return .explicitVRBigEndian
        default: return .implicitVRLittleEndian
        }
    }
}

extension DICOMError {
    /// Offsets inside a Deflated data set count bytes of the inflated stream, not of the file;
    /// the reason says so.
    var inInflatedDataSet: DICOMError {
        switch self {
        case let .malformed(offset, reason): .malformed(offset: offset, reason: reason + " (offset in the inflated data set)")
        case let .truncated(offset, reason): .truncated(offset: offset, reason: reason + " (offset in the inflated data set)")
        case let .limitExceeded(offset, reason): .limitExceeded(offset: offset, reason: reason + " (offset in the inflated data set)")
        default: self
        }
    }
}
