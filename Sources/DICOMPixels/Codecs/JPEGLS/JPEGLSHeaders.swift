/// How the components of a JPEG-LS scan are interleaved (ILV in the scan header).
enum JPEGLSInterleave: Int {
    /// One component per scan.
    case none = 0
    /// A line of each component in turn.
    case line = 1
    /// Pixel by pixel, every component of a pixel together.
    case sample = 2
}

/// A JPEG-LS frame header (SOF55, T.87 C.2.2): sample precision, size and component ids.
struct JPEGLSFrameHeader: Equatable {
    let precision: Int
    let rows: Int
    let columns: Int
    let componentIDs: [UInt8]
}

/// A JPEG-LS scan header (SOS, T.87 C.2.3): which components, the error bound and the
/// interleave mode.
struct JPEGLSScanHeader: Equatable {
    /// Positions of the scan's components in the frame header's list.
    let components: [Int]
    let near: Int
    let interleave: JPEGLSInterleave
}
