// Concord side of the ReadHeaders benchmark (see Benchmarks/README.md).
//
//   concord-read-bench [--full] [--threads T] --repeat N (--list FILE | PATH...)
//
// Reads every file with `DICOMFile(path:options:)` and `ReadOptions.stopBeforePixelData`
// (the whole file with --full), decodes the same values as the DCMTK and pydicom readers
// (Patient's Name family name, Study Instance UID, Rows, Slice Thickness as a DS number, the
// count of top-level data set elements) and prints one JSON line. One untimed warm-up pass
// runs first; the timed part is `repeat` passes over all files. Single-threaded unless
// --threads is given (the ratios against DCMTK and pydicom use one thread).

import DICOM
import Dispatch
import Foundation

struct Totals {
    var files = 0
    var elements = 0
    var nameChars = 0
    var uidChars = 0
    var rows = 0
    var dsSum = 0.0
    var failures = 0

    mutating func add(_ other: Totals) {
        files += other.files
        elements += other.elements
        nameChars += other.nameChars
        uidChars += other.uidChars
        rows += other.rows
        dsSum += other.dsSum
        failures += other.failures
    }
}

func readOne(_ path: String, options: ReadOptions, into totals: inout Totals) {
    let file: DICOMFile
    do {
        file = try DICOMFile(path: path, options: options)
    } catch {
        FileHandle.standardError.write("concord-read-bench: \(path): \(error)\n".data(using: .utf8)!)
        totals.failures += 1
        return
    }
    let ds = file.dataSet
    totals.files += 1
    totals.elements += ds.count
    if let name = ds.personNames(.patientName).first { totals.nameChars += name.familyName.unicodeScalars.count }
    if let uid = ds.string(.studyInstanceUID) { totals.uidChars += uid.unicodeScalars.count }
    if let rows = ds.integers(.rows).first { totals.rows += rows }
    if let thickness = ds.doubles(.sliceThickness).first { totals.dsSum += thickness }
}

/// One pass over `files` on `threads` threads (files dealt round-robin), totals summed.
func pass(_ files: [String], options: ReadOptions, threads: Int) -> Totals {
    if threads <= 1 {
        var totals = Totals()
        for path in files { readOne(path, options: options, into: &totals) }
        return totals
    }
    let sum = LockedTotals()
    DispatchQueue.concurrentPerform(iterations: threads) { worker in
        var totals = Totals()
        for i in stride(from: worker, to: files.count, by: threads) {
            readOne(files[i], options: options, into: &totals)
        }
        sum.add(totals)
    }
    return sum.value
}

final class LockedTotals: @unchecked Sendable {
    private let lock = NSLock()
    private var totals = Totals()

    func add(_ other: Totals) {
        lock.lock()
        totals.add(other)
        lock.unlock()
    }

    var value: Totals {
        lock.lock()
        defer { lock.unlock() }
        return totals
    }
}

func usage() -> Never {
    FileHandle.standardError.write("usage: concord-read-bench [--full] [--threads T] --repeat N (--list FILE | PATH...)\n".data(using: .utf8)!)
    exit(2)
}

var repeatCount = 1
var threads = 1
var full = false
var files: [String] = []
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--repeat":
        guard let value = arguments.next().flatMap({ Int($0) }) else { usage() }
        repeatCount = value
    case "--threads":
        guard let value = arguments.next().flatMap({ Int($0) }) else { usage() }
        threads = value
    case "--full":
        full = true
    case "--list":
        guard let list = arguments.next(), let text = try? String(contentsOfFile: list, encoding: .utf8) else { usage() }
        files += text.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    default:
        files.append(argument)
    }
}
if files.isEmpty || repeatCount < 1 || threads < 1 { usage() }

var options = ReadOptions()
options.stopBeforePixelData = !full

let warm = pass(files, options: options, threads: 1)
if warm.failures > 0 { exit(1) }

/// CPU time of the whole process (all threads), to tell contention from slowness.
func processCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

let clock = ContinuousClock()
let cpuStart = processCPUSeconds()
let start = clock.now
var timed = Totals()
for _ in 0..<repeatCount { timed.add(pass(files, options: options, threads: threads)) }
let duration = start.duration(to: clock.now)
let elapsed = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
let cpu = processCPUSeconds() - cpuStart

let reads = Double(files.count * repeatCount)
print(String(format: "{\"reader\":\"concord\",\"mode\":\"%@\",\"files\":%d,\"repeat\":%d,\"threads\":%d,"
             + "\"elapsed_s\":%.6f,\"cpu_s\":%.6f,\"files_per_s\":%.1f,\"us_per_file\":%.3f,"
             + "\"elements\":%d,\"name_chars\":%d,\"uid_chars\":%d,\"rows\":%d,\"ds_sum\":%.4f}",
             full ? "full" : "header", files.count, repeatCount, threads, elapsed, cpu, reads / elapsed, elapsed / reads * 1e6,
             warm.elements, warm.nameChars, warm.uidChars, warm.rows, warm.dsSum))
exit(timed.failures == 0 ? 0 : 1)
