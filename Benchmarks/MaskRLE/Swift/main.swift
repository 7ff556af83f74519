// Concord side of the MaskRLE benchmark (see Benchmarks/README.md).
//
//   concord-rle-bench DATA_DIR REPEAT
//
// Encodes every frame of DATA_DIR/masks.u8 (one byte per pixel, row-major, 512 × 512 frames)
// to a RunLengthBitPlane and decodes it back to bytes, timing each half over REPEAT passes
// (the best pass counts), checks the round trip, and prints one JSON line.

import Annotations
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 3, let repeatCount = Int(arguments[2]), repeatCount > 0 else {
    FileHandle.standardError.write(Data("usage: concord-rle-bench DATA_DIR REPEAT\n".utf8))
    exit(2)
}
let data = URL(fileURLWithPath: arguments[1])
struct Truth: Decodable { let frames: Int; let rows: Int; let columns: Int }
let truth: Truth
let bytes: [UInt8]
do {
    truth = try JSONDecoder().decode(Truth.self, from: Data(contentsOf: data.appendingPathComponent("truth.json")))
    bytes = [UInt8](try Data(contentsOf: data.appendingPathComponent("masks.u8")))
} catch {
    FileHandle.standardError.write(Data("concord-rle-bench: \(error)\n".utf8))
    exit(1)
}
let pixelsPerFrame = truth.rows * truth.columns
guard bytes.count == truth.frames * pixelsPerFrame else {
    FileHandle.standardError.write(Data("concord-rle-bench: masks.u8 has \(bytes.count) bytes, not \(truth.frames) frames\n".utf8))
    exit(1)
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

var planes: [RunLengthBitPlane] = []
var decoded: [[UInt8]] = []
var bestEncode = Double.infinity, bestDecode = Double.infinity
do {
    for _ in 0..<repeatCount {
        var encoded: [RunLengthBitPlane] = []
        encoded.reserveCapacity(truth.frames)
        bestEncode = min(bestEncode, try seconds {
            for frame in 0..<truth.frames {
                let start = frame * pixelsPerFrame
                encoded.append(try RunLengthBitPlane(rows: truth.rows, columns: truth.columns,
                                                     pixels: bytes[start..<(start + pixelsPerFrame)]))
            }
        })
        planes = encoded
        var frames: [[UInt8]] = []
        frames.reserveCapacity(truth.frames)
        bestDecode = min(bestDecode, seconds {
            for plane in planes { frames.append(plane.pixels()) }
        })
        decoded = frames
    }
} catch {
    FileHandle.standardError.write(Data("concord-rle-bench: \(error)\n".utf8))
    exit(1)
}
guard decoded.joined().elementsEqual(bytes) else {
    FileHandle.standardError.write(Data("concord-rle-bench: decoding did not give the frames back\n".utf8))
    exit(1)
}
let setPixels = planes.reduce(0) { $0 + $1.setPixelCount }
let storedBytes = try JSONEncoder().encode(planes.map(\.runs)).count
print(#"{"tool":"concord","frames":\#(truth.frames),"set_pixels":\#(setPixels),"stored_bytes":\#(storedBytes),"#
    + #""encode_ms_per_frame":\#(bestEncode * 1000 / Double(truth.frames)),"decode_ms_per_frame":\#(bestDecode * 1000 / Double(truth.frames))}"#)
