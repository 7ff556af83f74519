/// Turns mask files into planes that fit given image frames.
///
/// Every function checks the imported size against the frame geometry and throws
/// ``MaskImportError`` rather than stretching, cropping or padding.
///
/// ```swift
/// let plane = try MaskImport.binaryPlane(png: pngBytes, for: frameGeometry)
/// let planes = try MaskImport.binaryPlanes(nifti: NIfTIImage(bytes: niiBytes), for: seriesFrames, label: 2)
/// ```
public enum MaskImport {
    /// How a raw bitmap stores one frame, row-major.
    public enum RawLayout: Hashable, Sendable {
        /// One byte per pixel: 0 is outside; for binary planes any other value is inside, for
        /// fractional planes the byte is the fraction (255 = all).
        case bytePerPixel
        /// One bit per pixel, eight pixels per byte, least significant bit first, as DICOM SEG's
        /// BINARY Pixel Data packs them; the last byte is padded with zero bits.
        case packedBits
    }

    // MARK: PNG

    /// A binary plane from a PNG: pixels whose ``PNGImage/maskValues`` are above 0 are set.
    public static func binaryPlane(png bytes: [UInt8], for frame: FrameGeometry) throws(MaskImportError) -> RunLengthBitPlane {
        let values = try maskValues(png: bytes, for: frame)
        return try plane { () throws(AnnotationError) in
            try RunLengthBitPlane(rows: frame.rows, columns: frame.columns, pixels: values)
        }
    }

    /// A fractional plane from a PNG's ``PNGImage/maskValues``.
    public static func fractionalPlane(png bytes: [UInt8], for frame: FrameGeometry) throws(MaskImportError) -> FractionalPlane {
        let values = try maskValues(png: bytes, for: frame)
        return try plane { () throws(AnnotationError) in
            try FractionalPlane(rows: frame.rows, columns: frame.columns, values: values)
        }
    }

    // MARK: Raw bitmaps

    /// A binary plane from a raw bitmap of exactly one frame.
    public static func binaryPlane(raw bytes: [UInt8], layout: RawLayout,
                                   for frame: FrameGeometry) throws(MaskImportError) -> RunLengthBitPlane {
        let count = try pixelCount(of: frame)
        let pixels: [UInt8]
        switch layout {
        case .bytePerPixel:
            guard bytes.count == count else { throw .byteCountMismatch(expected: count, actual: bytes.count) }
            pixels = bytes
        case .packedBits:
            let needed = (count + 7) / 8
            guard bytes.count == needed else { throw .byteCountMismatch(expected: needed, actual: bytes.count) }
            pixels = (0..<count).map { (bytes[$0 / 8] >> ($0 % 8)) & 1 }
        }
        return try plane { () throws(AnnotationError) in
            try RunLengthBitPlane(rows: frame.rows, columns: frame.columns, pixels: pixels)
        }
    }

    /// A fractional plane from one byte per pixel.
    public static func fractionalPlane(raw bytes: [UInt8], for frame: FrameGeometry) throws(MaskImportError) -> FractionalPlane {
        let count = try pixelCount(of: frame)
        guard bytes.count == count else { throw .byteCountMismatch(expected: count, actual: bytes.count) }
        return try plane { () throws(AnnotationError) in
            try FractionalPlane(rows: frame.rows, columns: frame.columns, values: bytes)
        }
    }

    // MARK: NIfTI

    /// One binary plane per frame of `frames` from a NIfTI volume whose frame k lies on
    /// `frames[k]` (see ``NIfTIImage`` for the voxel order).
    ///
    /// - Parameters:
    ///   - label: when given, only voxels equal to it are set (one segment of a label map);
    ///     otherwise every non-zero voxel is.
    ///   - flipsRows: read voxel row j as image row `rows − 1 − j`, for volumes stored bottom-up.
    public static func binaryPlanes(nifti image: NIfTIImage, for frames: [FrameGeometry], label: Double? = nil,
                                    flipsRows: Bool = false) throws(MaskImportError) -> [RunLengthBitPlane] {
        try check(image, against: frames)
        var planes: [RunLengthBitPlane] = []
        for (k, frame) in frames.enumerated() {
            let values = ordered(image.frame(k), rows: image.rows, columns: image.columns, flipsRows: flipsRows)
            let pixels = values.map { value -> UInt8 in
                if let label { return value == label ? 1 : 0 }
                return value != 0 && !value.isNaN ? 1 : 0
            }
            planes.append(try plane { () throws(AnnotationError) in
                try RunLengthBitPlane(rows: frame.rows, columns: frame.columns, pixels: pixels)
            })
        }
        return planes
    }

    /// One fractional plane per frame from a NIfTI volume of fractions: a scaled voxel value v
    /// becomes `round(255 · v)`, with v clamped to 0…1 and NaN read as 0.
    public static func fractionalPlanes(nifti image: NIfTIImage, for frames: [FrameGeometry],
                                        flipsRows: Bool = false) throws(MaskImportError) -> [FractionalPlane] {
        try check(image, against: frames)
        var planes: [FractionalPlane] = []
        for (k, frame) in frames.enumerated() {
            let values = ordered(image.frame(k), rows: image.rows, columns: image.columns, flipsRows: flipsRows)
            let bytes = values.map { $0.isNaN ? 0 : UInt8((min(max($0, 0), 1) * 255).rounded()) }
            planes.append(try plane { () throws(AnnotationError) in
                try FractionalPlane(rows: frame.rows, columns: frame.columns, values: bytes)
            })
        }
        return planes
    }

    // MARK: - Helpers

    private static func maskValues(png bytes: [UInt8], for frame: FrameGeometry) throws(MaskImportError) -> [UInt8] {
        let image: PNGImage
        do throws(PNGReadError) { image = try PNGImage(bytes: bytes) } catch { throw .png(error) }
        guard image.width == frame.columns, image.height == frame.rows else {
            throw .sizeMismatch(importedColumns: image.width, importedRows: image.height,
                                imageColumns: frame.columns, imageRows: frame.rows)
        }
        return image.maskValues
    }

    private static func check(_ image: NIfTIImage, against frames: [FrameGeometry]) throws(MaskImportError) {
        guard image.frameCount == frames.count else {
            throw .frameCountMismatch(imported: image.frameCount, image: frames.count)
        }
        if let frame = frames.first(where: { $0.columns != image.columns || $0.rows != image.rows }) {
            throw .sizeMismatch(importedColumns: image.columns, importedRows: image.rows,
                                imageColumns: frame.columns, imageRows: frame.rows)
        }
    }

    private static func ordered(_ values: [Double], rows: Int, columns: Int, flipsRows: Bool) -> [Double] {
        guard flipsRows else { return values }
        return (0..<rows).reversed().flatMap { values[($0 * columns)..<(($0 + 1) * columns)] }
    }

    private static func pixelCount(of frame: FrameGeometry) throws(MaskImportError) -> Int {
        guard let count = Annotations.pixelCount(rows: frame.rows, columns: frame.columns) else {
            throw .invalidPlane(.invalidImageGeometry("a frame of \(frame.columns) × \(frame.rows) pixels is not a valid size"))
        }
        return count
    }

    private static func plane<P>(_ make: () throws(AnnotationError) -> P) throws(MaskImportError) -> P {
        do throws(AnnotationError) { return try make() } catch { throw .invalidPlane(error) }
    }
}
