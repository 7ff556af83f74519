import DICOM

/// Expansion of Segmented Palette Color Lookup Table Data (PS3.3 C.7.9.2) into a plain table.
///
/// The data is a list of segments, each an opcode, a length and operands:
/// - 0, discrete (C.7.9.2.1): `length` literal entries;
/// - 1, linear (C.7.9.2.2): `length` entries on the straight line from the previous entry to y1;
/// - 2, indirect (C.7.9.2.3): re-expand `length` segments starting at a byte offset into the data.
///
/// ```swift
/// // SPRING's red channel: one entry 255, then 255 entries up to 255.
/// try SegmentedLUT.expand([0, 1, 255, 1, 255, 255], bitsPerEntry: 8).count   // 256
/// ```
public enum SegmentedLUT {
    /// Expands segment data.
    ///
    /// Linear segments are interpolated as pydicom does (NumPy `linspace` from the first step to
    /// y1, rounded half to even), so tables agree with pydicom entry for entry. The indirect
    /// segment's offset is a *byte* offset, as C.7.9.2.3 states; pydicom reads it as an entry
    /// index, which only agrees for 8-bit data.
    ///
    /// - Parameters:
    ///   - data: the segment data, one element per entry: bytes for 8-bit tables, 16-bit words
    ///     for 16-bit tables. A trailing padding entry is ignored.
    ///   - bitsPerEntry: 8 or 16 (the descriptor's third value). With 8-bit entries an indirect
    ///     segment's 32-bit offset spans four entries, in the data set's byte order.
    ///   - littleEndian: byte order of the data set, for the offset of 8-bit indirect segments.
    ///   - maximumCount: expansion fails past this many entries (a descriptor allows 65536).
    ///   - tag: the attribute the data came from, for error messages.
    public static func expand(_ data: [UInt16], bitsPerEntry: Int, littleEndian: Bool = true,
                              maximumCount: Int = 65536,
                              tag: Tag = .segmentedRedPaletteColorLookupTableData) throws(PixelDataError) -> [UInt16] {
        var expander = Expander(data: data, wideOffsets: bitsPerEntry > 8, littleEndian: littleEndian,
                                maximumCount: maximumCount)
        do {
            try expander.run(from: 0, segments: nil)
        } catch {
            throw .invalidAttribute(tag, keyword: keyword(tag), reason: error.reason)
        }
        return expander.lut
    }

    /// Why expansion stopped.
    struct Failure: Error { let reason: String }

    private struct Expander {
        let data: [UInt16]
        let wideOffsets: Bool
        let littleEndian: Bool
        let maximumCount: Int
        var lut: [UInt16] = []

        init(data: [UInt16], wideOffsets: Bool, littleEndian: Bool, maximumCount: Int) {
            self.data = data
            self.wideOffsets = wideOffsets
            self.littleEndian = littleEndian
            self.maximumCount = maximumCount
        }

        /// Expands segments from entry `start`: all of them, or `segments` of them for an
        /// indirect copy (which may not itself contain an indirect segment, so this recurses
        /// at most once and cannot loop).
        mutating func run(from start: Int, segments: Int?) throws(Failure) {
            var offset = start
            var read = 0
            // `offset + 1 < count` skips a trailing padding entry; every segment is longer.
            while offset + 1 < data.count {
                if let segments, read == segments { return }
                let opcode = data[offset], length = Int(data[offset + 1])
                offset += 2
                switch opcode {
                case 0:
                    guard offset + length <= data.count else {
                        throw Failure(reason: "has a discrete segment of \(length) entries that runs past the end of the data")
                    }
                    lut.append(contentsOf: data[offset..<(offset + length)])
                    offset += length
                case 1:
                    guard let y0 = lut.last else {
                        throw Failure(reason: "starts with a linear segment, which has no previous value to start from")
                    }
                    guard offset < data.count else { throw Failure(reason: "ends inside a linear segment") }
                    let y1 = data[offset]
                    offset += 1
                    appendLinear(from: y0, to: y1, count: length)
                case 2:
                    guard segments == nil else {
                        throw Failure(reason: "has an indirect segment that copies another indirect segment")
                    }
                    guard !lut.isEmpty else { throw Failure(reason: "starts with an indirect segment") }
                    let byteOffset: Int
                    if wideOffsets {
                        guard offset + 2 <= data.count else { throw Failure(reason: "ends inside an indirect segment") }
                        byteOffset = Int(data[offset]) | Int(data[offset + 1]) << 16
                        offset += 2
                    } else {
                        guard offset + 4 <= data.count else { throw Failure(reason: "ends inside an indirect segment") }
                        let b = (0..<4).map { Int(data[offset + $0] & 0xFF) }
                        // Least then most significant 16 bits, each in the data set's byte order.
                        byteOffset = littleEndian ? b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24
                            : b[1] | b[0] << 8 | b[3] << 16 | b[2] << 24
                        offset += 4
                    }
                    let target = wideOffsets ? byteOffset / 2 : byteOffset
                    guard target < data.count else {
                        throw Failure(reason: "has an indirect segment pointing to byte \(byteOffset), past the end of the data")
                    }
                    try run(from: target, segments: length)
                default:
                    throw Failure(reason: "has a segment with unknown opcode \(opcode) at entry \(offset - 2)")
                }
                read += 1
                guard lut.count <= maximumCount else {
                    throw Failure(reason: "expands to more than \(maximumCount) entries")
                }
            }
        }

        /// `count` entries from just after y0 up to y1, as pydicom computes them:
        /// `np.around(np.linspace(y0 + step, y1, count))` with `step = (y1 - y0) / count`.
        mutating func appendLinear(from y0: UInt16, to y1: UInt16, count: Int) {
            guard count > 0 else { return }
            if y0 == y1 {
                lut.append(contentsOf: repeatElement(y1, count: count))
                return
            }
            let stop = Double(y1)
            let start = Double(y0) + (stop - Double(y0)) / Double(count)
            if count == 1 {
                lut.append(Self.entry(start))
                return
            }
            let step = (stop - start) / Double(count - 1)
            for i in 0..<(count - 1) {
                lut.append(Self.entry(Double(i) * step + start))
            }
            lut.append(y1)
        }

        static func entry(_ value: Double) -> UInt16 {
            UInt16(min(max(value.rounded(.toNearestOrEven), 0), 65535))
        }
    }
}
