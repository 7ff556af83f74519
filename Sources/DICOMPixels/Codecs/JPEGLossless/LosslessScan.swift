/// Decodes the entropy-coded data of one lossless scan (T.81 H.1.2, H.2) into the 16-bit
/// planes of the components it codes.
///
/// Reconstruction is modulo 2^16 as H.1.2.1 specifies. Prediction uses Ra (left), Rb (above)
/// and Rc (above-left) of the same plane; the first row of the scan and of every restart
/// interval predicts from the left, starting at 2^(P-Pt-1), and the first column from above.
struct LosslessScan {
    struct Component {
        /// Index into the frame's components, and so into the planes.
        var index: Int
        var table: LosslessHuffmanTable
    }

    private var reader: EntropyReader
    private let input: UnsafeRawBufferPointer
    private let planes: UnsafeMutablePointer<UInt16>
    private let width: Int
    private let height: Int
    private let components: [Component]
    private let predictor: Int
    private let initialPrediction: Int
    private let restartInterval: Int

    init(input: UnsafeRawBufferPointer, base: UnsafePointer<UInt8>, position: Int,
         planes: UnsafeMutablePointer<UInt16>,
         width: Int, height: Int, components: [Component], predictor: Int,
         initialPrediction: Int, restartInterval: Int) {
        reader = EntropyReader(base: base, end: input.count, position: position)
        self.input = input
        self.planes = planes
        self.width = width
        self.height = height
        self.components = components
        self.predictor = predictor
        self.initialPrediction = initialPrediction
        self.restartInterval = restartInterval
    }

    /// Decodes every row; returns the input position where the scan's data ends.
    mutating func run() throws(JPEGLosslessFailure) -> Int {
        // `components` keeps the tables alive for the whole scan, so the loops can use
        // their reference-free views.
        let count = components.count
        let lookups = UnsafeMutablePointer<HuffmanLookup>.allocate(capacity: count)
        let planeStarts = UnsafeMutablePointer<UnsafeMutablePointer<UInt16>>.allocate(capacity: count)
        let rows = UnsafeMutablePointer<UnsafeMutablePointer<UInt16>>.allocate(capacity: count)
        defer {
            lookups.deallocate()
            planeStarts.deallocate()
            rows.deallocate()
        }
        for (k, component) in components.enumerated() {
            (lookups + k).initialize(to: component.table.lookup)
            (planeStarts + k).initialize(to: planes + component.index * width * height)
            (rows + k).initialize(to: planeStarts[k])
        }

        let rowsPerInterval = restartInterval > 0 ? restartInterval / width : 0
        var rowsLeft = rowsPerInterval
        var nextRestart = 0
        for y in 0..<height {
            var firstLine = y == 0
            if rowsPerInterval > 0 {
                if rowsLeft == 0 {
                    try expectRestart(number: nextRestart)
                    nextRestart = (nextRestart + 1) & 7
                    rowsLeft = rowsPerInterval
                    firstLine = true
                }
                rowsLeft -= 1
            }
            if count == 1 {
                decodeRow(planeStarts[0] + y * width, lookups[0], firstLine: firstLine)
            } else {
                for k in 0..<count { rows[k] = planeStarts[k] + y * width }
                decodeInterleavedRow(rows, lookups, count: count, firstLine: firstLine)
            }
            if reader.invalidCode {
                throw JPEGLosslessFailure("row \(y) holds a code that is not in the scan's Huffman table")
            }
        }
        if reader.consumedPadding {
            throw JPEGLosslessFailure("the entropy-coded data ends before the scan's last row")
        }
        return reader.position
    }

    /// Ends a restart interval: the data must stop at RSTn with the expected n.
    private mutating func expectRestart(number: Int) throws(JPEGLosslessFailure) {
        if reader.consumedPadding {
            throw JPEGLosslessFailure("a restart interval's data ends before its last row")
        }
        var p = reader.position
        // Fill bytes (0xFF) may precede the marker.
        while p + 1 < input.count, input[p] == 0xFF, input[p + 1] == 0xFF { p += 1 }
        guard p + 1 < input.count, input[p] == 0xFF, input[p + 1] == 0xD0 + UInt8(number) else {
            throw JPEGLosslessFailure("restart marker RST\(number) is missing")
        }
        reader.restart(at: p + 2)
    }

    /// One row of a single-component scan; the predictor is chosen once per row so each
    /// loop body is branch-free apart from the Huffman slow path. The reader is copied to a
    /// local so its fields stay in registers: stores through `row` could otherwise alias it.
    private mutating func decodeRow(_ row: UnsafeMutablePointer<UInt16>, _ table: HuffmanLookup,
                                    firstLine: Bool) {
        var r = reader
        defer { reader = r }
        let width = self.width
        if firstLine {
            var ra = (initialPrediction &+ r.difference(table)) & 0xFFFF
            row[0] = UInt16(truncatingIfNeeded: ra)
            for x in 1..<max(width, 1) {
                ra = (ra &+ r.difference(table)) & 0xFFFF
                row[x] = UInt16(truncatingIfNeeded: ra)
            }
            return
        }
        let above = UnsafePointer(row - width)
        var ra = (Int(above[0]) &+ r.difference(table)) & 0xFFFF
        row[0] = UInt16(truncatingIfNeeded: ra)

        @inline(__always)
        func run(_ predict: (_ ra: Int, _ rb: Int, _ rc: Int) -> Int) {
            var rc = Int(above[0])
            for x in 1..<max(width, 1) {
                let rb = Int(above[x])
                ra = (predict(ra, rb, rc) &+ r.difference(table)) & 0xFFFF
                row[x] = UInt16(truncatingIfNeeded: ra)
                rc = rb
            }
        }
        switch predictor {
        case 1: run { ra, _, _ in ra }
        case 2: run { _, rb, _ in rb }
        case 3: run { _, _, rc in rc }
        case 4: run { ra, rb, rc in ra &+ rb &- rc }
        case 5: run { ra, rb, rc in ra &+ ((rb &- rc) >> 1) }
        case 6: run { ra, rb, rc in rb &+ ((ra &- rc) >> 1) }
        default: run { ra, rb, _ in (ra &+ rb) >> 1 }
        }
    }

    /// One row of an interleaved scan: each pixel codes one sample of every component in
    /// turn, each component with its own plane and table.
    private mutating func decodeInterleavedRow(_ rows: UnsafeMutablePointer<UnsafeMutablePointer<UInt16>>,
                                               _ tables: UnsafeMutablePointer<HuffmanLookup>,
                                               count: Int, firstLine: Bool) {
        var r = reader
        defer { reader = r }
        let width = self.width
        for k in 0..<count {
            let row = rows[k]
            let prediction = firstLine ? initialPrediction : Int(row[-width])
            row[0] = UInt16(truncatingIfNeeded: prediction &+ r.difference(tables[k]))
        }
        guard width > 1 else { return }

        @inline(__always)
        func run(_ predict: (_ ra: Int, _ rb: Int, _ rc: Int) -> Int) {
            for x in 1..<width {
                for k in 0..<count {
                    let row = rows[k]
                    let prediction = predict(Int(row[x - 1]), Int(row[x - width]), Int(row[x - width - 1]))
                    row[x] = UInt16(truncatingIfNeeded: prediction &+ r.difference(tables[k]))
                }
            }
        }
        if firstLine {
            for x in 1..<width {
                for k in 0..<count {
                    let row = rows[k]
                    row[x] = UInt16(truncatingIfNeeded: Int(row[x - 1]) &+ r.difference(tables[k]))
                }
            }
            return
        }
        switch predictor {
        case 1: run { ra, _, _ in ra }
        case 2: run { _, rb, _ in rb }
        case 3: run { _, _, rc in rc }
        case 4: run { ra, rb, rc in ra &+ rb &- rc }
        case 5: run { ra, rb, rc in ra &+ ((rb &- rc) >> 1) }
        case 6: run { ra, rb, rc in rb &+ ((ra &- rc) >> 1) }
        default: run { ra, rb, _ in (ra &+ rb) >> 1 }
        }
    }
}

extension EntropyReader {
    /// Decodes one Huffman-coded difference (T.81 H.1.2.2): category SSSS, then SSSS
    /// magnitude bits, except SSSS = 16 which means 32768.
    @inline(__always)
    mutating func difference(_ table: HuffmanLookup) -> Int {
        ensure32()
        let entry = table.fast[Int(truncatingIfNeeded: bits &>> UInt64(64 - LosslessHuffmanTable.lookaheadBits))]
        let length = Int(entry & 0x3F)
        if UInt(bitPattern: length &- 1) < 31 {
            // Shift by the entry itself: the low 6 bits are the length and the shift masks to
            // 6 bits, which keeps an AND off the bits → lookup → shift dependency chain.
            shiftOut(entry: entry, length: length)
            return Int(entry >> 8)
        }
        let (value, used) = Self.slowDifference(entry, bits, table)
        if used == 0 { invalidCode = true }
        consume(used)
        return value
    }

    /// Codes longer than the lookahead, or whose magnitude bits do not fit in it. `bits`
    /// holds at least 32 valid bits. Returns the difference and the bits it used, 0 for a
    /// bit pattern that is no code (or a category above 16). Static and value-only so the
    /// caller's reader stays in registers.
    @inline(never)
    static func slowDifference(_ entry: Int32, _ bits: UInt64, _ table: HuffmanLookup) -> (value: Int, used: Int) {
        let symbol: Int
        let length: Int
        if entry & LosslessHuffmanTable.symbolOnlyFlag != 0 {
            symbol = Int((entry >> 8) & 0xFF)
            length = Int(entry & 0x1F)
        } else if let decoded = table.slowSymbol(bits) {
            (symbol, length) = decoded
        } else {
            return (0, 0)
        }
        switch symbol {
        case 0: return (0, length)
        case 16: return (32768, length)
        case 1...15:
            let magnitude = Int(truncatingIfNeeded: (bits &<< UInt64(length)) &>> UInt64(64 - symbol))
            return (LosslessHuffmanTable.extend(magnitude, symbol), length + symbol)
        default: return (0, 0)
        }
    }
}
