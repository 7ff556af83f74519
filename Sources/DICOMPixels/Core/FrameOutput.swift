import DICOM

/// The check that a decoder produced a whole frame.
enum FrameOutput {
    /// Throws unless `count` bytes make a whole frame of `description`.
    static func check(_ count: Int, frame index: Int, description: PixelDescription,
                      transferSyntax: String) throws(PixelDataError) {
        guard count == description.decodedFrameLength else {
            throw .corruptFrame(transferSyntax: transferSyntax, index: index,
                                reason: "decoded to \(count) bytes, but \(description.rows) × \(description.columns) × \(description.samplesPerPixel) samples of \(description.bytesPerSample) bytes need \(description.decodedFrameLength)")
        }
    }
}

/// Where a decoder writes one frame: memory its caller gave it, or a new array made only
/// when the decoder asks for it.
///
/// A decoder asks (``write(_:)``) once it has checked the codestream's header against the
/// data set, so a few corrupt bytes that claim a 40 GB image fail before anything is
/// allocated. The memory is handed over uninitialised either way: decoders write every byte,
/// and a zero fill would be a wasted pass (and, for fresh pages, wasted page faults).
///
/// ```swift
/// var destination = FrameDestination(newArrayOf: description.decodedFrameLength)
/// // … check the header, then:
/// try destination.write { output in /* fill all of output */ }
/// destination.array   // the frame
/// ```
struct FrameDestination {
    /// Bytes of one decoded frame.
    let count: Int
    private let given: UnsafeMutableRawBufferPointer?
    /// The frame, once written into a new array; nil for given memory or before ``write(_:)``.
    private(set) var array: [UInt8]?

    /// Writes into `output`, whose size is the frame's.
    init(_ output: UnsafeMutableRawBufferPointer) {
        given = output
        count = output.count
    }

    /// Writes into a new array of `count` bytes.
    init(newArrayOf count: Int) {
        given = nil
        self.count = count
    }

    /// Calls `fill` with the frame's (uninitialised) memory, which it must write completely.
    mutating func write<Failure: Error>(_ fill: (UnsafeMutableRawBufferPointer) throws(Failure) -> Void) throws(Failure) {
        if let given {
            try fill(given)
            return
        }
        var failure: Failure?
        let made = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            do throws(Failure) {
                try fill(UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[0..<count]))
                initialized = count
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        array = made
    }
}

/// Why a codec could not decode a frame; becomes `PixelDataError.corruptFrame` with the
/// frame's transfer syntax and index.
protocol CodecFailure: Error {
    var reason: String { get }
}

extension EncodedFrame {
    /// A codec that decodes whole codestreams into a ``FrameDestination``.
    typealias Codec<Failure: CodecFailure> = (UnsafeRawBufferPointer, PixelDescription, inout FrameDestination) throws(Failure) -> Void

    /// The frame decoded by `codec` into a new array, allocated once the codec has checked
    /// the codestream's header.
    func decoded<Failure: CodecFailure>(by codec: Codec<Failure>, description: PixelDescription,
                                        transferSyntax: String) throws(PixelDataError) -> [UInt8] {
        var destination = FrameDestination(newArrayOf: description.decodedFrameLength)
        try decode(by: codec, description: description, transferSyntax: transferSyntax, into: &destination)
        return destination.array ?? []
    }

    /// The frame decoded by `codec` into `destination`, with the codec's failure named as a
    /// corrupt frame of this syntax and index.
    func decode<Failure: CodecFailure>(by codec: Codec<Failure>, description: PixelDescription, transferSyntax: String,
                                       into destination: inout FrameDestination) throws(PixelDataError) {
        try withContiguousBytes { (input) throws(PixelDataError) in
            do throws(Failure) {
                try codec(input, description, &destination)
            } catch {
                throw .corruptFrame(transferSyntax: transferSyntax, index: index, reason: error.reason)
            }
        }
    }
}
