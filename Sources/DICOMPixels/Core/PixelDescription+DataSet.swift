import DICOM

extension PixelDescription {
    /// The photometric interpretations pydicom accepts (PS3.3 C.7.6.3.1.2, retired ones
    /// included); anything else is refused before decoding.
    static let knownPhotometricInterpretations: Set<String> = [
        "MONOCHROME1", "MONOCHROME2", "PALETTE COLOR", "RGB", "YBR_FULL", "YBR_FULL_422",
        "YBR_ICT", "YBR_RCT", "HSV", "ARGB", "CMYK", "YBR_PARTIAL_422", "YBR_PARTIAL_420",
    ]

    /// Reads the Image Pixel module of `dataSet` and checks that the values describe pixels
    /// that can be decoded, with the same rules as pydicom's decoder validation: Rows,
    /// Columns, Samples per Pixel, Photometric Interpretation and Bits Allocated are always
    /// required; Bits Stored and Pixel Representation for integer Pixel Data; Planar
    /// Configuration when there are three samples. A missing or zero Number of Frames means 1.
    ///
    /// ```swift
    /// let file = try DICOMFile(path: "ct.dcm")
    /// let description = try PixelDescription(dataSet: file.dataSet)
    /// description.decodedFrameLength    // 512 * 512 * 2
    /// ```
    ///
    /// - Throws: ``PixelDataError/noPixelData`` without a pixel data element,
    ///   ``PixelDataError/missingAttribute(_:keyword:)`` and
    ///   ``PixelDataError/invalidAttribute(_:keyword:reason:)`` naming the attribute.
    public init(dataSet: DataSet) throws(PixelDataError) {
        let storage = try Self.storage(in: dataSet)

        guard let rows = try Self.integer(.rows, "Rows", in: dataSet) else {
            throw .missingAttribute(.rows, keyword: "Rows")
        }
        guard (1...65535).contains(rows) else {
            throw .invalidAttribute(.rows, keyword: "Rows", reason: "is \(rows); it must be 1 to 65535")
        }
        guard let columns = try Self.integer(.columns, "Columns", in: dataSet) else {
            throw .missingAttribute(.columns, keyword: "Columns")
        }
        guard (1...65535).contains(columns) else {
            throw .invalidAttribute(.columns, keyword: "Columns", reason: "is \(columns); it must be 1 to 65535")
        }

        guard let samples = try Self.integer(.samplesPerPixel, "SamplesPerPixel", in: dataSet) else {
            throw .missingAttribute(.samplesPerPixel, keyword: "SamplesPerPixel")
        }
        guard samples == 1 || samples == 3 else {
            throw .invalidAttribute(.samplesPerPixel, keyword: "SamplesPerPixel", reason: "is \(samples); it must be 1 or 3")
        }
        var isPlanar = false
        if samples == 3 {
            guard let planar = try Self.integer(.planarConfiguration, "PlanarConfiguration", in: dataSet) else {
                throw .missingAttribute(.planarConfiguration, keyword: "PlanarConfiguration")
            }
            guard planar == 0 || planar == 1 else {
                throw .invalidAttribute(.planarConfiguration, keyword: "PlanarConfiguration", reason: "is \(planar); it must be 0 or 1")
            }
            isPlanar = planar == 1
        }

        guard let photometric = dataSet.string(.photometricInterpretation), !photometric.isEmpty else {
            throw .missingAttribute(.photometricInterpretation, keyword: "PhotometricInterpretation")
        }
        guard Self.knownPhotometricInterpretations.contains(photometric) else {
            throw .invalidAttribute(.photometricInterpretation, keyword: "PhotometricInterpretation",
                                    reason: "is \"\(photometric)\", which is not a defined photometric interpretation")
        }

        guard let bitsAllocated = try Self.integer(.bitsAllocated, "BitsAllocated", in: dataSet) else {
            throw .missingAttribute(.bitsAllocated, keyword: "BitsAllocated")
        }
        // Samples are handed out in 1, 2, 4 or 8-byte containers (numpy has no 3-byte integer).
        guard [1, 8, 16, 32, 64].contains(bitsAllocated) else {
            throw .invalidAttribute(.bitsAllocated, keyword: "BitsAllocated",
                                    reason: "is \(bitsAllocated); it must be 1, 8, 16, 32 or 64")
        }

        var bitsStored = bitsAllocated
        var isSigned = false
        switch storage {
        case .float, .double:
            let required = storage == .float ? 32 : 64
            let keyword = storage == .float ? "Float Pixel Data" : "Double Float Pixel Data"
            guard bitsAllocated == required else {
                throw .invalidAttribute(.bitsAllocated, keyword: "BitsAllocated",
                                        reason: "is \(bitsAllocated); \(keyword) needs \(required)")
            }
        case .integer:
            guard let stored = try Self.integer(.bitsStored, "BitsStored", in: dataSet) else {
                throw .missingAttribute(.bitsStored, keyword: "BitsStored")
            }
            guard stored >= 1, stored <= bitsAllocated else {
                throw .invalidAttribute(.bitsStored, keyword: "BitsStored",
                                        reason: "is \(stored); it must be 1 to Bits Allocated (\(bitsAllocated))")
            }
            bitsStored = stored
            guard let representation = try Self.integer(.pixelRepresentation, "PixelRepresentation", in: dataSet) else {
                throw .missingAttribute(.pixelRepresentation, keyword: "PixelRepresentation")
            }
            guard representation == 0 || representation == 1 else {
                throw .invalidAttribute(.pixelRepresentation, keyword: "PixelRepresentation",
                                        reason: "is \(representation); it must be 0 (unsigned) or 1 (signed)")
            }
            isSigned = representation == 1
        }
        // High Bit is informational: pydicom, like most readers, assumes Bits Stored - 1.
        let highBit = (try? Self.integer(.highBit, "HighBit", in: dataSet)) ?? nil

        // A zero (or empty) Number of Frames is a common writer bug; pydicom reads it as 1.
        var frames = 1
        if let declared = try Self.integer(.numberOfFrames, "NumberOfFrames", in: dataSet) {
            guard declared >= 0 else {
                throw .invalidAttribute(.numberOfFrames, keyword: "NumberOfFrames", reason: "is \(declared); it must be at least 1")
            }
            frames = max(declared, 1)
        }

        self.init(rows: rows, columns: columns, samplesPerPixel: samples, bitsAllocated: bitsAllocated,
                  bitsStored: bitsStored, highBit: highBit ?? bitsStored - 1, isSigned: isSigned, isPlanar: isPlanar,
                  photometricInterpretation: photometric, numberOfFrames: frames, storage: storage)
    }

    /// Which of the three pixel data elements holds the pixels; exactly one may be present.
    static func storage(in dataSet: DataSet) throws(PixelDataError) -> Storage {
        let candidates: [(Tag, String, Storage)] = [(.pixelData, "PixelData", .integer), (.floatPixelData, "FloatPixelData", .float),
                                                    (.doubleFloatPixelData, "DoubleFloatPixelData", .double)]
        let present = candidates.filter { dataSet.contains($0.0) }
        guard let first = present.first else { throw .noPixelData }
        guard present.count == 1 else {
            throw .invalidAttribute(first.0, keyword: first.1,
                                    reason: "is present together with another pixel data element; only one of (7FE0,0008), (7FE0,0009) and (7FE0,0010) may be")
        }
        return first.2
    }

    /// The first integer value of `tag`: nil when the element is absent or empty, an error
    /// when it holds something that is not an integer (an IS value of "1A", a truncated US).
    static func integer(_ tag: Tag, _ keyword: String, in dataSet: DataSet) throws(PixelDataError) -> Int? {
        guard let element = dataSet[tag], !element.isEmpty else { return nil }
        // An IS value of only padding is as good as absent (pydicom reads it as None).
        if element.vr.isString, dataSet.strings(tag).allSatisfy(\.isEmpty) { return nil }
        if let value = dataSet.integers(tag).first { return value }
        if let text = dataSet.string(tag) {
            throw .invalidAttribute(tag, keyword: keyword, reason: "is \"\(text)\", which is not an integer")
        }
        throw .invalidAttribute(tag, keyword: keyword, reason: "has no readable integer value (VR \(element.vr), \(element.bytes?.count ?? 0) bytes)")
    }
}
