// Concord side of the DecodePixels benchmark (see Benchmarks/README.md).
//
//   concord-decode-bench --mode sequential|parallel|direct|direct-openjpeg [--passes P] FILE
//
// sequential  one core: DICOMFile(path:) + PixelData(file:) + allFrames(threads: 1), every frame
//             in order into one volume array (the whole volume is held, as DCMTK and pydicom do)
// parallel    all cores: DICOMFile(path:) + PixelData(file:) + allFrames()
//             (JPEG-LS and lossless JPEG 2000 in both Concord modes: Concord's Swift decoders,
//             not CharLS or OpenJPEG)
// direct      the library-only baseline, one core: the encoded frames are copied out of the file
//             beforehand (untimed); the timed part calls, on each frame, into one preallocated
//             buffer: CharLS (charls_jpegls_decoder_decode_to_buffer) for JPEG-LS, OpenJPEG
//             (opj_read_header + opj_decode on a memory stream, then a plain Int32 -> UInt16
//             copy) for JPEG 2000, OpenJPH for HTJ2K (COpenJPH's copenjph_decode: mem_infile,
//             read_headers, create, pull line by line, each line copied Int32 -> UInt16), the
//             library Concord uses for those frames. JPEG-LS, JPEG 2000 and HTJ2K only.
// direct-openjpeg  as direct, but OpenJPEG for HTJ2K too: the library Concord used before OpenJPH.
//
// Every mode runs one untimed warm-up pass, then P timed passes (default 3), and prints one
// JSON line with the best pass (ms per frame), the mean, the CPU time of the timed passes and
// a checksum of the decoded values: the sum over frames f of (f + 1) x (sum of frame f's
// 16-bit stored values), which run.sh checks against the generator's.

import CCharLS
import COpenJPEG
import COpenJPH
import DICOM
import DICOMPixels
import Dispatch
import Foundation

func fail(_ message: String) -> Never {
    FileHandle.standardError.write("concord-decode-bench: \(message)\n".data(using: .utf8)!)
    exit(1)
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// CPU time of the whole process (all threads), user + system.
func cpuSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// Sum over frames of (f + 1) × (sum of the frame's little-endian UInt16 values).
func checksum(frame f: Int, _ bytes: UnsafeRawBufferPointer) -> UInt64 {
    var sum: UInt64 = 0
    let words = bytes.bindMemory(to: UInt16.self)
    for w in words { sum &+= UInt64(UInt16(littleEndian: w)) }
    return UInt64(f + 1) &* sum
}

// MARK: - Arguments

var mode = ""
var passes = 3
var path = ""
do {
    var args = CommandLine.arguments.dropFirst()
    while let arg = args.popFirst() {
        switch arg {
        case "--mode": mode = args.popFirst() ?? ""
        case "--passes": passes = Int(args.popFirst() ?? "") ?? 0
        case "-h", "--help":
            print("usage: concord-decode-bench --mode sequential|parallel|direct|direct-openjpeg [--passes P] FILE")
            exit(0)
        default: path = arg
        }
    }
}
guard ["sequential", "parallel", "direct", "direct-openjpeg"].contains(mode), passes > 0, !path.isEmpty else {
    fail("usage: concord-decode-bench --mode sequential|parallel|direct|direct-openjpeg [--passes P] FILE")
}

// MARK: - Concord

/// What one Concord pass decoded: the volume, frames one after the other.
struct Decoded {
    let bytes: [UInt8]
    let frameLength: Int

    var count: Int { frameLength == 0 ? 0 : bytes.count / frameLength }

    var checksumValue: UInt64 {
        var sum: UInt64 = 0
        bytes.withUnsafeBytes { raw in
            for f in 0..<count {
                sum &+= checksum(frame: f, UnsafeRawBufferPointer(rebasing: raw[(f * frameLength)..<((f + 1) * frameLength)]))
            }
        }
        return sum
    }
}

/// One pass through Concord's public API: open, index, decode every frame into the volume.
func concordPass(_ path: String, parallel: Bool) -> Decoded {
    do {
        let file = try DICOMFile(path: path)
        let pixels = try PixelData(file: file)
        let threads = parallel ? ProcessInfo.processInfo.activeProcessorCount : 1
        return Decoded(bytes: try pixels.allFrames(threads: threads), frameLength: pixels.description.decodedFrameLength)
    } catch {
        fail("\(path): \(error)")
    }
}

// MARK: - Direct library calls

enum Codec { case jpegls, openjpeg, openjph }

struct Encoded {
    let codec: Codec
    let frames: [[UInt8]]
    let rows: Int, columns: Int
    let syntax: String
}

func loadEncoded(_ path: String, htj2kThroughOpenJPEG: Bool) -> Encoded {
    do {
        let file = try DICOMFile(path: path)
        let pixels = try PixelData(file: file)
        let uid = pixels.transferSyntax.uid
        let codec: Codec
        switch uid {
        case "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81": codec = .jpegls
        case "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91": codec = .openjpeg
        case "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203":
            codec = htj2kThroughOpenJPEG ? .openjpeg : .openjph
        default: fail("--mode direct is for JPEG-LS, JPEG 2000 and HTJ2K, not \(uid)")
        }
        guard pixels.description.bitsAllocated == 16, pixels.description.samplesPerPixel == 1 else {
            fail("--mode direct expects 16-bit single-sample frames")
        }
        var frames: [[UInt8]] = []
        for f in 0..<pixels.numberOfFrames {
            let encoded = try pixels.encodedFrame(f)
            frames.append(try encoded.withContiguousBytes { Array($0) })
        }
        if codec == .openjph {
            for frame in frames { checkOpenJPHHeader(frame, rows: pixels.description.rows, columns: pixels.description.columns) }
        }
        return Encoded(codec: codec, frames: frames, rows: pixels.description.rows,
                       columns: pixels.description.columns, syntax: uid)
    } catch {
        fail("\(path): \(error)")
    }
}

func charlsDecode(_ input: [UInt8], into out: UnsafeMutableRawBufferPointer) {
    guard let decoder = charls_jpegls_decoder_create() else { fail("charls_jpegls_decoder_create failed") }
    defer { charls_jpegls_decoder_destroy(decoder) }
    let status = input.withUnsafeBytes { src -> charls_jpegls_errc in
        var s = charls_jpegls_decoder_set_source_buffer(decoder, src.baseAddress!, src.count)
        if s == CHARLS_JPEGLS_ERRC_SUCCESS { s = charls_jpegls_decoder_read_header(decoder) }
        if s == CHARLS_JPEGLS_ERRC_SUCCESS { s = charls_jpegls_decoder_decode_to_buffer(decoder, out.baseAddress!, out.count, 0) }
        return s
    }
    guard status == CHARLS_JPEGLS_ERRC_SUCCESS else { fail("CharLS error \(status.rawValue)") }
}

/// Read position over one frame's bytes, for OpenJPEG's stream callbacks.
final class Cursor {
    let base: UnsafeRawPointer
    let count: Int
    var offset = 0
    init(_ base: UnsafeRawPointer, _ count: Int) { self.base = base; self.count = count }
}

func openjpegDecode(_ input: [UInt8], into out: UnsafeMutableRawBufferPointer) {
    input.withUnsafeBytes { src in
        let cursor = Cursor(src.baseAddress!, src.count)
        withExtendedLifetime(cursor) {
            guard let stream = opj_stream_create(min(max(src.count, 4096), Int(OPJ_J2K_STREAM_CHUNK_SIZE)), 1) else {
                fail("opj_stream_create failed")
            }
            defer { opj_stream_destroy(stream) }
            opj_stream_set_read_function(stream) { buffer, size, context in
                let c = Unmanaged<Cursor>.fromOpaque(context!).takeUnretainedValue()
                let n = min(size, c.count - c.offset)
                guard n > 0 else { return -1 }
                buffer!.copyMemory(from: c.base + c.offset, byteCount: n)
                c.offset += n
                return n
            }
            opj_stream_set_skip_function(stream) { distance, context in
                let c = Unmanaged<Cursor>.fromOpaque(context!).takeUnretainedValue()
                let target = max(0, min(Int64(c.count), Int64(c.offset) + distance))
                let skipped = target - Int64(c.offset)
                c.offset = Int(target)
                return skipped
            }
            opj_stream_set_seek_function(stream) { position, context in
                let c = Unmanaged<Cursor>.fromOpaque(context!).takeUnretainedValue()
                guard position >= 0, position <= Int64(c.count) else { return 0 }
                c.offset = Int(position)
                return 1
            }
            opj_stream_set_user_data(stream, Unmanaged.passUnretained(cursor).toOpaque(), nil)
            opj_stream_set_user_data_length(stream, UInt64(src.count))

            let format = src[0] == 0xFF && src[1] == 0x4F ? OPJ_CODEC_J2K : OPJ_CODEC_JP2
            guard let codec = opj_create_decompress(format) else { fail("opj_create_decompress failed") }
            defer { opj_destroy_codec(codec) }
            var parameters = opj_dparameters_t()
            opj_set_default_decoder_parameters(&parameters)
            guard opj_setup_decoder(codec, &parameters) != 0 else { fail("opj_setup_decoder failed") }
            var image: UnsafeMutablePointer<opj_image_t>?
            guard opj_read_header(stream, codec, &image) != 0, let image else { fail("opj_read_header failed") }
            defer { opj_image_destroy(image) }
            guard opj_decode(codec, stream, image) != 0, opj_end_decompress(codec, stream) != 0 else { fail("opj_decode failed") }
            // The plainest copy a caller needs to have 16-bit samples in its own buffer.
            let comp = image.pointee.comps[0]
            let count = Int(comp.w) * Int(comp.h)
            guard count * 2 == out.count, let data = comp.data else { fail("unexpected image size") }
            let dst = out.bindMemory(to: UInt16.self)
            for i in 0..<count { dst[i] = UInt16(truncatingIfNeeded: data[i]) }
        }
    }
}

/// Before timing: the frame is a one-component reversible codestream of the data set's size,
/// so each line OpenJPH hands back fills one row of the slot.
func checkOpenJPHHeader(_ input: [UInt8], rows: Int, columns: Int) {
    var header = copenjph_header()
    var component = copenjph_component()
    var message = [CChar](repeating: 0, count: 256)
    let status = input.withUnsafeBytes { src in
        copenjph_read_header(src.baseAddress!.assumingMemoryBound(to: UInt8.self), src.count, &header, &component, 1,
                             &message, message.count)
    }
    guard status == COPENJPH_OK, header.component_count == 1, header.is_reversible,
          Int(header.width) == columns, Int(header.height) == rows, component.bit_depth <= 16 else {
        fail("--mode direct expects reversible one-component \(columns)x\(rows) HTJ2K frames of at most 16 bits")
    }
}

/// Where the OpenJPH line sink writes: the frame's slot, as 16-bit samples.
struct Slot {
    let base: UnsafeMutablePointer<UInt16>
    let columns: Int
}

func openjphDecode(_ input: [UInt8], into out: UnsafeMutableRawBufferPointer, columns: Int) {
    var slot = Slot(base: out.bindMemory(to: UInt16.self).baseAddress!, columns: columns)
    var message = [CChar](repeating: 0, count: 256)
    let status = input.withUnsafeBytes { src in
        withUnsafeMutablePointer(to: &slot) { context in
            copenjph_decode(src.baseAddress!.assumingMemoryBound(to: UInt8.self), src.count, { context, _, row, samples, count in
                // The plainest copy a caller needs to have 16-bit samples in its own buffer.
                let slot = context!.assumingMemoryBound(to: Slot.self).pointee
                let dst = slot.base + Int(row) * slot.columns
                for x in 0..<count { dst[x] = UInt16(truncatingIfNeeded: samples![x]) }
                return 0
            }, context, &message, message.count)
        }
    }
    guard status == COPENJPH_OK else {
        fail("OpenJPH: " + String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
}

/// One pass of library calls over the encoded frames into `output`.
func directPass(_ encoded: Encoded, _ output: UnsafeMutableRawBufferPointer) {
    let length = encoded.rows * encoded.columns * 2
    for (f, frame) in encoded.frames.enumerated() {
        let slot = UnsafeMutableRawBufferPointer(rebasing: output[(f * length)..<((f + 1) * length)])
        switch encoded.codec {
        case .jpegls: charlsDecode(frame, into: slot)
        case .openjpeg: openjpegDecode(frame, into: slot)
        case .openjph: openjphDecode(frame, into: slot, columns: encoded.columns)
        }
    }
}

// MARK: - Run

var times: [Double] = []
var sums: [UInt64] = []
var frameCount = 0
var cpu = 0.0
var syntax = ""

if mode.hasPrefix("direct") {
    let encoded = loadEncoded(path, htj2kThroughOpenJPEG: mode == "direct-openjpeg")
    syntax = encoded.syntax
    frameCount = encoded.frames.count
    let output = UnsafeMutableRawBufferPointer.allocate(byteCount: frameCount * encoded.rows * encoded.columns * 2, alignment: 64)
    defer { output.deallocate() }
    directPass(encoded, output)                              // warm-up
    for _ in 0..<passes {
        let t0 = now(), c0 = cpuSeconds()
        directPass(encoded, output)
        times.append(now() - t0)
        cpu += cpuSeconds() - c0
        let length = encoded.rows * encoded.columns * 2
        var sum: UInt64 = 0
        for f in 0..<frameCount {
            sum &+= checksum(frame: f, UnsafeRawBufferPointer(rebasing: output[(f * length)..<((f + 1) * length)]))
        }
        sums.append(sum)
    }
} else {
    let parallel = mode == "parallel"
    if let file = try? DICOMFile(path: path), let pixels = try? PixelData(file: file) { syntax = pixels.transferSyntax.uid }
    _ = concordPass(path, parallel: parallel)                      // warm-up
    for _ in 0..<passes {
        let t0 = now(), c0 = cpuSeconds()
        let decoded = concordPass(path, parallel: parallel)
        times.append(now() - t0)
        cpu += cpuSeconds() - c0
        // Checked, then freed, outside the timed part (the peers do the same).
        sums.append(decoded.checksumValue)
        frameCount = decoded.count
    }
}

guard Set(sums).count == 1 else { fail("the passes disagree on the checksum: \(sums)") }
let best = times.min()!
let mean = times.reduce(0, +) / Double(times.count)
let tool = mode.hasPrefix("direct") ? mode : "concord"
let threads = mode == "parallel" ? ProcessInfo.processInfo.activeProcessorCount : 1
print("{\"tool\":\"\(tool)\",\"mode\":\"\(mode)\",\"threads\":\(threads),\"syntax\":\"\(syntax)\",\"frames\":\(frameCount),"
    + "\"passes\":\(passes),\"best_ms_per_frame\":\(best * 1000 / Double(frameCount)),"
    + "\"mean_ms_per_frame\":\(mean * 1000 / Double(frameCount)),\"wall_s\":\(times.reduce(0, +)),\"cpu_s\":\(cpu),"
    + "\"checksum\":\(sums[0])}")
