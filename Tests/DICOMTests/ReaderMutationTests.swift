import DICOM
import Foundation
import XCTest

/// Robustness of the reader against hostile input: every fixture in `Fixtures/dicom/` is
/// truncated, bit-flipped and given impossible lengths, and synthetic streams nest sequences
/// 10,000 levels deep. Each mutated buffer must either parse (and then encode to valid DICOM JSON
/// and dump without trouble) or be rejected with a thrown ``DICOMError``; nothing may crash, and
/// no single case may take longer than ``caseTimeLimit``.
///
/// Everything is deterministic (SplitMix64 seeded from the file name). Set
/// `CONCORD_MUTATION_TRACE=1` to print each case before it runs, so a crash names its case.
final class ReaderMutationTests: XCTestCase {
    /// No single parse + encode + dump may take longer than this.
    static let caseTimeLimit: UInt64 = 2_000_000_000

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtureDirectory = packageRoot.appendingPathComponent("Fixtures/dicom", isDirectory: true)

    static func fixtures() throws -> [(name: String, bytes: [UInt8])] {
        let names = try FileManager.default.contentsOfDirectory(atPath: fixtureDirectory.path)
            .filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") }
            .sorted()
        return try names.map { name in
            (name, [UInt8](try Data(contentsOf: fixtureDirectory.appendingPathComponent(name))))
        }
    }

    // MARK: - Fixtures intact

    func testFixturesParseIntact() throws {
        let fixtures = try Self.fixtures()
        XCTAssertGreaterThanOrEqual(fixtures.count, 7, "expected the fixtures of scripts/make-dicom-fixtures.sh")
        var harness = MutationHarness()
        var rows: [String: [Int]] = [:]
        for fixture in fixtures {
            switch harness.run("\(fixture.name) intact", fixture.bytes, options: ReadOptions()) {
            case let .parsed(file):
                XCTAssertFalse(file.dataSet.isEmpty, fixture.name)
                XCTAssertNil(file.truncation, fixture.name)
                if fixture.name.hasPrefix("mr_") {
                    rows[fixture.name] = file.dataSet.integers(Tag(0x0028, 0x0010))
                        + file.dataSet.integers(Tag(0x0028, 0x0106)) + file.dataSet.integers(Tag(0x0028, 0x0107))
                }
                if fixture.name == "ct_explicit_le.dcm" {
                    XCTAssertEqual(file.dataSet.integers(Tag(0x0028, 0x0106)), [-23], "SS Smallest Image Pixel Value")
                }
                if fixture.name == "sr_utf8.dcm" {
                    XCTAssertEqual(file.dataSet.string(Tag(0x0010, 0x0010)), "CONCORD^Zoé^TEST=测试^中文")
                }
            case let .rejected(error):
                XCTFail("\(fixture.name) does not parse: \(error)")
            }
        }
        // The same MR in four transfer syntaxes reads to the same numbers (BE byte order,
        // implicit "US or SS" resolution, inflation, encapsulation).
        for (name, values) in rows {
            XCTAssertEqual(values, [64, 100, 3000], name)
        }
        XCTAssertTrue(harness.failures.isEmpty, harness.failures.joined(separator: "\n"))
    }

    // MARK: - Mutated fixtures

    func testMutatedFixturesNeverCrashAndFinishInTime() throws {
        let fixtures = try Self.fixtures()
        XCTAssertFalse(fixtures.isEmpty, "no fixtures in \(Self.fixtureDirectory.path)")
        var harness = MutationHarness()
        let strict = ReadOptions()
        var tolerant = ReadOptions()
        tolerant.toleratesTruncation = true
        let started = DispatchTime.now().uptimeNanoseconds

        for fixture in fixtures {
            let bytes = fixture.bytes
            let layout = Layout.scan(bytes)
            let isDeflated = layout.transferSyntaxUID?.hasPrefix("1.2.840.10008.1.2.1.99") ?? false
            var rng = SplitMix64(seed: fnv1a(fixture.name))
            let fileStart = harness.cases

            // Where a cut leaves whole top-level elements: those truncations may parse.
            var boundaries: Set<Int> = [bytes.count, 132]
            if case let .parsed(file) = harness.run("\(fixture.name) intact", bytes, options: strict) {
                for element in file.fileMetaInformation.elements { boundaries.insert(element.offset) }
                if !isDeflated { for element in file.dataSet.elements { boundaries.insert(element.offset) } }
                boundaries.insert(layout.dataSetStart)
            }

            // 1. Truncation: every offset in the first 512 bytes, then ~200 spread offsets.
            var cuts = Array(0..<min(512, bytes.count))
            if bytes.count > 512 {
                let span = bytes.count - 512
                for i in 0..<200 {
                    let base = 512 + span * i / 200
                    cuts.append(min(bytes.count - 1, base + Int(rng.next(below: UInt64(max(1, span / 200))))))
                }
            }
            cuts.append(bytes.count - 1)
            for cut in Set(cuts).sorted() {
                let prefix = Array(bytes[0..<cut])
                let label = "\(fixture.name) truncated at \(cut)"
                let outcome = harness.run(label, prefix, options: strict)
                harness.checkOffset(outcome, limit: isDeflated ? nil : cut, label: label)
                // Past the preamble and not at an element boundary, the strict reader must
                // notice the cut (for deflated data only the File Meta part is checked).
                let mustReject = cut > 132 && !boundaries.contains(cut) && (!isDeflated || cut < layout.dataSetStart)
                if mustReject {
                    switch outcome {
                    case .parsed:
                        harness.fail("\(label): a cut inside an element parsed without error")
                    case .rejected(.truncated), .rejected(.malformed):
                        break
                    case let .rejected(other):
                        harness.fail("\(label): expected .truncated or .malformed, got \(other)")
                    }
                } else if cut < 132, case let .parsed(file) = outcome {
                    harness.preambleCutsAccepted += 1
                    harness.note("\(label) parsed as a bare data set of \(file.dataSet.count) elements: first \(file.dataSet.tags.first.map { "\($0)" } ?? "none")")
                }
                let tolerated = harness.run(label + " (tolerant)", prefix, options: tolerant)
                harness.checkOffset(tolerated, limit: isDeflated ? nil : cut, label: label + " (tolerant)")
                if mustReject, case let .rejected(.truncated(offset, reason)) = tolerated {
                    harness.tolerantStillTruncated += 1
                    harness.note("tolerant mode still threw: \(label): truncated at \(offset): \(reason)")
                }
                if case let .parsed(file) = tolerated, let truncation = file.truncation {
                    if case .truncated = truncation {} else {
                        harness.fail("\(label) (tolerant): truncation recorded as \(truncation)")
                    }
                }
            }

            // 2. Single-byte flips: half anywhere, half in the bytes outside bulk values
            //    (headers, text, short binary values), where the structure is.
            let structural = isDeflated ? [0..<bytes.count] : layout.structuralRanges(count: bytes.count)
            let structuralCount = structural.reduce(0) { $0 + $1.count }
            for i in 0..<2_000 {
                var position = Int(rng.next(below: UInt64(bytes.count)))
                if i % 2 == 1, structuralCount > 0 {
                    var k = Int(rng.next(below: UInt64(structuralCount)))
                    for range in structural {
                        if k < range.count { position = range.lowerBound + k; break }
                        k -= range.count
                    }
                }
                var mutated = bytes
                mutated[position] ^= UInt8(truncatingIfNeeded: 1 + rng.next(below: 255))
                harness.run("\(fixture.name) byte \(position) ^= \(mutated[position] ^ bytes[position])", mutated, options: strict)
            }

            // 3. Huge and off-by-one lengths at every length field found by scanning.
            for field in layout.lengthFields {
                let values: [UInt32] = field.width == 4
                    ? [0xFFFF_FFFE, 0x7FFF_FFFF, 0xFFFF_FFFF, field.value &+ 1, field.value &- 1]
                    : [0xFFFF, 0xFFFE, 0x8000, field.value &+ 1, field.value &- 1]
                for value in values {
                    var mutated = bytes
                    field.write(value, into: &mutated)
                    let label = "\(fixture.name) length at \(field.offset) = \(String(value, radix: 16))"
                    let outcome = harness.run(label, mutated, options: strict)
                    harness.checkOffset(outcome, limit: isDeflated ? nil : mutated.count, label: label)
                    harness.run(label + " (tolerant)", mutated, options: tolerant)
                }
            }

            // 4. Specific Character Set swapped for every defined term, with the person name
            //    replaced by escape sequences, delimiters and high bytes.
            if let characterSet = layout.element(Tag(0x0008, 0x0005)), let name = layout.element(Tag(0x0010, 0x0010)),
               layout.isExplicitLittleEndian, !isDeflated {
                for term in Self.characterSetTerms {
                    for variant in 0..<8 {
                        let soup = variant == 0 ? Array(bytes[name.valueRange]) : Self.textSoup(&rng)
                        let mutated = layout.replacing([(characterSet, Array(term.utf8)), (name, soup)], in: bytes)
                        harness.run("\(fixture.name) charset '\(term)' name variant \(variant)", mutated, options: strict)
                    }
                }
            }

            print("[mutation] \(fixture.name): \(harness.cases - fileStart) cases, \(layout.lengthFields.count) length fields")
        }

        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        print(harness.summary(title: "fixture mutations", seconds: seconds))
        XCTAssertTrue(harness.failures.isEmpty, harness.failures.prefix(50).joined(separator: "\n"))
        XCTAssertLessThanOrEqual(harness.maxNanos, Self.caseTimeLimit, "slowest case: \(harness.slowestCase)")
    }

    /// A Deflated data set cut anywhere inside its deflate stream lacks the end-of-stream marker:
    /// the strict reader must report that, not return the part that inflated (which may be
    /// empty or end exactly at an element boundary, so the element parser cannot notice).
    func testTruncatedDeflateStreamIsRejected() throws {
        var harness = MutationHarness()
        var tolerant = ReadOptions()
        tolerant.toleratesTruncation = true
        var silent: [Int] = []
        var unrecorded: [Int] = []
        for fixture in try Self.fixtures() {
            let layout = Layout.scan(fixture.bytes)
            guard layout.transferSyntaxUID == "1.2.840.10008.1.2.1.99" else { continue }
            for cut in (layout.dataSetStart + 1)..<fixture.bytes.count {
                let prefix = Array(fixture.bytes[0..<cut])
                let label = "\(fixture.name) truncated at \(cut) (deflate stream from \(layout.dataSetStart))"
                let outcome = harness.run(label, prefix, options: ReadOptions())
                switch outcome {
                case .parsed: silent.append(cut)
                case .rejected(.truncated), .rejected(.malformed): break
                case let .rejected(other): harness.fail("\(label): expected .truncated or .malformed, got \(other)")
                }
                if case let .parsed(file) = harness.run(label + " (tolerant)", prefix, options: tolerant), file.truncation == nil {
                    unrecorded.append(cut)
                }
            }
        }
        if let first = silent.first, let last = silent.last {
            harness.fail("\(silent.count) cuts inside the deflate stream parsed without error (offsets \(first)…\(last)), e.g. mr_deflated.dcm cut at \(first)")
        }
        if let first = unrecorded.first, let last = unrecorded.last {
            harness.fail("\(unrecorded.count) cuts inside the deflate stream parsed with toleratesTruncation without setting DICOMFile.truncation (offsets \(first)…\(last))")
        }
        print(harness.summary(title: "truncated deflate streams", seconds: nil))
        XCTAssertTrue(harness.failures.isEmpty, harness.failures.prefix(5).joined(separator: "\n"))
    }

    private static let characterSetTerms = [
        "", "ISO_IR 6", "ISO_IR 100", "ISO_IR 101", "ISO_IR 109", "ISO_IR 110", "ISO_IR 126", "ISO_IR 127",
        "ISO_IR 138", "ISO_IR 144", "ISO_IR 148", "ISO_IR 166", "ISO_IR 13", "ISO_IR 203", "ISO_IR 192",
        "GB18030", "GBK", "ISO 2022 IR 6", "ISO 2022 IR 100\\ISO 2022 IR 126", "\\ISO 2022 IR 87",
        "ISO 2022 IR 13\\ISO 2022 IR 87", "\\ISO 2022 IR 87\\ISO 2022 IR 159", "\\ISO 2022 IR 149",
        "\\ISO 2022 IR 58", "ISO_IR 192\\GB18030", "ISO 2022 IR 166\\ISO 2022 IR 87", "ISO IR 100", "BOGUS\\ISO_IR 100",
    ]

    /// Bytes that stress text decoders: ISO 2022 escape sequences (complete and cut short),
    /// PN and multi-value delimiters, control characters, invalid UTF-8, double-byte lead bytes.
    private static func textSoup(_ rng: inout SplitMix64) -> [UInt8] {
        let pieces: [[UInt8]] = [
            [0x1B, 0x24, 0x42], [0x1B, 0x28, 0x42], [0x1B, 0x28, 0x4A], [0x1B, 0x24, 0x29, 0x43], [0x1B, 0x24, 0x29, 0x41],
            [0x1B, 0x24, 0x28, 0x44], [0x1B, 0x2D, 0x41], [0x1B, 0x2D, 0x46], [0x1B, 0x29, 0x49], [0x1B, 0x24], [0x1B],
            [0x5E], [0x3D], [0x5C], [0x0D, 0x0A], [0x09], [0x00], [0x20],
            [0xC3, 0xA9], [0xE4, 0xB8, 0xAD], [0xF0, 0x9F, 0x98, 0x80], [0xC3], [0xE4, 0xB8], [0xFF], [0xFE, 0xFF],
            [0xB0, 0xA1], [0x81, 0x30, 0x81, 0x30], [0x81], [0x3B, 0x3C], [0x41, 0x42, 0x43],
        ]
        var out: [UInt8] = []
        let count = 1 + Int(rng.next(below: 24))
        for _ in 0..<count {
            if rng.next(below: 4) == 0 {
                out.append(UInt8(truncatingIfNeeded: rng.next()))
            } else {
                out += pieces[Int(rng.next(below: UInt64(pieces.count)))]
            }
        }
        return out
    }

    // MARK: - Deep nesting

    func testDeepUndefinedLengthNestingIsRejectedWithOffset() {
        var harness = MutationHarness()
        for syntax in [Synth.explicitLE, Synth.implicitLE, Synth.explicitBE] {
            let built = Synth.nested(levels: 10_000, syntax: syntax, definedLength: false)
            harness.expectLimit(built, levels: 10_000, limit: ReadOptions().maxSequenceDepth, label: "undefined \(syntax.name)")
        }
        print(harness.summary(title: "deep undefined-length nesting", seconds: nil))
        XCTAssertTrue(harness.failures.isEmpty, harness.failures.joined(separator: "\n"))
    }

    func testDeepDefinedLengthNestingIsRejectedWithOffset() {
        var harness = MutationHarness()
        for syntax in [Synth.explicitLE, Synth.implicitLE, Synth.explicitBE] {
            let built = Synth.nested(levels: 10_000, syntax: syntax, definedLength: true)
            harness.expectLimit(built, levels: 10_000, limit: ReadOptions().maxSequenceDepth, label: "defined \(syntax.name)")
        }
        let mixed = Synth.nested(levels: 10_000, syntax: Synth.explicitLE, definedLength: true, alternate: true)
        harness.expectLimit(mixed, levels: 10_000, limit: ReadOptions().maxSequenceDepth, label: "alternating defined/undefined")
        print(harness.summary(title: "deep defined-length nesting", seconds: nil))
        XCTAssertTrue(harness.failures.isEmpty, harness.failures.joined(separator: "\n"))
    }

    /// Sequences hidden in UN values: undefined-length UN (parsed as Implicit VR Little Endian,
    /// PS3.5 6.2.2) and a defined-length UN holding a known sequence, which is only parsed when
    /// its VR is resolved from the dictionary.
    func testDeepNestingInsideUNIsRejectedWithOffset() {
        var harness = MutationHarness()
        let undefined = Synth.nestedInUN(levels: 10_000, definedLength: false)
        harness.expectLimit(undefined, levels: 10_000, limit: ReadOptions().maxSequenceDepth, label: "undefined-length UN")
        // Defined-length UN values are only re-parsed below 64 KiB, so 4,000 levels (64,000 bytes).
        let defined = Synth.nestedInUN(levels: 4_000, definedLength: true)
        harness.expectLimit(defined, levels: 4_000, limit: ReadOptions().maxSequenceDepth, label: "defined-length UN")
        print(harness.summary(title: "deep nesting inside UN", seconds: nil))
        XCTAssertTrue(harness.failures.isEmpty, harness.failures.joined(separator: "\n"))
    }

    func testNestingUpToTheLimitParses() {
        var harness = MutationHarness()
        for limit in [1, 8, ReadOptions().maxSequenceDepth] {
            var options = ReadOptions()
            options.maxSequenceDepth = limit
            for defined in [false, true] {
                let atLimit = Synth.nested(levels: limit, syntax: Synth.explicitLE, definedLength: defined)
                if case let .rejected(error) = harness.run("\(limit) levels, limit \(limit)", atLimit.bytes, options: options) {
                    harness.fail("\(limit) levels (defined: \(defined)) with maxSequenceDepth \(limit) rejected: \(error)")
                }
                let over = Synth.nested(levels: limit + 1, syntax: Synth.explicitLE, definedLength: defined)
                harness.expectLimit(over, levels: limit + 1, limit: limit, options: options, label: "\(limit + 1) levels, limit \(limit)")
            }
        }
        XCTAssertTrue(harness.failures.isEmpty, harness.failures.joined(separator: "\n"))
    }

    // MARK: - Wide input (time bounds)

    /// Inputs near the fuzzer's 64 KiB size with as many elements or items as fit: quadratic
    /// behaviour shows up here as a case over the time limit.
    func testWideInputsFinishInTime() {
        var harness = MutationHarness()
        var tolerant = ReadOptions()
        tolerant.toleratesTruncation = true
        for build in Synth.wide(size: 64 * 1024) {
            harness.run(build.name, build.bytes, options: ReadOptions())
            harness.run(build.name + " (tolerant)", build.bytes, options: tolerant)
            for cut in [build.bytes.count / 2 + 1, build.bytes.count - 3] {
                harness.run(build.name + " truncated at \(cut)", Array(build.bytes[0..<cut]), options: ReadOptions())
            }
        }
        print(harness.summary(title: "wide inputs", seconds: nil))
        XCTAssertTrue(harness.failures.isEmpty, harness.failures.joined(separator: "\n"))
        XCTAssertLessThanOrEqual(harness.maxNanos, Self.caseTimeLimit, "slowest case: \(harness.slowestCase)")
    }
}

// MARK: - Harness

private enum Outcome {
    case parsed(DICOMFile)
    case rejected(DICOMError)
}

/// Runs cases, times them, and keeps the totals.
private struct MutationHarness {
    var cases = 0
    var parsed = 0
    var rejected: [String: Int] = [:]
    var encodingErrors = 0
    var maxNanos: UInt64 = 0
    var slowestCase = ""
    var failures: [String] = []
    var preambleCutsAccepted = 0
    var tolerantStillTruncated = 0
    /// A few examples of notable (not failing) outcomes, printed with the summary.
    var notes: [String: Int] = [:]
    var noteExamples: [String] = []
    let trace = ProcessInfo.processInfo.environment["CONCORD_MUTATION_TRACE"] == "1"

    mutating func fail(_ message: String) {
        failures.append(message)
    }

    /// Keeps up to three examples per kind of reason (the text after the last colon, digits
    /// removed), twelve in all.
    mutating func note(_ message: String) {
        let key = String(message.split(separator: ":").last ?? "").filter { !$0.isNumber }
        notes[key, default: 0] += 1
        if notes[key] ?? 0 <= 3, noteExamples.count < 12 { noteExamples.append(message) }
    }

    /// Parses `bytes`; when that succeeds, encodes both data sets as DICOM JSON (which must be
    /// valid JSON) and walks every value as a dump would.
    @discardableResult
    mutating func run(_ label: String, _ bytes: [UInt8], options: ReadOptions) -> Outcome {
        if trace { print("[case] \(label)") }
        cases += 1
        let start = DispatchTime.now().uptimeNanoseconds
        let outcome: Outcome
        do {
            let file = try DICOMFile(storage: ByteStorage(copying: bytes), options: options)
            outcome = .parsed(file)
            exercise(file, label: label)
        } catch {
            outcome = .rejected(error)
        }
        let elapsed = DispatchTime.now().uptimeNanoseconds - start
        if elapsed > maxNanos {
            maxNanos = elapsed
            slowestCase = label
        }
        if elapsed > ReaderMutationTests.caseTimeLimit {
            fail("\(label): took \(elapsed / 1_000_000) ms")
        }
        switch outcome {
        case .parsed: parsed += 1
        case let .rejected(error): rejected[Self.kind(error), default: 0] += 1
        }
        return outcome
    }

    private mutating func exercise(_ file: DICOMFile, label: String) {
        let encoder = DICOMJSONEncoder()
        for dataSet in [file.fileMetaInformation, file.dataSet] {
            do {
                let json = try encoder.encode(dataSet)
                if (try? JSONSerialization.jsonObject(with: Data(json), options: [.fragmentsAllowed])) == nil {
                    let text = String(decoding: json.prefix(300), as: UTF8.self)
                    fail("\(label): DICOM JSON is not valid JSON: \(text)…")
                }
            } catch {
                // A value that cannot be represented (an IS that is not an integer, …) is a
                // legitimate refusal; it must say why.
                encodingErrors += 1
                if case .encoding = error {} else { fail("\(label): JSON encoding threw \(error)") }
            }
            var lines = 0
            dump(dataSet, depth: 0, lines: &lines)
        }
        _ = file.transferSyntax.description
        _ = file.truncation?.description
    }

    /// Decodes every value the way `concord dump` and the typed accessors do.
    private func dump(_ dataSet: DataSet, depth: Int, lines: inout Int) {
        let little = dataSet.isLittleEndian
        for element in dataSet.elements {
            lines += 1
            switch element.value {
            case let .sequence(items):
                for item in items { dump(item, depth: depth + 1, lines: &lines) }
            case let .encapsulated(pixels):
                lines += pixels.fragments.reduce(0) { $0 + min(1, $1.count) } + pixels.basicOffsetTable.count
            case let .bytes(slice):
                switch element.vr {
                case .PN:
                    for name in dataSet.personNames(element.tag) {
                        lines += name.familyName.count + name.givenName.count + (name.ideographic?.count ?? 0)
                    }
                case .DA: lines += dataSet.dates(element.tag).count
                case .TM: lines += dataSet.times(element.tag).count
                case .DT: lines += dataSet.dateTimes(element.tag).count
                case .DS, .IS: lines += dataSet.decimals(element.tag).count + dataSet.doubles(element.tag).count
                case _ where element.vr.isString:
                    lines += element.strings(characterSet: dataSet.characterSet).count
                case .US, .SS, .UL, .SL, .SV: lines += element.binaryIntegers(littleEndian: little).count
                case .UV: lines += element.unsignedIntegers(littleEndian: little).count
                case .FL, .FD, .OF, .OD: lines += element.floatingPoint(littleEndian: little).count
                case .AT: lines += element.attributeTags(littleEndian: little).count
                default: lines += slice.prefix(8).count
                }
            }
        }
    }

    /// Every error that has an offset must point inside the buffer it came from.
    mutating func checkOffset(_ outcome: Outcome, limit: Int?, label: String) {
        guard case let .rejected(error) = outcome, let offset = error.offset else { return }
        if offset < 0 { fail("\(label): negative offset in \(error)") }
        if let limit, offset > limit { fail("\(label): offset \(offset) past the \(limit) bytes of input in \(error)") }
    }

    /// Deep nesting must be refused with `.limitExceeded` at an offset inside the first level
    /// past the limit (its header up to its first item header).
    mutating func expectLimit(_ built: Synth.Built, levels: Int, limit: Int, options: ReadOptions = ReadOptions(),
                              label: String) {
        let outcome = run(label, built.bytes, options: options)
        guard case let .rejected(.limitExceeded(offset, reason)) = outcome else {
            fail("\(label): expected .limitExceeded, got \(outcome)")
            return
        }
        guard levels > limit, limit < built.levelStarts.count else { return }
        let first = built.levelStarts[limit]
        let last = limit + 1 < built.levelStarts.count ? built.levelStarts[limit + 1] : built.bytes.count
        if offset < first || offset > last {
            fail("\(label): limitExceeded offset \(offset) is outside level \(limit + 1) (\(first)..<\(last)): \(reason)")
        }
    }

    static func kind(_ error: DICOMError) -> String {
        switch error {
        case .malformed: "malformed"
        case .truncated: "truncated"
        case .limitExceeded: "limitExceeded"
        case .notDICOM: "notDICOM"
        case .unsupportedTransferSyntax: "unsupportedTransferSyntax"
        case .io: "io"
        case .encoding: "encoding"
        case .invalidJSON: "invalidJSON"
        }
    }

    func summary(title: String, seconds: Double?) -> String {
        let rejectedTotal = rejected.values.reduce(0, +)
        let kinds = rejected.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        var text = "[mutation] \(title): \(cases) cases, parsed OK \(parsed), rejected \(rejectedTotal) (\(kinds)), "
        text += "JSON encoding refused \(encodingErrors), max \(String(format: "%.1f", Double(maxNanos) / 1e6)) ms (\(slowestCase))"
        if preambleCutsAccepted > 0 { text += ", cuts inside the preamble read as bare data sets \(preambleCutsAccepted)" }
        if tolerantStillTruncated > 0 { text += ", truncations still thrown with toleratesTruncation \(tolerantStillTruncated)" }
        if let seconds { text += ", \(String(format: "%.1f", seconds)) s" }
        for example in noteExamples { text += "\n  note: " + example }
        return text
    }
}

// MARK: - Layout scanning

/// Where the structure of a fixture is, found by walking its headers without the reader: the
/// position of every length field (elements and items), the extent of bulk values, and the
/// File Meta / data set split.
private struct Layout {
    struct LengthField {
        var offset: Int
        var width: Int
        var littleEndian: Bool
        var value: UInt32

        func write(_ newValue: UInt32, into bytes: inout [UInt8]) {
            for i in 0..<width {
                let shift = littleEndian ? 8 * i : 8 * (width - 1 - i)
                bytes[offset + i] = UInt8(truncatingIfNeeded: newValue >> UInt32(shift))
            }
        }
    }

    struct Element {
        var tag: Tag
        var headerOffset: Int
        var headerSize: Int
        var valueRange: Range<Int>
        var depth: Int
    }

    var lengthFields: [LengthField] = []
    var elements: [Element] = []
    var bulkValues: [Range<Int>] = []
    var dataSetStart = 0
    var transferSyntaxUID: String?
    var isExplicitLittleEndian = false

    static let longVRs: Set<String> = ["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"]

    static func scan(_ bytes: [UInt8]) -> Layout {
        var layout = Layout()
        var position = bytes.count >= 132 && Array(bytes[128..<132]) == Array("DICM".utf8) ? 132 : 0
        // File Meta: Explicit VR Little Endian while the group is 0002.
        while bytes.count - position >= 8, read16(bytes, position, true) == 0x0002 {
            guard let step = layout.step(bytes, at: position, explicit: true, little: true, depth: 0) else { break }
            if let last = layout.elements.last, last.tag == Tag(0x0002, 0x0010) {
                layout.transferSyntaxUID = String(decoding: bytes[last.valueRange], as: UTF8.self)
                    .trimmingCharacters(in: CharacterSet(charactersIn: " \0"))
            }
            position = step.next
        }
        layout.dataSetStart = position
        let uid = layout.transferSyntaxUID ?? ""
        if uid == "1.2.840.10008.1.2.1.99" || uid == "1.2.840.10008.1.2.4.95" { return layout }
        let explicit = uid != "1.2.840.10008.1.2"
        let little = uid != "1.2.840.10008.1.2.2"
        layout.isExplicitLittleEndian = explicit && little

        // Data set: one linear walk that steps into sequences and items, tracking depth with a
        // stack of container ends (defined lengths) and delimiters (undefined lengths).
        var ends: [Int] = []
        var inFragments = false
        var guardCount = 0
        while bytes.count - position >= 8, guardCount < 100_000 {
            guardCount += 1
            while let end = ends.last, end != Int.max, position >= end { ends.removeLast() }
            let group = read16(bytes, position, little)
            let elementNumber = read16(bytes, position + 2, little)
            if group == 0xFFFE {
                let length = read32(bytes, position + 4, little)
                layout.lengthFields.append(LengthField(offset: position + 4, width: 4, littleEndian: little, value: length))
                switch elementNumber {
                case 0xE000 where inFragments:
                    guard length != 0xFFFF_FFFF, Int(length) <= bytes.count - position - 8 else { return layout }
                    if length > 256 { layout.bulkValues.append((position + 8)..<(position + 8 + Int(length))) }
                    position += 8 + Int(length)
                case 0xE000:
                    ends.append(length == 0xFFFF_FFFF ? Int.max : position + 8 + Int(length))
                    position += 8
                case 0xE0DD where inFragments:
                    inFragments = false
                    position += 8
                case 0xE00D, 0xE0DD:
                    if ends.last == Int.max { ends.removeLast() }
                    position += 8
                default:
                    position += 8
                }
                continue
            }
            guard let step = layout.step(bytes, at: position, explicit: explicit, little: little, depth: ends.count) else {
                return layout
            }
            switch step.into {
            case .fragments: inFragments = true
            case let .container(end): ends.append(end)
            case nil: break
            }
            position = step.next
        }
        return layout
    }

    /// What the walk enters after a header: nothing, encapsulated fragments, or a sequence
    /// whose value ends at `end` (`Int.max` for undefined length).
    private enum Into {
        case fragments
        case container(end: Int)
    }

    /// Reads one element header at `position`, records it, and returns where the walk goes next:
    /// into the value for sequences and undefined lengths, past it otherwise.
    private mutating func step(_ bytes: [UInt8], at position: Int, explicit: Bool, little: Bool,
                               depth: Int) -> (next: Int, into: Into?)? {
        let tag = Tag(read16(bytes, position, little), read16(bytes, position + 2, little))
        var vr = ""
        var headerSize = 8
        var length: UInt32
        if explicit, bytes[position + 4] >= 0x41, bytes[position + 4] <= 0x5A, bytes[position + 5] >= 0x41, bytes[position + 5] <= 0x5A {
            vr = String(decoding: bytes[(position + 4)..<(position + 6)], as: UTF8.self)
            if Self.longVRs.contains(vr) {
                guard bytes.count - position >= 12 else { return nil }
                length = read32(bytes, position + 8, little)
                lengthFields.append(LengthField(offset: position + 8, width: 4, littleEndian: little, value: length))
                headerSize = 12
            } else {
                length = UInt32(read16(bytes, position + 6, little))
                lengthFields.append(LengthField(offset: position + 6, width: 2, littleEndian: little, value: length))
            }
        } else {
            length = read32(bytes, position + 4, little)
            lengthFields.append(LengthField(offset: position + 4, width: 4, littleEndian: little, value: length))
        }
        let valueStart = position + headerSize
        if length == 0xFFFF_FFFF {
            elements.append(Element(tag: tag, headerOffset: position, headerSize: headerSize,
                                    valueRange: valueStart..<Int.max, depth: depth))
            let isFragments = vr == "OB" || vr == "OW" || (vr.isEmpty && tag == Tag(0x7FE0, 0x0010))
            return (valueStart, isFragments ? .fragments : .container(end: Int.max))
        }
        guard Int(length) <= bytes.count - valueStart else { return nil }
        let range = valueStart..<(valueStart + Int(length))
        elements.append(Element(tag: tag, headerOffset: position, headerSize: headerSize, valueRange: range, depth: depth))
        let startsWithItem = length >= 8 && read16(bytes, valueStart, little) == 0xFFFE && read16(bytes, valueStart + 2, little) == 0xE000
        if vr == "SQ" || (vr.isEmpty || vr == "UN") && startsWithItem {
            return (valueStart, .container(end: range.upperBound))
        }
        if length > 256 { bulkValues.append(range) }
        return (range.upperBound, nil)
    }

    /// The byte ranges outside bulk values.
    func structuralRanges(count: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        for bulk in bulkValues.sorted(by: { $0.lowerBound < $1.lowerBound }) where bulk.lowerBound >= start {
            if bulk.lowerBound > start { ranges.append(start..<bulk.lowerBound) }
            start = bulk.upperBound
        }
        if start < count { ranges.append(start..<count) }
        return ranges
    }

    /// The top-level data set element with `tag` (defined length).
    func element(_ tag: Tag) -> Element? {
        elements.first { $0.tag == tag && $0.depth == 0 && $0.headerOffset >= dataSetStart && $0.valueRange.upperBound != Int.max }
    }

    /// `bytes` with the values of top-level Explicit VR Little Endian short-length elements
    /// replaced (padded to even length with a space).
    func replacing(_ replacements: [(Element, [UInt8])], in bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        for (element, value) in replacements.sorted(by: { $0.0.headerOffset > $1.0.headerOffset }) {
            var padded = Array(value.prefix(0xFFFE))
            if padded.count % 2 == 1 { padded.append(0x20) }
            var header = Array(bytes[element.headerOffset..<(element.headerOffset + element.headerSize)])
            guard header.count == 8 else { continue }
            header[6] = UInt8(padded.count & 0xFF)
            header[7] = UInt8(padded.count >> 8)
            out.replaceSubrange(element.headerOffset..<element.valueRange.upperBound, with: header + padded)
        }
        return out
    }
}

private func read16(_ bytes: [UInt8], _ offset: Int, _ little: Bool) -> UInt16 {
    let a = UInt16(bytes[offset]), b = UInt16(bytes[offset + 1])
    return little ? a | b << 8 : a << 8 | b
}

private func read32(_ bytes: [UInt8], _ offset: Int, _ little: Bool) -> UInt32 {
    let a = UInt32(read16(bytes, offset, little)), b = UInt32(read16(bytes, offset + 2, little))
    return little ? a | b << 16 : a << 16 | b
}

// MARK: - Synthetic streams

private enum Synth {
    struct Syntax {
        var name: String
        var uid: String
        var explicit: Bool
        var little: Bool
    }

    static let explicitLE = Syntax(name: "Explicit VR LE", uid: "1.2.840.10008.1.2.1", explicit: true, little: true)
    static let implicitLE = Syntax(name: "Implicit VR LE", uid: "1.2.840.10008.1.2", explicit: false, little: true)
    static let explicitBE = Syntax(name: "Explicit VR BE", uid: "1.2.840.10008.1.2.2", explicit: true, little: false)

    struct Built {
        var bytes: [UInt8]
        /// Offset of the header of the sequence at each nesting level (index 0 = outermost).
        var levelStarts: [Int]
    }

    /// Appends DICOM-encoded pieces.
    struct Writer {
        var bytes: [UInt8] = []
        var little = true

        mutating func u16(_ v: UInt16) {
            if little { bytes += [UInt8(v & 0xFF), UInt8(v >> 8)] } else { bytes += [UInt8(v >> 8), UInt8(v & 0xFF)] }
        }

        mutating func u32(_ v: UInt32) {
            if little { u16(UInt16(v & 0xFFFF)); u16(UInt16(v >> 16)) } else { u16(UInt16(v >> 16)); u16(UInt16(v & 0xFFFF)) }
        }

        mutating func tag(_ t: Tag) { u16(t.group); u16(t.element) }

        /// An element header: explicit (with VR) or implicit.
        mutating func header(_ t: Tag, vr: String, length: UInt32, explicit: Bool) {
            tag(t)
            if explicit {
                bytes += Array(vr.utf8)
                if Layout.longVRs.contains(vr) { u16(0); u32(length) } else { u16(UInt16(truncatingIfNeeded: length)) }
            } else {
                u32(length)
            }
        }

        mutating func item(length: UInt32) { tag(Tag(0xFFFE, 0xE000)); u32(length) }
        mutating func itemEnd() { tag(Tag(0xFFFE, 0xE00D)); u32(0) }
        mutating func sequenceEnd() { tag(Tag(0xFFFE, 0xE0DD)); u32(0) }

        mutating func element(_ t: Tag, vr: String, value: [UInt8], explicit: Bool) {
            var v = value
            if v.count % 2 == 1 { v.append(vr == "UI" ? 0 : 0x20) }
            header(t, vr: vr, length: UInt32(v.count), explicit: explicit)
            bytes += v
        }
    }

    /// Preamble, `DICM` and a File Meta group naming `uid`.
    static func part10(uid: String) -> [UInt8] {
        var meta = Writer()
        meta.element(Tag(0x0002, 0x0001), vr: "OB", value: [0, 1], explicit: true)
        meta.element(Tag(0x0002, 0x0002), vr: "UI", value: Array("1.2.840.10008.5.1.4.1.1.88.33".utf8), explicit: true)
        meta.element(Tag(0x0002, 0x0003), vr: "UI", value: Array("2.25.299792458314159265358979323846.99".utf8), explicit: true)
        meta.element(Tag(0x0002, 0x0010), vr: "UI", value: Array(uid.utf8), explicit: true)
        var out = Writer()
        out.bytes = [UInt8](repeating: 0, count: 128) + Array("DICM".utf8)
        out.element(Tag(0x0002, 0x0000), vr: "UL", value: [UInt8(meta.bytes.count & 0xFF), UInt8(meta.bytes.count >> 8), 0, 0], explicit: true)
        return out.bytes + meta.bytes
    }

    static let contentSequence = Tag(0x0040, 0xA730)
    static let valueType = Tag(0x0040, 0xA040)

    /// `levels` ContentSequences, each in an item of the one above, each item also holding a
    /// Value Type. Defined lengths are computed up front, so building is linear.
    static func nested(levels: Int, syntax: Syntax, definedLength: Bool, alternate: Bool = false) -> Built {
        var w = Writer()
        w.little = syntax.little
        w.bytes = part10(uid: syntax.uid)
        let sqHeader = syntax.explicit ? 12 : 8
        let valueTypeSize = 8 + 10  // "CONTAINER " with a short explicit or an implicit header
        let innermost = 8 + 4
        // Whether level i (0-based) uses a defined length.
        func defined(_ i: Int) -> Bool { alternate ? i % 2 == 0 : definedLength }
        // Size of everything from level i inwards (its SQ header, item, contents, delimiters).
        var sizes = [Int](repeating: 0, count: levels + 1)
        sizes[levels] = innermost
        if levels > 0 {
            for i in stride(from: levels - 1, through: 0, by: -1) {
                let delimiters = defined(i) ? 0 : 16
                sizes[i] = sqHeader + 8 + valueTypeSize + sizes[i + 1] + delimiters
            }
        }
        var starts: [Int] = []
        starts.reserveCapacity(levels)
        w.element(valueType, vr: "CS", value: Array("CONTAINER ".utf8), explicit: syntax.explicit)
        for i in 0..<levels {
            starts.append(w.bytes.count)
            if defined(i) {
                let itemLength = UInt32(sizes[i] - sqHeader - 8)
                w.header(contentSequence, vr: "SQ", length: itemLength + 8, explicit: syntax.explicit)
                w.item(length: itemLength)
            } else {
                w.header(contentSequence, vr: "SQ", length: 0xFFFF_FFFF, explicit: syntax.explicit)
                w.item(length: 0xFFFF_FFFF)
            }
            w.element(valueType, vr: "CS", value: Array("CONTAINER ".utf8), explicit: syntax.explicit)
        }
        w.element(valueType, vr: "CS", value: Array("TEXT".utf8), explicit: syntax.explicit)
        if levels > 0 {
            for i in stride(from: levels - 1, through: 0, by: -1) where !defined(i) {
                w.itemEnd()
                w.sequenceEnd()
            }
        }
        return Built(bytes: w.bytes, levelStarts: starts)
    }

    /// Nesting reached through UN: an explicit UN element whose value is Implicit VR Little
    /// Endian items holding ContentSequences (known SQ in the dictionary) nested `levels` deep.
    /// With undefined length the outer UN is a private tag (read as a sequence per PS3.5 6.2.2);
    /// with defined length it is ContentSequence itself, resolved to SQ from the dictionary.
    static func nestedInUN(levels: Int, definedLength: Bool) -> Built {
        var w = Writer()
        w.bytes = part10(uid: explicitLE.uid)
        w.element(valueType, vr: "CS", value: Array("CONTAINER ".utf8), explicit: true)
        var starts: [Int] = [w.bytes.count]
        if definedLength {
            // Level 0 is the UN element; the levels inside are implicit SQ + item, 16 bytes each.
            let inner = (levels - 1) * 16 + 18
            w.header(contentSequence, vr: "UN", length: UInt32(inner + 8), explicit: true)
            w.item(length: UInt32(inner))
            for i in stride(from: 1, to: levels, by: 1) {
                starts.append(w.bytes.count)
                let remaining = (levels - 1 - i) * 16 + 18
                w.header(contentSequence, vr: "", length: UInt32(remaining + 8), explicit: false)
                w.item(length: UInt32(remaining))
            }
            w.element(valueType, vr: "CS", value: Array("TEXT".utf8) + [0x20, 0x20, 0x20, 0x20, 0x20, 0x20], explicit: false)
        } else {
            let privateSequence = Tag(0x0029, 0x1010)
            w.header(privateSequence, vr: "UN", length: 0xFFFF_FFFF, explicit: true)
            w.item(length: 0xFFFF_FFFF)
            for _ in stride(from: 1, to: levels, by: 1) {
                starts.append(w.bytes.count)
                w.header(privateSequence, vr: "", length: 0xFFFF_FFFF, explicit: false)
                w.item(length: 0xFFFF_FFFF)
            }
            for _ in 0..<levels {
                w.itemEnd()
                w.sequenceEnd()
            }
        }
        return Built(bytes: w.bytes, levelStarts: starts)
    }

    /// Streams of about `size` bytes made of as many small pieces as fit.
    static func wide(size: Int) -> [(name: String, bytes: [UInt8])] {
        var builds: [(String, [UInt8])] = []

        // Implicit VR private elements after one creator: each needs its creator looked up.
        var w = Writer()
        w.bytes = part10(uid: implicitLE.uid)
        w.element(Tag(0x0009, 0x0010), vr: "LO", value: Array("GEMS_IDEN_01".utf8), explicit: false)
        while w.bytes.count < size { w.header(Tag(0x0009, 0x1001), vr: "", length: 0, explicit: false) }
        builds.append(("wide: implicit private elements", w.bytes))

        // Explicit UN private elements (their VR is resolved after parsing).
        w = Writer()
        w.bytes = part10(uid: explicitLE.uid)
        w.element(Tag(0x0009, 0x0010), vr: "LO", value: Array("GEMS_IDEN_01".utf8), explicit: true)
        while w.bytes.count < size { w.header(Tag(0x0009, 0x1002), vr: "UN", length: 0, explicit: true) }
        builds.append(("wide: explicit UN private elements", w.bytes))

        // Ambiguous "US or SS" elements in Implicit VR (resolved against the ancestors).
        w = Writer()
        w.bytes = part10(uid: implicitLE.uid)
        w.element(Tag(0x0028, 0x0103), vr: "", value: [1, 0], explicit: false)
        while w.bytes.count < size { w.element(Tag(0x0028, 0x0106), vr: "", value: [0xFF, 0xFF], explicit: false) }
        builds.append(("wide: implicit ambiguous US/SS", w.bytes))

        // One sequence with empty defined-length items; one with empty undefined-length items.
        for undefined in [false, true] {
            w = Writer()
            w.bytes = part10(uid: explicitLE.uid)
            w.header(contentSequence, vr: "SQ", length: 0xFFFF_FFFF, explicit: true)
            while w.bytes.count < size {
                w.item(length: undefined ? 0xFFFF_FFFF : 0)
                if undefined { w.itemEnd() }
            }
            w.sequenceEnd()
            builds.append(("wide: \(undefined ? "undefined" : "defined")-length empty items", w.bytes))
        }

        // Many empty undefined-length sequences.
        w = Writer()
        w.bytes = part10(uid: explicitLE.uid)
        while w.bytes.count < size {
            w.header(contentSequence, vr: "SQ", length: 0xFFFF_FFFF, explicit: true)
            w.sequenceEnd()
        }
        builds.append(("wide: empty undefined-length sequences", w.bytes))

        // Undefined-length non-sequence values, each ended by a sequence delimiter after a
        // long scan, and a last one that is never ended.
        w = Writer()
        w.bytes = part10(uid: explicitLE.uid)
        while w.bytes.count < size {
            w.header(Tag(0x0040, 0xA160), vr: "UT", length: 0xFFFF_FFFF, explicit: true)
            w.bytes += [UInt8](repeating: 0x41, count: 1_024)
            w.sequenceEnd()
        }
        w.header(Tag(0x0040, 0xA160), vr: "UT", length: 0xFFFF_FFFF, explicit: true)
        w.bytes += [UInt8](repeating: 0xFE, count: 4_096)
        builds.append(("wide: undefined-length text values", w.bytes))

        // Encapsulated pixel data with as many tiny fragments as fit, and a large offset table.
        w = Writer()
        w.bytes = part10(uid: "1.2.840.10008.1.2.5")
        w.header(Tag(0x7FE0, 0x0010), vr: "OB", length: 0xFFFF_FFFF, explicit: true)
        w.item(length: 4 * 1_024)
        for i in 0..<1_024 { w.u32(UInt32(i * 10)) }
        while w.bytes.count < size {
            w.item(length: 2)
            w.u16(0xFFFF)
        }
        w.sequenceEnd()
        builds.append(("wide: encapsulated fragments", w.bytes))

        // Long PN values with many components and escape sequences under ISO 2022.
        w = Writer()
        w.bytes = part10(uid: explicitLE.uid)
        w.element(Tag(0x0008, 0x0005), vr: "CS", value: Array("\\ISO 2022 IR 87\\ISO 2022 IR 149".utf8), explicit: true)
        var name: [UInt8] = []
        while name.count < 60_000 { name += [0x1B, 0x24, 0x42, 0x3B, 0x33, 0x45, 0x44, 0x1B, 0x28, 0x42, 0x5E, 0x3D, 0x5C] }
        w.header(Tag(0x0010, 0x0010), vr: "UN", length: UInt32(name.count + name.count % 2), explicit: true)
        w.bytes += name + (name.count % 2 == 1 ? [0x20] : [])
        builds.append(("wide: long ISO 2022 person name", w.bytes))

        return builds
    }
}

// MARK: - Deterministic randomness

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and the same on every platform.
private struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<bound` (`bound` > 0; 0 gives 0).
    mutating func next(below bound: UInt64) -> UInt64 {
        guard bound > 0 else { return 0 }
        return next() % bound
    }
}

/// FNV-1a of a string's UTF-8, a stable seed (unlike `Hasher`, which is seeded per process).
private func fnv1a(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash &*= 0x0000_0100_0000_01B3
    }
    return hash
}
