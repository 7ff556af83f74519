import ArgumentParser
import DICOM
import DICOMPixels
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `concord render FILE [--frame N] [--window C,W] --out FILE.png`: one frame as a viewer
/// shows it, written as PNG.
struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render a frame of a DICOM file to PNG as a viewer would show it.",
        discussion: """
            Greyscale images go through the Modality LUT (rescale or LUT), the VOI LUT (the \
            file's first window or VOI LUT, --window, or else the frame's full range) and \
            MONOCHROME1 inversion, and are written as 8-bit grey. Colour images are written as \
            8-bit RGB: palettes applied, YBR converted. Exits 1 with one line on stderr naming \
            the file and the reason when the frame cannot be rendered or the PNG written.
            """
    )

    @Argument(help: "A DICOM file (Part 10).")
    var file: String?

    @OptionGroup var stored: StoredInstanceOptions

    @Option(help: "The frame to render, 0-based.")
    var frame = 0

    // Unconditional, so that a negative centre ("--window -600,1600") is taken as the value.
    @Option(parsing: .unconditional,
            help: ArgumentHelp("Window centre and width (LINEAR, PS3.3 C.11.2.1.2), e.g. 40,400; overrides the file's VOI LUT.",
                               valueName: "C,W"))
    var window: String?

    @Option(help: ArgumentHelp("The PNG file to write (required).", valueName: "FILE.png"))
    var out: String?

    func validate() throws {
        if stored.isGiven == (file != nil) { throw ValidationError("Give a DICOM file, or --data and --instance, not both.") }
    }

    func run() throws {
        let name = file ?? stored.instance ?? ""
        do {
            try render()
        } catch let failure as RenderFailure {
            FileHandle.standardError.write(Data("concord: \(failure.subject): \(failure.reason)\n".utf8))
            throw ExitCode(1)
        } catch {
            FileHandle.standardError.write(Data("concord: \(name): \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    private func render() throws {
        // Checked here rather than in validate() so that every failure is one line and exit 1.
        guard let out, !out.isEmpty else { throw RenderFailure(subject: "render", reason: "--out FILE.png is required") }
        guard frame >= 0 else { throw RenderFailure(subject: "render", reason: "--frame must be 0 or more, not \(frame)") }
        let override = try window.map(Self.parseWindow)

        let dicom = stored.isGiven ? try DICOMFile(storage: stored.read(command: "render")) : try DICOMFile(path: file ?? "")
        let pixels = try PixelData(file: dicom)
        let image = try Renderer(window: override).render(pixels, frame: frame, dataSet: dicom.dataSet)
        let png = try PNGWriter().encode(image)
        try Self.write(png, to: out)
    }

    /// Parses "C,W" into a LINEAR window, which needs a width of at least 1.
    static func parseWindow(_ text: String) throws -> Window {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let center = parts[0], let width = parts[1], center.isFinite, width.isFinite else {
            throw RenderFailure(subject: "render", reason: "--window must be CENTER,WIDTH (two numbers, e.g. 40,400), not \"\(text)\"")
        }
        let window = Window(center: center, width: width)
        guard window.isValid else {
            throw RenderFailure(subject: "render", reason: "--window width must be at least 1, not \(width)")
        }
        return window
    }

    /// Writes `bytes` to `path`, replacing the file, with the system's reason on failure.
    static func write(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw RenderFailure(subject: path, reason: "cannot write: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        if let reason = writeAll(bytes, to: fd) { throw RenderFailure(subject: path, reason: "cannot write: \(reason)") }
    }
}

/// A failure reported as "concord: SUBJECT: REASON", where the subject is not the input file.
private struct RenderFailure: Error {
    let subject: String
    let reason: String
}
