import DICOM
import Dispatch
import Foundation
import Synchronization

/// The pixel data of one DICOM object: what the pixels are (``description``), where each
/// frame is stored (``frames``), and decoding on demand.
///
/// Nothing is decoded or copied when the value is made. ``frame(_:)`` reads and decodes one
/// frame; ``allFrames()`` decodes every frame in parallel. Output is the stored values in
/// the layout ``FrameDecoder`` describes — what pydicom's
/// `pixel_array(path, index=N, raw=True)` returns.
///
/// ```swift
/// let file = try DICOMFile(path: "cine.dcm")
/// let pixels = try PixelData(file: file)
/// pixels.numberOfFrames                 // 1000
/// let frame = try pixels.frame(500)     // touches only frame 500's bytes
/// let all = try pixels.allFrames()      // frames in order, decoded across cores
/// ```
public struct PixelData: Sendable {
    /// The Image Pixel module: size, samples, bit depth, sign.
    public let description: PixelDescription
    public let transferSyntax: TransferSyntax
    /// Where each frame's stored bytes are.
    public let frames: FrameIndex
    /// Looked up once; a missing decoder is reported when a frame is decoded, so the
    /// description and the encoded frames of an unsupported syntax stay readable.
    private let decoder: Result<any FrameDecoder, PixelDataError>

    /// Pixel data of a Part 10 file, decoded according to the transfer syntax its File Meta
    /// Information declares.
    ///
    /// - Throws: ``PixelDataError/missingAttribute(_:keyword:)`` for a file without a
    ///   Transfer Syntax UID (0002,0010) — the reader can guess how the data set is encoded,
    ///   but not how pixels were compressed, and pydicom refuses such files too — and any
    ///   error of ``PixelDescription/init(dataSet:)`` and ``FrameIndex``.
    public init(file: DICOMFile, registry: DecoderRegistry = .standard) throws(PixelDataError) {
        guard let uid = file.fileMetaInformation.string(.transferSyntaxUID), !uid.isEmpty else {
            throw .missingAttribute(.transferSyntaxUID, keyword: "TransferSyntaxUID")
        }
        try self.init(dataSet: file.dataSet, transferSyntax: file.transferSyntax, registry: registry)
    }

    /// Pixel data of `dataSet`, encoded as `transferSyntax` says.
    public init(dataSet: DataSet, transferSyntax: TransferSyntax, registry: DecoderRegistry = .standard) throws(PixelDataError) {
        let description = try PixelDescription(dataSet: dataSet)
        // Explicit VR Big Endian writes OW as 16-bit words, so 8-bit samples in an OW value
        // arrive swapped in pairs (pydicom's `be_swap_ow`).
        let swapsBytePairs = !transferSyntax.isLittleEndian && !transferSyntax.isEncapsulated
            && description.storage == .integer && description.bitsAllocated == 8
            && dataSet[.pixelData]?.vr == .OW
        self.description = description
        self.transferSyntax = transferSyntax
        self.frames = try FrameIndex(dataSet: dataSet, description: description, transferSyntax: transferSyntax,
                                     swapsBytePairs: swapsBytePairs)
        do {
            var decoder = try registry.decoder(for: transferSyntax.uid)
            if swapsBytePairs, let native = decoder as? NativeDecoder {
                decoder = NativeDecoder(byteOrder: native.byteOrder, swapsBytePairs: true)
            }
            self.decoder = .success(decoder)
        } catch {
            self.decoder = .failure(error)
        }
    }

    /// Number of frames (1 when Number of Frames is absent).
    public var numberOfFrames: Int { frames.count }

    /// The stored (still encoded) bytes of frame `index`, 0-based, without copying.
    public func encodedFrame(_ index: Int) throws(PixelDataError) -> EncodedFrame {
        try frames.frame(index)
    }

    /// Frame `index` (0-based) decoded: `description.decodedFrameLength` bytes of stored
    /// values, samples interleaved, little-endian, unused high bits corrected as pydicom does.
    ///
    /// - Throws: ``PixelDataError/frameOutOfRange(index:count:)``,
    ///   ``PixelDataError/unsupportedTransferSyntax(uid:)``, ``PixelDataError/truncatedFrame(index:expected:actual:)``,
    ///   ``PixelDataError/corruptFrame(transferSyntax:index:reason:)``.
    public func frame(_ index: Int) throws(PixelDataError) -> [UInt8] {
        let encoded = try frames.frame(index)
        let decoder = try decoder.get()
        var samples = try decoder.decode(encoded, description: description, transferSyntax: transferSyntax.uid)
        try FrameOutput.check(samples.count, frame: index, description: description, transferSyntax: transferSyntax.uid)
        if !decoder.correctsStoredValues {
            samples.withUnsafeMutableBytes { correct($0, decodedFrom: encoded) }
        }
        return samples
    }

    /// Decodes frame `index` into `output`, which must be `description.decodedFrameLength`
    /// bytes (it may be uninitialised): the same values as ``frame(_:)`` without a new array,
    /// for callers that keep frames in memory of their own.
    ///
    /// - Throws: the errors of ``frame(_:)``, and ``PixelDataError/wrongOutputSize(index:expected:actual:)``.
    public func frame(_ index: Int, into output: UnsafeMutableRawBufferPointer) throws(PixelDataError) {
        let encoded = try frames.frame(index)
        let decoder = try decoder.get()
        guard output.count == description.decodedFrameLength else {
            throw .wrongOutputSize(index: index, expected: description.decodedFrameLength, actual: output.count)
        }
        try decoder.decode(encoded, description: description, transferSyntax: transferSyntax.uid, into: output)
        if !decoder.correctsStoredValues {
            correct(output, decodedFrom: encoded)
        }
    }

    /// The stored-bits correction of one decoded frame (see ``StoredValueCorrection``).
    private func correct(_ samples: UnsafeMutableRawBufferPointer, decodedFrom encoded: EncodedFrame) {
        let correction = StoredValueCorrection(description: description, transferSyntax: transferSyntax.uid,
                                               frame: transferSyntax.isEncapsulated ? encoded : nil)
        correction.apply(to: samples, description: description)
    }

    /// Every frame decoded, in order, one after the other: `numberOfFrames ×
    /// description.decodedFrameLength` bytes. Frames are decoded in parallel, by `threads`
    /// workers (default: one per core), each written straight into its place in the volume.
    ///
    /// ```swift
    /// let volume = try pixels.allFrames()              // all cores
    /// let quiet = try pixels.allFrames(threads: 1)     // one core, e.g. in a busy server
    /// ```
    ///
    /// - Throws: the error of the lowest-numbered frame that fails.
    public func allFrames(threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws(PixelDataError) -> [UInt8] {
        let count = frames.count
        let frameLength = description.decodedFrameLength
        let (total, overflow) = frameLength.multipliedReportingOverflow(by: count)
        guard !overflow else {
            throw .invalidAttribute(.numberOfFrames, keyword: "NumberOfFrames",
                                    reason: "is \(count); \(count) frames of \(frameLength) bytes cannot be held in memory")
        }
        // Locating is cheap and touches no pixel bytes; doing it first means a truncated or
        // damaged file fails before a large output buffer is allocated.
        for i in 0..<count { _ = try frames.frame(i) }
        _ = try decoder.get()

        let failures = FailureLog()
        let output = [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
            let destination = OutputBuffer(base: buffer.baseAddress)
            destination.adviseHugePages(count: total)
            // Workers take the next frame until none is left, so a slow frame holds up no one.
            let next = Atomic<Int>(0)
            DispatchQueue.concurrentPerform(iterations: max(1, min(threads, count))) { _ in
                guard let base = destination.base else { return }
                while true {
                    let i = next.add(1, ordering: .relaxed).oldValue
                    guard i < count else { return }
                    do throws(PixelDataError) {
                        try self.frame(i, into: UnsafeMutableRawBufferPointer(start: base + i * frameLength, count: frameLength))
                    } catch {
                        failures.record(i, error)
                    }
                }
            }
            initialized = total
        }
        if let failure = failures.first { throw failure }
        return output
    }
}

/// The output array's storage, shared by the workers of ``PixelData/allFrames()``; each
/// writes only its own frame's range.
private struct OutputBuffer: @unchecked Sendable {
    let base: UnsafeMutablePointer<UInt8>?

    /// Asks Linux to back the volume with transparent huge pages, which the kernel grants on
    /// request when THP is in `madvise` mode (Debian's default). A 50 MiB volume is then
    /// first-touched in 2 MiB pages instead of 12,800 4 KiB page faults; numpy asks the same
    /// for its large arrays. Only a hint: nothing changes when it is refused.
    func adviseHugePages(count: Int) {
        #if os(Linux)
        let hugePage = 2 << 20
        guard count >= 2 * hugePage, let base else { return }
        let start = (Int(bitPattern: base) + hugePage - 1) & ~(hugePage - 1)
        let end = (Int(bitPattern: base) + count) & ~(hugePage - 1)
        guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(aligned, end - start, MADV_HUGEPAGE)
        #endif
    }
}

/// Errors of parallel workers; the lowest frame index wins so the report is deterministic.
private final class FailureLog: @unchecked Sendable {
    private let lock = NSLock()
    private var failure: (index: Int, error: PixelDataError)?

    func record(_ index: Int, _ error: PixelDataError) {
        lock.lock()
        defer { lock.unlock() }
        if failure.map({ index < $0.index }) ?? true { failure = (index, error) }
    }

    var first: PixelDataError? {
        lock.lock()
        defer { lock.unlock() }
        return failure?.error
    }
}
