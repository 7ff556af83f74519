#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DICOM
@testable import DICOMPixels
import Foundation
import XCTest

/// "Reading frame 500 of a 1,000-frame file touches one frame's bytes", proven rather than
/// timed: the file is memory-mapped by the reader, then every page of the pixel data that
/// holds no byte of frame 500 is made inaccessible with `mprotect(PROT_NONE)`. Indexing the
/// frames and decoding frame 500 must then succeed with the right values; a read of any
/// other frame's bytes would stop the test process with SIGSEGV. A forked child checks that
/// the protection really is in force. Only the pages shared with frames 499 and 501 (at most
/// one each) and the partial pages at the two ends of the pixel data stay readable.
final class LazyFrameAccessTests: XCTestCase {
    private typealias F = PixelFixture
    private let frames = 1000
    private let rows = 64, columns = 64  // 8192 bytes a frame at 16 bits
    private var frameBytes: Int { rows * columns * 2 }
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("concord-lazy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Frame `i`'s stored bytes: distinct for every frame.
    private func content(_ i: Int) -> [UInt8] {
        (0..<frameBytes).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ i &* 13) }
    }

    private func image() -> F.Image {
        F.Image(rows: rows, columns: columns, bitsAllocated: 16, frames: frames)
    }

    private func write(_ dataSet: DataSet, syntax: TransferSyntax, name: String) throws -> String {
        var dataSet = dataSet
        dataSet.set(F.text(Tag(0x0008, 0x0016), .UI, "1.2.840.10008.5.1.4.1.1.7"))
        dataSet.set(F.text(Tag(0x0008, 0x0018), .UI, "2.25.2"))
        let path = directory.appendingPathComponent(name).path
        try DICOMWriter().write(DICOMFile(fileMetaInformation: DataSet(), dataSet: dataSet, transferSyntax: syntax), to: path)
        return path
    }

    func testNativeFrame500TouchesOneFrame() throws {
        let pixels = (0..<frames).flatMap(content)
        let path = try write(F.native(image(), pixels: pixels), syntax: .explicitVRLittleEndian, name: "native.dcm")
        let file = try DICOMFile(path: path)
        guard let value = file.dataSet[.pixelData]?.bytes else { return XCTFail("no native pixel data") }
        let keep = (value.range.lowerBound + 500 * frameBytes)..<(value.range.lowerBound + 501 * frameBytes)
        try withOnly(keep, readableIn: value.range, of: value.storage) {
            let decoded = try PixelData(file: file).frame(500)
            XCTAssertEqual(decoded, content(500))
        }
    }

    func testEncapsulatedFrame500TouchesOneFrame() throws {
        // Basic Offset Table, Extended Offset Table, and no table (one fragment per frame).
        let fragments = (0..<frames).map(content)
        let offsets = (0..<frames).map { $0 * (8 + frameBytes) }
        let syntax = F.fakeCodecSyntax
        let variants: [(String, DataSet, FrameIndex.Method)] = [
            ("bot.dcm", F.encapsulated(image(), basicOffsetTable: offsets.map(UInt32.init), fragments: fragments), .basicOffsetTable),
            ("eot.dcm", F.encapsulated(image(), fragments: fragments, extra: [
                F.element(.extendedOffsetTable, .OV, F.le64(offsets.map(UInt64.init))),
                F.element(.extendedOffsetTableLengths, .OV, F.le64(Array(repeating: UInt64(frameBytes), count: frames))),
            ]), .extendedOffsetTable),
            ("none.dcm", F.encapsulated(image(), fragments: fragments), .fragmentPerFrame),
        ]
        for (name, dataSet, method) in variants {
            let file = try DICOMFile(path: write(dataSet, syntax: syntax, name: name))
            guard let encapsulated = file.dataSet[.pixelData]?.encapsulated, encapsulated.fragments.count == frames else {
                return XCTFail("\(name): no encapsulated pixel data")
            }
            let first = encapsulated.fragments[0], last = encapsulated.fragments[frames - 1]
            let region = (first.range.lowerBound - 8)..<last.range.upperBound
            try withOnly(encapsulated.fragments[500].range, readableIn: region, of: first.storage) {
                let pixels = try PixelData(file: file, registry: .with(CopyingDecoder(), for: syntax))
                XCTAssertEqual(pixels.frames.method, method, name)
                XCTAssertEqual(try pixels.frame(500), content(500), name)
            }
        }
    }

    /// Runs `body` while every page of `region` (offsets into `storage`) that does not
    /// overlap `keep` is unreadable.
    private func withOnly(_ keep: Range<Int>, readableIn region: Range<Int>, of storage: ByteStorage,
                          _ body: () throws -> Void) throws {
        guard let base = storage.bytes.baseAddress else { return XCTFail("empty storage") }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = Int(bitPattern: base)
        func pages(_ lower: Int, _ upper: Int) -> Range<Int>? {
            let a = (start + lower + page - 1) / page * page
            let b = (start + upper) / page * page
            return a < b ? a..<b : nil
        }
        let locked = [pages(region.lowerBound, keep.lowerBound), pages(keep.upperBound, region.upperBound)].compactMap { $0 }
        let lockedBytes = locked.reduce(0) { $0 + $1.count }
        // Everything is locked but frame 500, the partial pages around it, and the partial
        // pages at both ends of the pixel data.
        XCTAssertGreaterThanOrEqual(lockedBytes, region.count - keep.count - 4 * page)
        for range in locked {
            XCTAssertEqual(mprotect(UnsafeMutableRawPointer(bitPattern: range.lowerBound), range.count, PROT_NONE), 0)
        }
        defer {
            for range in locked { _ = mprotect(UnsafeMutableRawPointer(bitPattern: range.lowerBound), range.count, PROT_READ) }
        }
        if let probe = locked.first { assertUnreadable(probe.lowerBound) }
        try body()
    }

    /// A child process that reads `address` must die of SIGSEGV: the lock is real.
    private func assertUnreadable(_ address: Int) {
        #if os(Linux)
        let pid = fork()
        if pid == 0 {
            // Die at once: no crash backtrace from the Swift runtime for an expected fault.
            signal(SIGSEGV, SIG_DFL)
            let byte = UnsafeRawPointer(bitPattern: address)?.load(as: UInt8.self) ?? 0
            _exit(Int32(byte & 0) + 42)
        }
        XCTAssertGreaterThan(pid, 0)
        var status: Int32 = 0
        XCTAssertEqual(waitpid(pid, &status, 0), pid)
        XCTAssertEqual(status & 0x7F, SIGSEGV, "the child read a locked page (status \(status))")
        #endif
    }
}
