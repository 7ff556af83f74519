import Annotations
import ArgumentParser
import Foundation
import Ontology
import Store

/// `concord mask import`: a segmentation of a stored series from PNG, raw bitmap or NIfTI-1.
struct MaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mask",
        abstract: "Import segmentation masks onto stored series.",
        subcommands: [Import.self]
    )

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import one segment of a mask from a PNG or raw bitmap (one frame) or a NIfTI-1 volume (the series).",
            discussion: """
                A PNG or raw bitmap covers one frame (--instance, --frame). A NIfTI volume \
                covers the whole series: its k-th slice lies on the k-th frame of the series' \
                images in Instance Number order. The size must match the image exactly; nothing \
                is stretched or cropped. Binary masks are stored run-length encoded; \
                --fractional keeps 8-bit fractions.
                """
        )

        @OptionGroup var store: StoreOptions
        @OptionGroup var author: AuthorOption
        @OptionGroup var ontologies: OntologyOptions

        @Option(help: "Series Instance UID of the segmented images.") var series: String
        @Option(help: "A PNG file (one frame).") var png: String?
        @Option(help: "A raw bitmap file (one frame, row-major).") var raw: String?
        @Option(help: "A NIfTI-1 file, .nii or .nii.gz (the whole series).") var nifti: String?
        @Option(help: "With --png or --raw: SOP Instance UID of the image.") var instance: String?
        @Option(help: "With --png or --raw: frame index, 0-based.") var frame = 0
        @Flag(help: "With --raw: one bit per pixel, least significant bit first (else one byte per pixel).") var packedBits = false
        @Option(help: "With --nifti: only voxels with this label value are set.") var label: Double?
        @Flag(help: "With --nifti: the volume is stored bottom-up.") var flipRows = false
        @Flag(help: "Keep 8-bit fractions instead of a binary mask.") var fractional = false

        @Option(help: "Segment label.") var segmentLabel: String
        @Option(help: "Segmented Property Category, SCHEME:CODE (CID 7150, for example SCT:85756007 Tissue).")
        var category: ConceptCode
        @Option(help: "Segmented Property Type, SCHEME:CODE (CID 7151, for example SCT:10200004 Liver).")
        var type: ConceptCode
        @Option(help: "MANUAL, SEMIAUTOMATIC or AUTOMATIC.") var algorithmType: SegmentAlgorithmType = .manual

        @Flag(help: "Print the stored version as JSON.") var json = false

        func validate() throws {
            guard [png, raw, nifti].compactMap({ $0 }).count == 1 else {
                throw ValidationError("Give exactly one of --png, --raw, --nifti.")
            }
            if nifti == nil, instance == nil { throw ValidationError("--png and --raw need --instance.") }
            if fractional, packedBits { throw ValidationError("--packed-bits is for binary masks only.") }
        }

        func run() throws {
            let session = store.open(command: "mask import", role: "annotator", checkingAgainst: ontologies.load())
            let planes = try importPlanes(session.store)
            let segment = Segment(number: 1, label: segmentLabel, category: category, type: type, algorithmType: algorithmType)
            guard let first = planes.first else { fail("the mask covers no frame") }
            let mask = Mask(seriesInstanceUID: series, rows: first.pixels.rows, columns: first.pixels.columns,
                            segments: [segment],
                            frames: planes.map { MaskFrame(segmentNumber: 1, frame: $0.frame, pixels: $0.pixels) })
            let version = session.audit.save(.mask(mask), in: session.store, author: author.author, parentVersion: nil)
            try printVersions([version], json: json)
        }

        private func read(_ path: String) -> [UInt8] {
            guard let data = FileManager.default.contents(atPath: path) else { fail("\(path): cannot be read") }
            return Array(data)
        }

        /// The planes and the frames they lie on, sized from the stored image geometry.
        private func importPlanes(_ database: any ConcordStore) throws -> [(frame: FrameReference, pixels: MaskPixels)] {
            if let nifti {
                let images = orFail { try database.instances(inSeries: series) }
                if images.isEmpty { fail("no images of series \(series) in the store") }
                var references: [FrameReference] = []
                var frames: [FrameGeometry] = []
                for image in images {
                    guard let geometry = orFail({ try database.geometry(of: image.sopInstanceUID) }) else { continue }
                    for (index, frame) in geometry.frames.enumerated() {
                        references.append(FrameReference(sopInstanceUID: image.sopInstanceUID, frameIndex: index))
                        frames.append(frame)
                    }
                }
                let volume: NIfTIImage
                do { volume = try NIfTIImage(bytes: read(nifti)) } catch { fail("\(nifti): \(error)") }
                do {
                    let planes: [MaskPixels] = fractional
                        ? try MaskImport.fractionalPlanes(nifti: volume, for: frames, flipsRows: flipRows).map { .fractional($0) }
                        : try MaskImport.binaryPlanes(nifti: volume, for: frames, label: label, flipsRows: flipRows).map { .binary($0) }
                    return Array(zip(references, planes)).map { (frame: $0.0, pixels: $0.1) }
                } catch {
                    fail("\(nifti): \(error)")
                }
            }
            guard let instance else { fail("--png and --raw need --instance") }
            guard let geometry = orFail({ try database.geometry(of: instance) }) else { fail("no image \(instance) in the store") }
            guard let frameGeometry = geometry.frame(frame) else {
                fail("\(StoreError.invalidAnnotation(.frameOutOfRange(frameIndex: frame, numberOfFrames: geometry.numberOfFrames)))")
            }
            let reference = FrameReference(sopInstanceUID: instance, frameIndex: frame)
            let path = png ?? raw ?? ""
            let bytes = read(path)
            do {
                let pixels: MaskPixels
                switch (png != nil, fractional) {
                case (true, false): pixels = .binary(try MaskImport.binaryPlane(png: bytes, for: frameGeometry))
                case (true, true): pixels = .fractional(try MaskImport.fractionalPlane(png: bytes, for: frameGeometry))
                case (false, false):
                    pixels = .binary(try MaskImport.binaryPlane(raw: bytes, layout: packedBits ? .packedBits : .bytePerPixel,
                                                                 for: frameGeometry))
                case (false, true): pixels = .fractional(try MaskImport.fractionalPlane(raw: bytes, for: frameGeometry))
                }
                return [(frame: reference, pixels: pixels)]
            } catch {
                fail("\(path): \(error)")
            }
        }
    }
}

extension SegmentAlgorithmType: ExpressibleByArgument {}
