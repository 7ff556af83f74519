import ArgumentParser
import DICOM
import Foundation

/// `concord dump FILE…`: a readable tree of each file, or its DICOM JSON.
struct Dump: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print DICOM files as a tree, or as DICOM JSON (PS3.18 F.2).",
        discussion: """
            Exits 1 if any file cannot be read, with one line on stderr naming the file, the \
            byte offset and the reason.
            """
    )

    @Argument(help: "DICOM files (Part 10, or bare data sets).")
    var files: [String] = []

    @OptionGroup var stored: StoredInstanceOptions

    @Flag(help: "Print the data set (File Meta excluded) as DICOM JSON on stdout.")
    var json = false

    @Flag(help: "Stop before Pixel Data.")
    var stopBeforePixels = false

    @Option(help: "Reject sequences nested deeper than this.")
    var maxDepth = 64

    @Flag(help: "Keep what precedes a truncation instead of failing; the truncation is reported on stderr and the exit status is 2.")
    var partial = false

    @Option(help: "With --json: binary values longer than this many bytes become BulkDataURI references.")
    var bulkDataThreshold: Int?

    @Option(help: "With --json and --bulk-data-threshold: the URI prefix for bulk data; the tag path is appended.")
    var bulkDataURIPrefix = "bulk:"

    func validate() throws {
        if stored.isGiven == !files.isEmpty { throw ValidationError("Give DICOM files, or --data and --instance, not both.") }
    }

    mutating func run() throws {
        var options = ReadOptions()
        options.stopBeforePixelData = stopBeforePixels
        options.maxSequenceDepth = maxDepth
        options.toleratesTruncation = partial
        var failed = false
        var truncated = false
        let storedBytes = stored.isGiven ? stored.read(command: "dump") : nil
        for path in stored.instance.map({ [$0] }) ?? files {
            do {
                let file = try storedBytes.map { try DICOMFile(storage: $0, options: options) } ?? DICOMFile(path: path, options: options)
                if let truncation = file.truncation {
                    FileHandle.standardError.write(Data("concord: \(path): \(truncation) (partial output)\n".utf8))
                    truncated = true
                }
                if json {
                    var encoder = DICOMJSONEncoder()
                    if let threshold = bulkDataThreshold {
                        encoder.bulkDataThreshold = threshold
                        let prefix = bulkDataURIPrefix
                        encoder.bulkDataURI = { path in prefix + path.map(\.hexString).joined(separator: "/") }
                    }
                    var bytes = try encoder.encode(file.dataSet)
                    bytes.append(0x0A)
                    FileHandle.standardOutput.write(Data(bytes))
                } else {
                    FileHandle.standardOutput.write(Data(DumpFormatter().format(file, path: path).utf8))
                }
            } catch {
                FileHandle.standardError.write(Data("concord: \(path): \(error)\n".utf8))
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
        if truncated { throw ExitCode(2) }
    }
}
