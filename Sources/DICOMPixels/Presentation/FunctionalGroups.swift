import DICOM

/// Per-frame presentation attributes of enhanced multi-frame images (PS3.3 C.7.6.16), which
/// keep rescale and window values inside functional group sequences instead of at the top level.
public enum FunctionalGroups {
    /// The functional group macros whose contents the presentation pipeline reads: Pixel Value
    /// Transformation (rescale, C.7.6.16.2.9) and Frame VOI LUT (window or VOI LUT, C.7.6.16.2.10).
    public static let presentationSequences: [Tag] = [.pixelValueTransformationSequence, .frameVOILUTSequence]

    /// `dataSet` with the attributes of frame `frame` (0-based) lifted to the top level: first
    /// those of the Shared Functional Groups Sequence, then the frame's Per-Frame Functional Groups
    /// item, each replacing what came before, so per-frame values win as C.7.6.16 requires.
    /// A data set without functional groups is returned unchanged.
    public static func attributes(for frame: Int, in dataSet: DataSet) -> DataSet {
        var sources: [DataSet] = []
        if let shared = dataSet.sequence(.sharedFunctionalGroupsSequence)?.first { sources.append(shared) }
        if let perFrame = dataSet.sequence(.perFrameFunctionalGroupsSequence), perFrame.indices.contains(frame) {
            sources.append(perFrame[frame])
        }
        guard !sources.isEmpty else { return dataSet }
        var merged = dataSet
        for source in sources {
            for tag in presentationSequences {
                guard let item = source.sequence(tag)?.first else { continue }
                for element in item.elements { merged.set(element) }
            }
        }
        return merged
    }
}
