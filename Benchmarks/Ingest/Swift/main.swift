// concord-annotation-bench: inserts regions into a store and times querying one frame's
// annotations. Run by Benchmarks/Ingest/run.sh after `concord ingest` has filled the store.
//
//   concord-annotation-bench DATA_DIR [REGIONS] [QUERIES]
//
// Prints one JSON line: regions inserted, insert rate, and the median and p99 latency of
// "the current annotations on one frame" over QUERIES random frames.
import Annotations
import Foundation
import Ontology
import Store

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: concord-annotation-bench DATA_DIR [REGIONS] [QUERIES]\n".utf8))
    exit(2)
}
let regionCount = arguments.count > 2 ? Int(arguments[2]) ?? 100_000 : 100_000
let queryCount = arguments.count > 3 ? Int(arguments[3]) ?? 1_000 : 1_000
let nodule = ConceptCode(scheme: "SCT", code: "27925004")

do {
    let ontology = try Ontology(concepts: [Concept(code: nodule, display: "Nodule")])
    let store = try SQLiteStore(directory: URL(fileURLWithPath: arguments[1]), ontology: ontology)
    let images = try store.studies(matching: StudyQuery()).flatMap { study throws(StoreError) in
        try store.instances(inStudy: study.studyInstanceUID)
    }.filter { ($0.rows ?? 0) >= 16 && ($0.columns ?? 0) >= 16 }
    guard !images.isEmpty else {
        FileHandle.standardError.write(Data("concord-annotation-bench: no images of at least 16x16 in the store\n".utf8))
        exit(1)
    }

    let insertStart = Date()
    for index in 0..<regionCount {
        let image = images[index % images.count]
        let corner = PixelPoint(column: Double(index % 7), row: Double(index % 5))
        let region = Region(frame: FrameReference(sopInstanceUID: image.sopInstanceUID),
                            shape: .rectangle(origin: corner, width: 8, height: 8), concept: nodule)
        try store.save(.region(region), author: "reader-\(index % 3)", parentVersion: nil)
    }
    let insertSeconds = Date().timeIntervalSince(insertStart)

    var latencies: [Double] = []
    var returned = 0
    for _ in 0..<queryCount {
        let image = images[Int.random(in: 0..<images.count)]
        let start = DispatchTime.now().uptimeNanoseconds
        let found = try store.annotations(matching: AnnotationQuery(sopInstanceUID: image.sopInstanceUID, frameIndex: 0))
        latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        returned += found.count
    }
    latencies.sort()
    let median = latencies[latencies.count / 2]
    let p99 = latencies[min(latencies.count - 1, Int(Double(latencies.count) * 0.99))]
    print("""
        {"regions": \(regionCount), "insert_seconds": \(insertSeconds), "regions_per_second": \(Double(regionCount) / insertSeconds), \
        "queries": \(queryCount), "mean_regions_per_frame": \(Double(returned) / Double(queryCount)), \
        "frame_query_median_ms": \(median), "frame_query_p99_ms": \(p99)}
        """)
} catch {
    FileHandle.standardError.write(Data("concord-annotation-bench: \(error)\n".utf8))
    exit(1)
}
