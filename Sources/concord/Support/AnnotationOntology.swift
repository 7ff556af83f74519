import Ontology

/// The concepts the CLI lets annotations use.
///
/// A small built-in set — DICOM CID 244 laterality, a few CID 7150/7151 segmentation codes and
/// common chest findings — until the CLI loads the shipped `Ontologies/` folder. Replace the
/// body with the folder loader once it is on this branch; callers only see this function.
func annotationOntology() throws -> Ontology {
    let entries: [(String, String, String)] = [
        ("SCT", "24028007", "Right"), ("SCT", "7771000", "Left"), ("SCT", "51440002", "Bilateral"),
        ("SCT", "85756007", "Tissue"), ("SCT", "91723000", "Anatomical structure"),
        ("SCT", "49755003", "Morphologically abnormal structure"),
        ("SCT", "39607008", "Lung"), ("SCT", "10200004", "Liver"), ("SCT", "64033007", "Kidney"),
        ("SCT", "3341006", "Right lung"), ("SCT", "44029006", "Left lung"),
        ("SCT", "27925004", "Nodule"), ("SCT", "4147007", "Mass"), ("SCT", "36118008", "Pneumothorax"),
        ("SCT", "60046008", "Pleural effusion"), ("SCT", "233604007", "Pneumonia"),
        ("SCT", "108369006", "Neoplasm"), ("SCT", "86049000", "Malignant neoplasm, primary"),
    ]
    return try Ontology(concepts: entries.map { scheme, code, display in
        Concept(code: ConceptCode(scheme: scheme, code: code), display: display)
    })
}
