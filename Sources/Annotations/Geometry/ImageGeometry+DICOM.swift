import DICOM

extension ImageGeometry {
    /// The most frames a data set may declare (2¹⁸ = 262,144, more than a whole-slide image's
    /// largest level), so a corrupt Number of Frames cannot make geometry use gigabytes.
    public static let maximumFrameCount = 1 << 18

    /// The geometry of the image in `dataSet`.
    ///
    /// Rows (0028,0010) and Columns (0028,0011) come from the top level. Pixel Spacing, Image
    /// Position (Patient) and Image Orientation (Patient) come, for each frame, from the first
    /// place that has them: the frame's item of the Per-Frame Functional Groups Sequence, then
    /// the Shared Functional Groups Sequence (their Pixel Measures, Plane Position and Plane
    /// Orientation macros, PS3.3 C.7.6.16.2), then the top level. Values that are missing or
    /// malformed stay nil.
    ///
    /// - Throws: ``AnnotationError/invalidImageGeometry(_:)`` when Rows or Columns is missing or
    ///   not positive, or Number of Frames is present but not positive or above
    ///   ``maximumFrameCount``.
    public init(dataSet: DataSet) throws(AnnotationError) {
        guard let rows = dataSet.integers(.rows).first, rows > 0 else {
            throw .invalidImageGeometry("Rows (0028,0010) is missing or not positive")
        }
        guard let columns = dataSet.integers(.columns).first, columns > 0 else {
            throw .invalidImageGeometry("Columns (0028,0011) is missing or not positive")
        }
        var frameCount = 1
        if dataSet.contains(.numberOfFrames) {
            guard let stated = dataSet.integers(.numberOfFrames).first, stated > 0 else {
                throw .invalidImageGeometry(
                    "Number of Frames (0028,0008) is \"\(dataSet.string(.numberOfFrames) ?? "")\", not a positive integer")
            }
            guard stated <= Self.maximumFrameCount else {
                throw .invalidImageGeometry(
                    "Number of Frames (0028,0008) is \(stated), more than the \(Self.maximumFrameCount) accepted")
            }
            frameCount = stated
        }
        let shared = dataSet.sequence(.sharedFunctionalGroupsSequence)?.first
        let perFrame = dataSet.sequence(.perFrameFunctionalGroupsSequence) ?? []
        // The top-level values are the same for every frame: parse them once.
        let topLevel: [Tag: [Double]] = Dictionary(uniqueKeysWithValues: [Tag.pixelSpacing, .imagePositionPatient,
                                                                          .imageOrientationPatient].map { ($0, dataSet.doubles($0)) })

        var frames: [FrameGeometry] = []
        frames.reserveCapacity(frameCount)
        for index in 0..<frameCount {
            let own = perFrame.indices.contains(index) ? perFrame[index] : nil
            // Where to look, nearest first: this frame's functional group macro, the shared one,
            // then the attribute at the top level of the data set.
            func values(_ tag: Tag, in macro: Tag) -> [Double] {
                for group in [own, shared] {
                    if let item = group?.sequence(macro)?.first, item.contains(tag) { return item.doubles(tag) }
                }
                return topLevel[tag] ?? []
            }
            let spacing = PixelSpacing(dicomValues: values(.pixelSpacing, in: .pixelMeasuresSequence))
            let position = values(.imagePositionPatient, in: .planePositionSequence)
            let orientation = PatientOrientation(
                dicomValues: values(.imageOrientationPatient, in: .planeOrientationSequence))
            frames.append(FrameGeometry(
                rows: rows, columns: columns, pixelSpacing: spacing,
                position: position.count == 3 && position.allSatisfy(\.isFinite)
                    ? PatientPoint(x: position[0], y: position[1], z: position[2]) : nil,
                orientation: orientation))
        }
        self.init(frames: frames)
    }
}
