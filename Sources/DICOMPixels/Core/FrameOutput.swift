import DICOM

/// The memory a decoded frame goes into, and the check that a decoder filled it.
enum FrameOutput {
    /// Throws unless `count` bytes make a whole frame of `description`.
    static func check(_ count: Int, frame index: Int, description: PixelDescription,
                      transferSyntax: String) throws(PixelDataError) {
        guard count == description.decodedFrameLength else {
            throw .corruptFrame(transferSyntax: transferSyntax, index: index,
                                reason: "decoded to \(count) bytes, but \(description.rows) × \(description.columns) × \(description.samplesPerPixel) samples of \(description.bytesPerSample) bytes need \(description.decodedFrameLength)")
        }
    }

    /// A new array of `count` bytes that `fill` writes completely. The memory is handed over
    /// uninitialised: decoders write every byte, so a zero fill would be a wasted pass (and,
    /// for fresh pages, a wasted page fault) per frame.
    static func array<Failure: Error>(count: Int, _ fill: (UnsafeMutableRawBufferPointer) throws(Failure) -> Void)
        throws(Failure) -> [UInt8] {
        var failure: Failure?
        let array = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            do throws(Failure) {
                try fill(UnsafeMutableRawBufferPointer(buffer))
                initialized = count
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return array
    }
}
