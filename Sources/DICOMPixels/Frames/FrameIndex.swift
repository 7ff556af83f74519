import DICOM

/// Where each frame's stored bytes are, worked out once from the pixel data's structure so
/// that reading one frame touches only that frame's bytes.
///
/// Native pixel data is located by arithmetic (frames are back to back, a 1-bit frame may
/// start inside a byte). Encapsulated pixel data is located through, in order of
/// preference, the Extended Offset Table (7FE0,0001)/(7FE0,0002), the Basic Offset Table,
/// one fragment per frame when the counts agree, all fragments for a single frame, and
/// finally by scanning fragments for codestream start markers (JPEG SOI `FFD8`, JPEG 2000
/// `FF4F FF51`) or, as pydicom does, end markers (`FFD9` near the end of a fragment).
/// Only that last step reads fragment bytes (at most 12 at the start and 10 at the end of
/// each), and only when the file has no offset table and more fragments than frames.
///
/// ```swift
/// let file = try DICOMFile(path: "cine.dcm")
/// let description = try PixelDescription(dataSet: file.dataSet)
/// let index = try FrameIndex(dataSet: file.dataSet, description: description,
///                            transferSyntax: file.transferSyntax)
/// index.method                       // .basicOffsetTable
/// let frame = try index.frame(500)   // EncodedFrame pointing into the mapped file
/// ```
public struct FrameIndex: Sendable {
    /// How frame boundaries were found.
    public enum Method: Equatable, Sendable {
        /// Native data: fixed-size frames back to back.
        case native
        case extendedOffsetTable
        case basicOffsetTable
        /// No table, as many fragments as frames.
        case fragmentPerFrame
        /// No table, one frame: every fragment belongs to it.
        case allFragments
        /// No table, more fragments than frames: a frame starts at each fragment that
        /// begins with a codestream start marker.
        case startMarkers
        /// No table, more fragments than frames: a frame ends at each fragment with an
        /// end-of-image marker in its last 10 bytes (pydicom's rule).
        case endMarkers
        /// Frames could not be located; ``FrameIndex/frame(_:)`` throws with the reason.
        case unlocatable(reason: String)
    }

    /// The fragments one encapsulated frame is made of, and its exact length when an Extended
    /// Offset Table gives it (the fragment may carry a padding byte).
    struct Span: Sendable, Equatable {
        var fragments: Range<Int>
        var length: Int?
    }

    enum Layout: Sendable {
        case native(value: ByteSlice, frameBits: Int, swapsBytePairs: Bool)
        case encapsulated(fragments: [ByteSlice], spans: [Span])
    }

    /// Number of frames, from Number of Frames (0028,0008).
    public let count: Int
    public let method: Method
    let layout: Layout
    let transferSyntax: String

    /// Indexes the pixel data element of `dataSet`: native or encapsulated as
    /// `transferSyntax` says.
    ///
    /// - Parameter swapsBytePairs: native 8-bit samples stored as OW in Explicit VR Big
    ///   Endian, whose bytes are swapped in pairs; frames are then widened to even offsets.
    /// - Throws: ``PixelDataError/noPixelData``, or ``PixelDataError/invalidAttribute(_:keyword:reason:)``
    ///   when the element's encoding contradicts the transfer syntax.
    public init(dataSet: DataSet, description: PixelDescription, transferSyntax: TransferSyntax,
                swapsBytePairs: Bool = false) throws(PixelDataError) {
        let (tag, keyword): (Tag, String) = switch description.storage {
        case .integer: (.pixelData, "PixelData")
        case .float: (.floatPixelData, "FloatPixelData")
        case .double: (.doubleFloatPixelData, "DoubleFloatPixelData")
        }
        guard let element = dataSet[tag] else { throw .noPixelData }
        switch element.value {
        case let .bytes(value):
            guard !transferSyntax.isEncapsulated else {
                throw .invalidAttribute(tag, keyword: keyword,
                                        reason: "has a defined length, but transfer syntax \(transferSyntax.uid) needs encapsulated (fragmented) pixel data")
            }
            self = try FrameIndex(native: value, description: description, transferSyntax: transferSyntax.uid,
                                  swapsBytePairs: swapsBytePairs)
        case let .encapsulated(pixels):
            guard transferSyntax.isEncapsulated else {
                throw .invalidAttribute(tag, keyword: keyword,
                                        reason: "is encapsulated, but transfer syntax \(transferSyntax.uid) stores pixel data natively")
            }
            let table = ExtendedOffsetTable(dataSet: dataSet)
            self = FrameIndex(encapsulated: pixels, extendedOffsetTable: table, numberOfFrames: description.numberOfFrames,
                              transferSyntax: transferSyntax.uid)
        case .sequence:
            throw .invalidAttribute(tag, keyword: keyword, reason: "is a sequence, not pixel data")
        }
    }

    /// Native frames: `description.nativeFrameBits` each, back to back from the start of
    /// `value`. Trailing padding or excess bytes are ignored; missing bytes are reported
    /// per frame, when the frame is read.
    public init(native value: ByteSlice, description: PixelDescription, transferSyntax: String,
                swapsBytePairs: Bool = false) throws(PixelDataError) {
        let frameBits = description.nativeFrameBits
        let (total, overflow) = frameBits.multipliedReportingOverflow(by: description.numberOfFrames)
        guard !overflow, total <= Int.max - 16 else {
            throw .invalidAttribute(.numberOfFrames, keyword: "NumberOfFrames",
                                    reason: "is \(description.numberOfFrames); frames of \(frameBits) bits each cannot be addressed")
        }
        self.count = description.numberOfFrames
        self.method = .native
        self.layout = .native(value: value, frameBits: frameBits, swapsBytePairs: swapsBytePairs)
        self.transferSyntax = transferSyntax
    }

    init(count: Int, method: Method, layout: Layout, transferSyntax: String) {
        self.count = count
        self.method = method
        self.layout = layout
        self.transferSyntax = transferSyntax
    }

    /// The stored bytes of frame `index` (0-based), without copying or decoding.
    ///
    /// - Throws: ``PixelDataError/frameOutOfRange(index:count:)``,
    ///   ``PixelDataError/truncatedFrame(index:expected:actual:)`` when a native frame runs
    ///   past the end of the value, ``PixelDataError/corruptFrame(transferSyntax:index:reason:)``
    ///   when an encapsulated frame cannot be located.
    public func frame(_ index: Int) throws(PixelDataError) -> EncodedFrame {
        guard index >= 0, index < count else { throw .frameOutOfRange(index: index, count: count) }
        switch layout {
        case let .native(value, frameBits, swapsBytePairs):
            return try nativeFrame(index, value: value, frameBits: frameBits, swapsBytePairs: swapsBytePairs)
        case let .encapsulated(fragments, spans):
            guard index < spans.count else {
                let reason: String
                if case let .unlocatable(why) = method {
                    reason = why
                } else {
                    reason = "only \(spans.count) of \(count) frames were found in \(fragments.count) fragments"
                }
                throw .corruptFrame(transferSyntax: transferSyntax, index: index, reason: reason)
            }
            let span = spans[index]
            var parts = Array(fragments[span.fragments])
            if let length = span.length, parts.count == 1 {
                parts[0] = parts[0].slice(0..<length)
            }
            return EncodedFrame(index: index, fragments: parts)
        }
    }

    private func nativeFrame(_ index: Int, value: ByteSlice, frameBits: Int, swapsBytePairs: Bool) throws(PixelDataError) -> EncodedFrame {
        let startBit = index * frameBits
        let startByte = startBit / 8
        let endByte = (startBit + frameBits + 7) / 8
        var lower = startByte
        var upper = endByte
        if swapsBytePairs {
            // A swapped pair must be read whole, so widen the frame to even offsets.
            lower = startByte & ~1
            upper = (endByte + 1) & ~1
        }
        guard upper <= value.count else {
            throw .truncatedFrame(index: index, expected: upper - lower, actual: max(0, value.count - lower))
        }
        return EncodedFrame(index: index, fragments: [value.slice(lower..<upper)],
                            bitOffset: startBit % 8 + (startByte - lower) * 8)
    }
}
