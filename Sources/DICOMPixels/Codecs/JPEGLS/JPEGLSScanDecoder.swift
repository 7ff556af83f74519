/// Decodes one JPEG-LS scan line by line into the frame: keeps the line above and the
/// current line of each component with their T.87 edge samples, handles restart intervals,
/// and checks after every line that the data was sound.
enum JPEGLSScanDecoder {
    /// Decodes `scan` and returns the position of the marker that follows its data.
    static func decode(_ scan: JPEGLSScanHeader, frame: JPEGLSFrameHeader, parameters: JPEGLSCodingParameters,
                       reader: JPEGLSBitReader, restartInterval: Int,
                       into writer: JPEGLSSampleWriter) throws(JPEGLSFailure) -> Int {
        let width = frame.columns, stride = frame.columns + 2
        let components = scan.components.count
        let model = JPEGLSContextModel(parameters)
        var samples = JPEGLSSampleDecoder(reader: reader, model: model, parameters: parameters)

        // Two lines per component; the first line of a scan (or of a restart interval) sees
        // zeros above it.
        let storage = UnsafeMutablePointer<Int32>.allocate(capacity: 2 * components * stride)
        defer { storage.deallocate() }
        storage.initialize(repeating: 0, count: 2 * components * stride)
        var above = (0..<components).map { storage + 2 * $0 * stride }
        var line = (0..<components).map { storage + (2 * $0 + 1) * stride }
        // Line interleave keeps a run index per component; the other modes have one.
        var runIndex = Array(repeating: 0, count: components)

        for row in 0..<frame.rows {
            if restartInterval > 0, row > 0, row % restartInterval == 0 {
                let marker = samples.reader.moveToMarker()
                let expected = 0xD0 + (row / restartInterval - 1) % 8
                guard samples.reader.byte(at: marker + 1) == expected else {
                    throw JPEGLSFailure("restart marker RST\(expected - 0xD0) is missing before row \(row + 1)")
                }
                samples.reader.restart(at: marker + 2)
                model.reset()
                storage.update(repeating: 0, count: 2 * components * stride)
                for c in 0..<components { runIndex[c] = 0 }
            }
            for c in 0..<components {
                line[c][0] = above[c][1]
                above[c][width + 1] = above[c][width]
            }
            if scan.interleave == .sample {
                samples.decodeInterleavedLine(previous: above, current: line, width: width, runIndex: &runIndex[0])
            } else {
                for c in 0..<components {
                    samples.decodeLine(previous: above[c], current: line[c], width: width, runIndex: &runIndex[c])
                }
            }
            guard !samples.reader.consumedPadding else {
                throw JPEGLSFailure("the scan data ends in row \(row + 1) of \(frame.rows) (truncated?)")
            }
            guard !samples.invalid else {
                throw JPEGLSFailure("row \(row + 1) of the scan holds a code JPEG-LS does not allow (damaged data)")
            }
            for c in 0..<components {
                writer.store(line[c] + 1, row: row, component: scan.components[c])
            }
            swap(&above, &line)
        }
        return samples.reader.moveToMarker()
    }
}
