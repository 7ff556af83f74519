import ArgumentParser
import DICOM
import DICOMPixels
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `concord decode FILE [--frame N | --all] --raw`: stored pixel values on stdout, exactly
/// as pydicom's `pixel_array(FILE, index=N, raw=True)` returns them.
struct Decode: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the stored pixel values of a DICOM file to stdout.",
        discussion: """
            Output is what pydicom's pixel_array(FILE, index=N, raw=True) returns: the same \
            values, dtype and element order (frame, row, column, sample), little-endian, no \
            header. Read it back with numpy.frombuffer(data, dtype) using the dtype --json \
            prints. Exits 1 with one line on stderr naming the file and the reason when the \
            pixels cannot be decoded.
            """
    )

    @Argument(help: "A DICOM file (Part 10).")
    var file: String?

    @OptionGroup var stored: StoredInstanceOptions

    @Option(help: "The frame to decode, 0-based.")
    var frame: Int?

    @Flag(help: "Decode every frame, in parallel, one after another.")
    var all = false

    @Flag(help: "Stored values (no colour conversion, no rescale or windowing).")
    var raw = false

    @Flag(help: "Print rows, columns, frames, samples and the numpy dtype instead of pixels.")
    var json = false

    func validate() throws {
        if stored.isGiven == (file != nil) { throw ValidationError("Give a DICOM file, or --data and --instance, not both.") }
        if all, frame != nil { throw ValidationError("--frame and --all cannot be used together.") }
        if !raw, !json {
            throw ValidationError("Only stored values can be written: pass --raw (or --json). Use `concord render` for display values.")
        }
        if let frame, frame < 0 { throw ValidationError("--frame must be 0 or more.") }
    }

    func run() throws {
        let name = file ?? stored.instance ?? ""
        let storedBytes = stored.isGiven ? stored.read(command: "decode") : nil
        do {
            let dicom = try storedBytes.map { try DICOMFile(storage: $0) } ?? DICOMFile(path: name)
            let pixels = try PixelData(file: dicom)
            if json {
                FileHandle.standardOutput.write(Data((try Self.json(pixels) + "\n").utf8))
                return
            }
            let samples = all ? try pixels.allFrames() : try pixels.frame(frame ?? 0)
            try Self.writeToStandardOutput(samples)
        } catch {
            FileHandle.standardError.write(Data("concord: \(name): \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// numpy's name for the output type ("<u2", "|u1", "<f4"), so Python reads it back with
    /// `numpy.dtype(...)`.
    static func numpyDType(_ d: PixelDescription) -> String {
        let kind: String = switch d.storage {
        case .float, .double: "f"
        case .integer: d.isSigned && d.bitsAllocated != 1 ? "i" : "u"
        }
        let size = d.bytesPerSample
        return (size == 1 ? "|" : "<") + kind + String(size)
    }

    /// The array shape pydicom returns for all frames: frames and samples are left out
    /// when they are 1.
    static func shape(_ pixels: PixelData) -> [Int] {
        let d = pixels.description
        var shape = [d.rows, d.columns]
        if pixels.numberOfFrames > 1 { shape.insert(pixels.numberOfFrames, at: 0) }
        if d.samplesPerPixel > 1 { shape.append(d.samplesPerPixel) }
        return shape
    }

    /// What `--json` prints about the pixel data.
    struct Summary: Encodable {
        let rows, columns, frames, samples: Int
        let dtype: String
        let shape: [Int]
        let bitsAllocated, bitsStored: Int
        let photometricInterpretation, transferSyntax: String
        let frameBytes: Int
    }

    static func json(_ pixels: PixelData) throws -> String {
        let d = pixels.description
        let summary = Summary(rows: d.rows, columns: d.columns, frames: pixels.numberOfFrames,
                              samples: d.samplesPerPixel, dtype: numpyDType(d), shape: shape(pixels),
                              bitsAllocated: d.bitsAllocated, bitsStored: d.bitsStored,
                              photometricInterpretation: d.photometricInterpretation,
                              transferSyntax: pixels.transferSyntax.uid, frameBytes: d.decodedFrameLength)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(summary), as: UTF8.self)
    }

    private static func writeToStandardOutput(_ bytes: [UInt8]) throws {
        if let reason = writeAll(bytes, to: 1) { throw DecodeOutputError(reason: reason) }
    }
}

/// stdout could not be written (a closed pipe, a full disk).
private struct DecodeOutputError: Error, CustomStringConvertible {
    let reason: String
    var description: String { "cannot write to standard output: \(reason)" }
}
