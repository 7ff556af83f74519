import DICOM
@testable import DICOMPixels
import Foundation

/// Builds Image Pixel data sets in memory for the pixel-core tests.
enum PixelFixture {
    struct Image {
        var rows = 2
        var columns = 2
        var samples = 1
        var bitsAllocated = 8
        var bitsStored: Int?
        var signed = false
        var planar: Int? = nil
        var photometric = "MONOCHROME2"
        var frames: Int? = nil
        var littleEndian = true
    }

    static func element(_ tag: Tag, _ vr: VR, _ bytes: [UInt8]) -> DataElement {
        DataElement(tag: tag, vr: vr, value: .bytes(ByteSlice(copying: bytes)))
    }

    static func us(_ tag: Tag, _ value: Int, littleEndian: Bool = true) -> DataElement {
        let v = UInt16(truncatingIfNeeded: value)
        let bytes = littleEndian ? [UInt8(v & 0xFF), UInt8(v >> 8)] : [UInt8(v >> 8), UInt8(v & 0xFF)]
        return element(tag, .US, bytes)
    }

    static func text(_ tag: Tag, _ vr: VR, _ value: String) -> DataElement {
        var bytes = Array(value.utf8)
        if bytes.count % 2 == 1 { bytes.append(vr == .UI ? 0 : 0x20) }
        return element(tag, vr, bytes)
    }

    /// The Image Pixel module elements of `image`, without pixel data.
    static func imagePixel(_ image: Image) -> [DataElement] {
        let le = image.littleEndian
        var elements = [
            us(.samplesPerPixel, image.samples, littleEndian: le),
            text(.photometricInterpretation, .CS, image.photometric),
            us(.rows, image.rows, littleEndian: le),
            us(.columns, image.columns, littleEndian: le),
            us(.bitsAllocated, image.bitsAllocated, littleEndian: le),
            us(.bitsStored, image.bitsStored ?? image.bitsAllocated, littleEndian: le),
            us(.highBit, (image.bitsStored ?? image.bitsAllocated) - 1, littleEndian: le),
            us(.pixelRepresentation, image.signed ? 1 : 0, littleEndian: le),
        ]
        if let planar = image.planar { elements.append(us(.planarConfiguration, planar, littleEndian: le)) }
        if let frames = image.frames { elements.append(text(.numberOfFrames, .IS, String(frames))) }
        return elements
    }

    static func native(_ image: Image, pixels: [UInt8], vr: VR = .OW, tag: Tag = .pixelData) -> DataSet {
        DataSet(elements: imagePixel(image) + [element(tag, vr, pixels)], isLittleEndian: image.littleEndian)
    }

    static func encapsulated(_ image: Image, basicOffsetTable: [UInt32] = [], fragments: [[UInt8]],
                             extra: [DataElement] = []) -> DataSet {
        let pixels = EncapsulatedPixelData(basicOffsetTable: basicOffsetTable,
                                           fragments: fragments.map { ByteSlice(copying: $0) },
                                           rawValue: ByteSlice(copying: [UInt8]()))
        let element = DataElement(tag: .pixelData, vr: .OB, value: .encapsulated(pixels))
        return DataSet(elements: imagePixel(image) + extra + [element])
    }

    /// Little-endian bytes of 16-bit values.
    static func le16(_ values: [Int]) -> [UInt8] {
        values.flatMap { v -> [UInt8] in
            let u = UInt16(truncatingIfNeeded: v)
            return [UInt8(u & 0xFF), UInt8(u >> 8)]
        }
    }

    static func le32(_ values: [Int]) -> [UInt8] {
        values.flatMap { v -> [UInt8] in
            let u = UInt32(truncatingIfNeeded: v)
            return (0..<4).map { UInt8(truncatingIfNeeded: u >> (8 * $0)) }
        }
    }

    static func le64(_ values: [UInt64]) -> [UInt8] {
        values.flatMap { u in (0..<8).map { UInt8(truncatingIfNeeded: u >> (8 * $0)) } }
    }

    static func decode(_ dataSet: DataSet, frame: Int = 0, syntax: TransferSyntax = .explicitVRLittleEndian,
                       registry: DecoderRegistry = .standard) throws(PixelDataError) -> [UInt8] {
        try PixelData(dataSet: dataSet, transferSyntax: syntax, registry: registry).frame(frame)
    }

    /// Signed 16-bit values of little-endian output.
    static func int16s(_ bytes: [UInt8]) -> [Int] {
        stride(from: 0, to: bytes.count - 1, by: 2).map { Int(Int16(bitPattern: UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8)) }
    }

    static func uint16s(_ bytes: [UInt8]) -> [Int] {
        stride(from: 0, to: bytes.count - 1, by: 2).map { Int(UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8) }
    }

    /// An encapsulated transfer syntax for fakes: JPEG Baseline, which has no codec in the
    /// standard registry of these tests' registries.
    static let fakeCodecSyntax = TransferSyntax(uid: "1.2.840.10008.1.2.4.50")
}

/// A stand-in codec: "decodes" a frame by copying its bytes (all fragments, in order),
/// truncated or zero-padded to the frame's decoded length. It reads every byte it is given,
/// which is what the lazy-access test relies on.
struct CopyingDecoder: FrameDecoder {
    func decode(_ frame: EncodedFrame, description: PixelDescription,
                transferSyntax: String) throws(PixelDataError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: description.decodedFrameLength)
        var position = 0
        for fragment in frame.fragments {
            for byte in fragment.buffer {
                if position < out.count { out[position] = byte }
                position += 1
            }
        }
        return out
    }
}

/// Returns a fixed output, whatever the frame.
struct FixedDecoder: FrameDecoder {
    let output: [UInt8]
    func decode(_ frame: EncodedFrame, description: PixelDescription,
                transferSyntax: String) throws(PixelDataError) -> [UInt8] {
        output
    }
}

extension DecoderRegistry {
    /// The standard registry plus `decoder` for ``PixelFixture/fakeCodecSyntax``.
    static func with(_ decoder: any FrameDecoder, for syntax: TransferSyntax = PixelFixture.fakeCodecSyntax) -> DecoderRegistry {
        var registry = DecoderRegistry.standard
        registry.register(decoder, for: [syntax.uid])
        return registry
    }
}

extension Result where Failure == PixelDataError {
    /// The error of a failed pixel operation, for assertions.
    var pixelError: PixelDataError? {
        if case let .failure(error) = self { return error }
        return nil
    }
}

extension PixelDataError {
    /// Whether this is ``invalidAttribute(_:keyword:reason:)`` for `tag`.
    func isInvalidAttribute(_ tag: Tag) -> Bool {
        if case let .invalidAttribute(t, _, _) = self { return t == tag }
        return false
    }
}
