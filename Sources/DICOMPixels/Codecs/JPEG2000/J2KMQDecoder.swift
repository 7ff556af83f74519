/// The MQ arithmetic decoder (ISO/IEC 15444-1 C.3) over one codeword segment.
///
/// The registers follow the standard's software conventions (C.3.1) in a 64-bit C: Chigh
/// is its top 16 bits, and below it up to 40 bits of the next bytes are loaded ahead
/// (`ct` counts them), so a byte is read about once every three renormalizations instead
/// of every one. Loading a byte early changes nothing the decisions see: it lands below
/// the bits already loaded, where C is zero, so no carry reaches Chigh — except for the
/// byte after a 0xFF, whose top bit overlaps the 0xFF's last one (the stuffed carry, C.3.4).
/// Such a byte waits until the 0xFF is all in Chigh, as in the standard's BYTEIN. Past the
/// segment's end the decoder reads 0xFF bytes, which C.3.4 turns into 1 bits, so a short
/// segment can never read outside its bytes.
///
/// Each context is one word of `J2KMQTables`: Qe, the MPS and where to go next, so the
/// chain from context to decision has a single load.
struct J2KMQDecoder {
    private let bytes: UnsafePointer<UInt8>
    private let end: Int
    /// The last byte loaded into C.
    private var position = 0
    private var c: UInt64 = 0
    private var a: UInt32 = 0x8000
    /// Bits loaded below Chigh.
    private var ct = 0

    /// Starts decoding `count` bytes at `bytes` (INITDEC, C.3.5).
    init(_ bytes: UnsafePointer<UInt8>, count: Int) {
        self.bytes = bytes
        end = count
        c = UInt64(byte(0)) << 48
        load()
        c <<= 7
        ct -= 7
        a = 0x8000
    }

    @inline(__always)
    private func byte(_ i: Int) -> UInt8 { i < end ? bytes[i] : 0xFF }

    /// BYTEIN (C.3.4) for as many bytes as fit below the loaded bits: a 0xFF followed by a
    /// byte above 0x8F is a marker, which is not read (1 bits follow instead); the byte
    /// after any other 0xFF brings 7 bits.
    private mutating func load() {
        while ct <= 32 {
            if byte(position) == 0xFF {
                let next = byte(position &+ 1)
                if next > 0x8F {
                    c &+= 0xFF << UInt64(40 &- ct)
                    ct &+= 8
                } else {
                    // Its top bit adds to the 0xFF's last bit: only once that is in Chigh.
                    if next >= 0x80 && ct > 0 { return }
                    position &+= 1
                    c &+= UInt64(next) << UInt64(41 &- ct)
                    ct &+= 7
                }
            } else {
                position &+= 1
                c &+= UInt64(byte(position)) << UInt64(40 &- ct)
                ct &+= 8
            }
        }
    }

    /// DECODE (C.3.2) of one binary decision in the context whose word is `state`.
    ///
    /// Written without branches on the decision or on whether A needs renormalizing:
    /// near-even contexts (refinement, sign) would mispredict about every other one. C is
    /// in the LPS subinterval when Chigh < Qe; after the conditional exchange, the decision
    /// is the LPS exactly when that differs from A < Qe, and the state moves only when A
    /// needs renormalizing, by as many doublings as A has leading zeros. Both possible next
    /// states are loaded while A and C are worked out, so a context decoded again at once
    /// (refinement, runs of one zero-coding label) waits for one select, not a load.
    @inline(__always)
    mutating func decode(_ state: inout UInt32, _ tables: J2KMQTables) -> Int {
        let entry = state
        let afterMPS = tables.entries[Int(entry >> 17) & 0x7F]
        let afterLPS = tables.entries[Int(entry >> 24) & 0x7F]
        let qe = entry & 0xFFFF
        let mps = Int(entry >> 16) & 1
        a &-= qe
        let lowerInterval = UInt32(truncatingIfNeeded: c >> 48) < qe
        let isLPS = lowerInterval != (a < qe)
        c = lowerInterval ? c : c &- (UInt64(qe) << 48)
        a = lowerInterval ? qe : a
        state = a < 0x8000 ? (isLPS ? afterLPS : afterMPS) : entry
        let shift = a.leadingZeroBitCount &- 16
        if ct &- shift < 16 {
            renormalizeAndLoad(shift)
        } else {
            a <<= UInt32(shift)
            c <<= UInt64(shift)
            ct &-= shift
        }
        return mps ^ (isLPS ? 1 : 0)
    }

    /// RENORMD (C.3.3) when it uses up the loaded bits: `shift` doublings, stopping for
    /// a byte that could not be loaded early, then loading what fits.
    private mutating func renormalizeAndLoad(_ shift: Int) {
        var shift = shift
        while shift > ct {
            a <<= UInt32(ct)
            c <<= UInt64(ct)
            shift &-= ct
            ct = 0
            load()
        }
        a <<= UInt32(shift)
        c <<= UInt64(shift)
        ct &-= shift
        load()
    }
}

/// Table C.2 as the words contexts hold: a context's word is the entry of its state and
/// MPS, so one load gives everything a decision needs. Entry `2 × state + mps` holds Qe
/// (bits 0–15), the MPS (bit 16), and the index of the entry that follows an MPS (bits
/// 17–23) and an LPS (bits 24–30, with the MPS switched where SWITCH says so).
struct J2KMQTables {
    let entries: UnsafeMutablePointer<UInt32>

    /// Qe, NMPS, NLPS, SWITCH for the 47 states, as a string so the compiler reads no
    /// large literal.
    private static let table = """
        5601 1 1 1, 3401 2 6 0, 1801 3 9 0, 0AC1 4 12 0, 0521 5 29 0, 0221 38 33 0, 5601 7 6 1, \
        5401 8 14 0, 4801 9 14 0, 3801 10 14 0, 3001 11 17 0, 2401 12 18 0, 1C01 13 20 0, \
        1601 29 21 0, 5601 15 14 1, 5401 16 14 0, 5101 17 15 0, 4801 18 16 0, 3801 19 17 0, \
        3401 20 18 0, 3001 21 19 0, 2801 22 19 0, 2401 23 20 0, 2201 24 21 0, 1C01 25 22 0, \
        1801 26 23 0, 1601 27 24 0, 1401 28 25 0, 1201 29 26 0, 1101 30 27 0, 0AC1 31 28 0, \
        09C1 32 29 0, 08A1 33 30 0, 0521 34 31 0, 0441 35 32 0, 02A1 36 33 0, 0221 37 34 0, \
        0141 38 35 0, 0111 39 36 0, 0085 40 37 0, 0049 41 38 0, 0025 42 39 0, 0015 43 40 0, \
        0009 44 41 0, 0005 45 42 0, 0001 45 43 0, 5601 46 46 0
        """

    /// Allocates the table; `deallocate()` frees it.
    static func make() -> J2KMQTables {
        let tables = J2KMQTables(entries: .allocate(capacity: 94))
        for (state, row) in table.split(separator: ",").enumerated() {
            let fields = row.split(separator: " ")
            let qe = UInt32(fields[0], radix: 16) ?? 0
            let nmps = UInt32(fields[1]) ?? 0, nlps = UInt32(fields[2]) ?? 0, switches = fields[3] == "1"
            for mps in 0..<2 {
                let afterMPS = nmps * 2 + UInt32(mps), afterLPS = nlps * 2 + UInt32(switches ? 1 - mps : mps)
                tables.entries[2 * state + mps] = qe | UInt32(mps) << 16 | afterMPS << 17 | afterLPS << 24
            }
        }
        return tables
    }

    func deallocate() {
        entries.deallocate()
    }
}
