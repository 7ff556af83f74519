import Annotations
import ClinicalText
import Ontology
import Store

extension ImageFinding {
    /// What a stored finding says, in the terms the report linker compares: its concept, side
    /// (CID 244 code), location and size.
    ///
    /// The size is the largest of the sizes recorded on the finding; when none is recorded, the
    /// longest axis of its regions, measured with their frames' pixel spacing. Regions on
    /// frames without a pixel spacing give no size: none is assumed.
    init(_ finding: Finding, store: any ConcordStore) throws(StoreError) {
        var size = finding.sizeMM.max()
        if size == nil {
            for regionID in finding.regionIDs {
                guard case let .region(region)? = try store.current(regionID)?.annotation,
                      let spacing = try store.geometry(of: region.frame.sopInstanceUID)?.frame(region.frame.frameIndex)?.pixelSpacing,
                      let axis = region.shape.longestAxis(spacing: spacing) else { continue }
                size = max(size ?? 0, axis)
            }
        }
        self.init(id: finding.id.description, concept: finding.concept,
                  laterality: finding.laterality.flatMap(Laterality.init(code:)), location: finding.location,
                  sizeMillimetres: size)
    }
}

extension Laterality {
    /// The side a DICOM CID 244 laterality code names (SNOMED CT right, left, bilateral).
    init?(code: ConceptCode) {
        guard code.scheme == "SCT" else { return nil }
        switch code.code {
        case "24028007": self = .right
        case "7771000": self = .left
        case "51440002": self = .bilateral
        default: return nil
        }
    }
}
