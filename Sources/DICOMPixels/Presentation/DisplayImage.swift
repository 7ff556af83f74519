/// Pixels ready for a screen or an image file: 8-bit grey, 8-bit RGB or 16-bit grey, rows top
/// to bottom, samples interleaved.
///
/// ```swift
/// let image = try Renderer().render(frame: bytes, description: description, dataSet: ds)
/// image.format          // .grey8
/// image.pixels.count    // width × height
/// ```
public struct DisplayImage: Equatable, Sendable {
    public enum Format: Equatable, Sendable {
        /// One byte per pixel.
        case grey8
        /// Three bytes per pixel: red, green, blue.
        case rgb8
        /// Two bytes per pixel, most significant byte first (the order PNG stores).
        case grey16

        /// Bytes per pixel.
        public var bytesPerPixel: Int {
            switch self {
            case .grey8: 1
            case .rgb8: 3
            case .grey16: 2
            }
        }
    }

    public var width: Int
    public var height: Int
    public var format: Format
    /// `height` rows of `width × format.bytesPerPixel` bytes.
    public var pixels: [UInt8]

    /// An image from its bytes; nil when `pixels` does not hold exactly width × height pixels.
    public init?(width: Int, height: Int, format: Format, pixels: [UInt8]) {
        guard width > 0, height > 0,
              case let (area, o1) = width.multipliedReportingOverflow(by: height), !o1,
              case let (size, o2) = area.multipliedReportingOverflow(by: format.bytesPerPixel), !o2,
              pixels.count == size else { return nil }
        self.width = width
        self.height = height
        self.format = format
        self.pixels = pixels
    }

    /// A 16-bit grey image from sample values; nil when the count is not width × height.
    public init?(width: Int, height: Int, grey16 samples: [UInt16]) {
        var bytes = [UInt8](repeating: 0, count: samples.count * 2)
        for (i, sample) in samples.enumerated() {
            bytes[2 * i] = UInt8(sample >> 8)
            bytes[2 * i + 1] = UInt8(sample & 0xFF)
        }
        self.init(width: width, height: height, format: .grey16, pixels: bytes)
    }

    /// Bytes in one row.
    public var rowLength: Int { width * format.bytesPerPixel }
}
