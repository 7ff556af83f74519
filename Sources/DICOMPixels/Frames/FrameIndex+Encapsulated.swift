import DICOM

extension FrameIndex {
    /// Locates the frames of encapsulated pixel data (PS3.5 A.4). Never throws: a frame
    /// that cannot be located is reported when it is read, so the description of a damaged
    /// file can still be shown.
    ///
    /// An offset table that does not point at fragment boundaries, or has fewer entries
    /// than there are frames, is not trusted; the fragments are then matched to frames as if
    /// there were no table.
    public init(encapsulated pixels: EncapsulatedPixelData, extendedOffsetTable: ExtendedOffsetTable?,
                numberOfFrames: Int, transferSyntax: String) {
        let fragments = pixels.fragments
        // Offsets in both tables count item headers: 8 bytes plus the value of each fragment.
        var itemOffsets: [Int] = []
        itemOffsets.reserveCapacity(fragments.count)
        var position = 0
        for fragment in fragments {
            itemOffsets.append(position)
            position += 8 + fragment.count
        }
        let (method, spans) = Self.locate(fragments: fragments, itemOffsets: itemOffsets, basicOffsetTable: pixels.basicOffsetTable,
                                          extendedOffsetTable: extendedOffsetTable, numberOfFrames: numberOfFrames)
        self.init(count: numberOfFrames, method: method, layout: .encapsulated(fragments: fragments, spans: spans),
                  transferSyntax: transferSyntax)
    }

    private static func locate(fragments: [ByteSlice], itemOffsets: [Int], basicOffsetTable: [UInt32],
                               extendedOffsetTable: ExtendedOffsetTable?, numberOfFrames frames: Int) -> (Method, [Span]) {
        if let table = extendedOffsetTable,
           let spans = spans(extended: table, fragments: fragments, itemOffsets: itemOffsets, frames: frames) {
            return (.extendedOffsetTable, spans)
        }
        if !basicOffsetTable.isEmpty,
           let spans = spans(basic: basicOffsetTable, itemOffsets: itemOffsets, frames: frames) {
            return (.basicOffsetTable, spans)
        }
        let n = fragments.count
        if n == 0 {
            return (.unlocatable(reason: "the encapsulated Pixel Data has no fragments"), [])
        }
        if frames == 1 {
            return (.allFragments, [Span(fragments: 0..<n)])
        }
        if n == frames {
            return (.fragmentPerFrame, (0..<n).map { Span(fragments: $0..<($0 + 1)) })
        }
        if n < frames {
            // pydicom still reads a lone fragment as frame 0.
            return (.unlocatable(reason: "\(n) fragments cannot hold \(frames) frames and there is no offset table"),
                    n == 1 ? [Span(fragments: 0..<1)] : [])
        }
        // More fragments than frames and no table: frames are split over fragments.
        let starts = startMarkerSpans(fragments)
        if starts.count >= frames { return (.startMarkers, Array(starts.prefix(frames))) }
        let ends = endMarkerSpans(fragments)
        if ends.count >= frames { return (.endMarkers, Array(ends.prefix(frames))) }
        return (.unlocatable(reason: "no offset table, \(n) fragments for \(frames) frames, and only \(max(starts.count, ends.count)) frame boundaries found by codestream markers"),
                starts.count >= ends.count ? starts : ends)
    }

    /// Extended Offset Table: each offset must be the item offset of a fragment, and each
    /// length must fit in that fragment (one fragment per frame, PS3.3 Table C.7-11a).
    private static func spans(extended table: ExtendedOffsetTable, fragments: [ByteSlice], itemOffsets: [Int],
                              frames: Int) -> [Span]? {
        guard table.offsets.count >= frames else { return nil }
        var spans: [Span] = []
        spans.reserveCapacity(frames)
        for (offset, length) in zip(table.offsets, table.lengths).prefix(frames) {
            guard offset <= UInt64(Int.max), length <= UInt64(Int.max),
                  let fragment = binarySearch(itemOffsets, Int(offset)),
                  Int(length) <= fragments[fragment].count
            else { return nil }
            spans.append(Span(fragments: fragment..<(fragment + 1), length: Int(length)))
        }
        return spans
    }

    /// Basic Offset Table: offsets of each frame's first fragment; a frame runs to the next
    /// frame's first fragment, the last one to the end.
    private static func spans(basic table: [UInt32], itemOffsets: [Int], frames: Int) -> [Span]? {
        guard table.count >= frames else { return nil }
        var firsts: [Int] = []
        firsts.reserveCapacity(table.count)
        for offset in table {
            guard let fragment = binarySearch(itemOffsets, Int(offset)) else { return nil }
            if let previous = firsts.last, fragment <= previous { return nil }
            firsts.append(fragment)
        }
        guard firsts.first == 0 else { return nil }
        return (0..<frames).map { i in
            Span(fragments: firsts[i]..<(i + 1 < firsts.count ? firsts[i + 1] : itemOffsets.count))
        }
    }

    /// A frame starts at fragment 0 and at every fragment that begins with a JPEG / JPEG-LS
    /// SOI, a JPEG 2000 SOC+SIZ, or a JP2 signature box.
    static func startMarkerSpans(_ fragments: [ByteSlice]) -> [Span] {
        var firsts = [0]
        for i in fragments.indices.dropFirst() where startsCodestream(fragments[i]) {
            firsts.append(i)
        }
        return firsts.indices.map { k in
            Span(fragments: firsts[k]..<(k + 1 < firsts.count ? firsts[k + 1] : fragments.count))
        }
    }

    /// pydicom's rule: a frame ends with the first fragment that has `FFD9` (JPEG EOI, also
    /// JPEG 2000 EOC) in its last 10 bytes. Trailing fragments without one form a last frame.
    static func endMarkerSpans(_ fragments: [ByteSlice]) -> [Span] {
        var spans: [Span] = []
        var first = 0
        for i in fragments.indices where endsCodestream(fragments[i]) {
            spans.append(Span(fragments: first..<(i + 1)))
            first = i + 1
        }
        if first < fragments.count { spans.append(Span(fragments: first..<fragments.count)) }
        return spans
    }

    static func startsCodestream(_ fragment: ByteSlice) -> Bool {
        let n = fragment.count
        if n >= 2, fragment[0] == 0xFF, fragment[1] == 0xD8 { return true }
        if n >= 4, fragment[0] == 0xFF, fragment[1] == 0x4F, fragment[2] == 0xFF, fragment[3] == 0x51 { return true }
        let jp2: [UInt8] = [0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20]
        if n >= 8, (0..<8).allSatisfy({ fragment[$0] == jp2[$0] }) { return true }
        return false
    }

    static func endsCodestream(_ fragment: ByteSlice) -> Bool {
        let n = fragment.count
        guard n >= 2 else { return false }
        for i in max(0, n - 10)..<(n - 1) where fragment[i] == 0xFF && fragment[i + 1] == 0xD9 {
            return true
        }
        return false
    }

    private static func binarySearch(_ sorted: [Int], _ value: Int) -> Int? {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low < sorted.count && sorted[low] == value ? low : nil
    }
}
