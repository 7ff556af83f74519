import Foundation

/// The memory ``J2KLosslessDecoder`` decodes a frame in: the tier-1 block decoder, the
/// wavelet's lines and one sample plane per component.
///
/// A ``J2KWorkspacePool`` keeps it from one frame to the next. Freed, buffers of a
/// megabyte or more go back to the system, and the next frame faults all their pages in
/// again: some 500 page faults, about 1 ms, of each 17 ms 512 × 512 frame.
final class J2KWorkspace {
    let blocks = J2KBlockDecoder()
    var wavelet = J2KWavelet()
    private var planes: [UnsafeMutablePointer<Int32>] = []
    private var planeCapacity = 0

    /// The bytes of the planes and the wavelet's lines: what keeping the workspace costs.
    var retainedBytes: Int { planes.count * planeCapacity * 4 + wavelet.retainedBytes }

    /// `count` planes of at least `area` samples each, holding whatever they held before.
    func planes(_ count: Int, area: Int) -> ArraySlice<UnsafeMutablePointer<Int32>> {
        if count > planes.count || area > planeCapacity {
            for plane in planes { plane.deallocate() }
            planeCapacity = max(area, planeCapacity)
            planes = (0..<max(count, planes.count)).map { _ in .allocate(capacity: planeCapacity) }
        }
        return planes.prefix(count)
    }

    deinit {
        wavelet.deallocate()
        for plane in planes { plane.deallocate() }
    }
}

/// The workspaces of the frames one ``JPEG2000Decoder`` is decoding at once: a frame takes
/// an idle one (or a new one) and gives it back, so a volume decoded on n threads
/// allocates n workspaces rather than one a frame.
///
/// A workspace is used by one frame at a time, and the lock guards the idle list, hence
/// `@unchecked Sendable`.
final class J2KWorkspacePool: @unchecked Sendable {
    /// A workspace grown past this (a very large frame) is freed after its frame rather
    /// than kept for the decoder's lifetime.
    static let keptBytes = 64 << 20

    private let lock = NSLock()
    private var idle: [J2KWorkspace] = []

    /// Runs `body` with a workspace no other frame is using.
    func withWorkspace<Result>(_ body: (J2KWorkspace) throws(JPEG2000Failure) -> Result) throws(JPEG2000Failure) -> Result {
        lock.lock()
        let workspace = idle.popLast() ?? J2KWorkspace()
        lock.unlock()
        defer {
            if workspace.retainedBytes <= Self.keptBytes {
                lock.lock()
                idle.append(workspace)
                lock.unlock()
            }
        }
        return try body(workspace)
    }
}
