/// The MQ arithmetic decoder (ISO/IEC 15444-1 C.3) over one codeword segment.
///
/// Registers follow the standard's software conventions (C.3.1), with A and C both
/// holding their 16-bit parts in bits 32–47, like Qe in the 64-bit context words, so the
/// three compare and subtract with no shifts: `c` is C, `ct` the bits left before the next
/// BYTEIN. Below Chigh, C has room for 32 bits read ahead, so BYTEIN, whose branch the
/// renormalization mispredicts, reads four bytes at once when none of them is a 0xFF.
/// A is kept as its excess over 0x8000 (`excess`), which is negative exactly when
/// A needs renormalizing. Subtracting Qe from both, a decision is the MPS with nothing
/// more to do when neither went negative (Chigh ≥ Qe, A − Qe ≥ 0x8000): two subtractions
/// and one test, the path most decisions take.
///
/// The segment must be followed by four 0xFF bytes (see ``padding``): past its end the
/// decoder reads 0xFF bytes, which C.3.4 turns into 1 bits, and a 0xFF followed by 0xFF
/// is a marker BYTEIN never moves past, so a short segment can never read beyond them;
/// the four-byte read looks at most three bytes past the last one that is not a 0xFF.
/// With no end to test, the decoder is four registers: `c`, `excess`, `ct` and the next
/// byte's address.
///
/// Each context is one word of `J2KMQTables`: Qe, the MPS and where to go next, so the
/// chain from context to decision has a single load.
struct J2KMQDecoder {
    /// The bytes that must follow a segment: a marker, which stops BYTEIN.
    static let padding: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF]

    /// A = 0x8000 in the registers' layout.
    private static let half = 0x8000 << 32

    private var next: UnsafePointer<UInt8>
    private var c = 0
    private var excess = 0
    private var ct = 0

    /// Starts decoding the segment at `bytes`, which ``padding`` follows (INITDEC, C.3.5).
    init(_ bytes: UnsafePointer<UInt8>) {
        next = bytes
        c = Int(bytes[0]) << 32
        byteIn()
        c <<= 7
        ct -= 7
    }

    /// BYTEIN (C.3.4): a 0xFF followed by a byte above 0x8F is a marker, which is not read.
    /// When the last byte read and the three after it are no 0xFF, the four that follow it
    /// are plain bytes, read at once.
    @inline(__always)
    private mutating func byteIn() {
        let following = Int(next[1])
        let bytes = UnsafeRawPointer(next)
        let head = bytes.loadUnaligned(as: UInt32.self)
        // Nonzero when a byte of ~head is zero, that is, when one of head's is 0xFF.
        if (~head &- 0x0101_0101) & head & 0x8080_8080 == 0 {
            c &+= Int(UInt32(bigEndian: (bytes + 1).loadUnaligned(as: UInt32.self)))
            next += 4
            ct = 32
        } else if next[0] == 0xFF {
            if following > 0x8F {
                c &+= 0xFF << 24
                ct = 8
            } else {
                next += 1
                c &+= following << 25
                ct = 7
            }
        } else {
            next += 1
            c &+= following << 24
            ct = 8
        }
    }

    /// DECODE (C.3.2) of one binary decision in the context whose word is `state`: one in
    /// memory, or one a pass keeps in a register because it uses it often.
    ///
    /// Past the MPS fast path, written without branches on the decision: near-even
    /// contexts (refinement, sign) would mispredict about every other one. C was in the
    /// LPS subinterval when Chigh < Qe; after the conditional exchange, the decision is the
    /// LPS exactly when that differs from A < Qe, and A always needs renormalizing.
    @inline(__always)
    mutating func decode(_ state: inout UInt64, _ tables: J2KMQTables) -> Int {
        let entry = state
        let qe = Int(truncatingIfNeeded: entry & 0xFFFF_0000_0000)
        let mps = Int(entry & 1)
        excess &-= qe
        c &-= qe
        if excess | c >= 0 { return mps }
        let lowerInterval = c < 0
        var a = excess &+ Self.half
        let isLPS = lowerInterval != (a < qe)
        c = lowerInterval ? c &+ qe : c
        a = lowerInterval ? qe : a
        state = tables.entries[Int(truncatingIfNeeded: entry &>> (isLPS ? 8 : 1)) & 0x7F]
        renormalize(a)
        return mps ^ (isLPS ? 1 : 0)
    }

    /// RENORMD (C.3.3) of `a`: doubles A until its top bit is set, reading bytes whenever
    /// C has shifted out the bits it held; the doublings between two reads are one shift.
    @inline(__always)
    private mutating func renormalize(_ a: Int) {
        var a = a
        var shift = a.leadingZeroBitCount &- 16
        while shift > ct {
            a &<<= ct
            c &<<= ct
            shift &-= ct
            byteIn()
        }
        a &<<= shift
        c &<<= shift
        ct &-= shift
        excess = a &- Self.half
    }
}

/// Table C.2 as the words contexts hold: a context's word is the entry of its state and
/// MPS, so one load gives everything a decision needs. Entry `2 × state + mps` holds Qe
/// (bits 32–47, where the decoder keeps A), the MPS (bit 0), and the index of the entry
/// that follows an MPS (bits 1–7) and an LPS (bits 8–14, with the MPS switched where
/// SWITCH says so).
struct J2KMQTables {
    let entries: UnsafeMutablePointer<UInt64>

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

    /// Writes the 94 entries to `entries`, which the tables then read.
    static func write(to entries: UnsafeMutablePointer<UInt64>) {
        for (state, row) in table.split(separator: ",").enumerated() {
            let fields = row.split(separator: " ")
            let qe = UInt64(fields[0], radix: 16) ?? 0
            let nmps = UInt64(fields[1]) ?? 0, nlps = UInt64(fields[2]) ?? 0, switches = fields[3] == "1"
            for mps in 0..<2 {
                let afterMPS = nmps * 2 + UInt64(mps), afterLPS = nlps * 2 + UInt64(switches ? 1 - mps : mps)
                entries[2 * state + mps] = qe << 32 | UInt64(mps) | afterMPS << 1 | afterLPS << 8
            }
        }
    }
}
