import Foundation
import Ontology
@testable import Annotations

/// The files `scripts/make-annotation-fixtures.py` writes, and what it expects of them.
enum Fixtures {
    static let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources")
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: resources.appendingPathComponent(name)))
    }

    struct ExpectedPNG: Decodable { let width: Int; let height: Int; let maskValues: [UInt8] }
    struct ExpectedNIfTI: Decodable { let size: [Int]; let values: [Double] }

    /// Entries of `expected.json` keyed by file name under Resources.
    static func expected<T: Decodable>(_ type: T.Type) throws -> [String: T] {
        let data = try Data(contentsOf: resources.appendingPathComponent("expected.json"))
        let all = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        var result: [String: T] = [:]
        for (name, entry) in all where (T.self == ExpectedPNG.self) == name.hasPrefix("png/") {
            result[name] = try JSONDecoder().decode(T.self, from: JSONSerialization.data(withJSONObject: entry))
        }
        return result
    }
}

/// Concepts the validation tests use.
enum Codes {
    static let pneumothorax = ConceptCode(scheme: "SCT", code: "36118008")
    static let nodule = ConceptCode(scheme: "SCT", code: "27925004")
    static let right = ConceptCode(scheme: "SCT", code: "24028007")
    static let rightUpperLobe = ConceptCode(scheme: "SCT", code: "45653009")
    static let anatomicalStructure = ConceptCode(scheme: "SCT", code: "123037004")
    static let liver = ConceptCode(scheme: "SCT", code: "10200004")
    static let unknown = ConceptCode(scheme: "SCT", code: "999999999")

    static func ontology() throws -> Ontology {
        try Ontology(concepts: [
            Concept(code: pneumothorax, display: "Pneumothorax"),
            Concept(code: nodule, display: "Nodule"),
            Concept(code: right, display: "Right", sets: ["laterality"]),
            Concept(code: rightUpperLobe, display: "Right upper lobe of lung"),
            Concept(code: anatomicalStructure, display: "Anatomical structure", sets: ["CID 7150"]),
            Concept(code: liver, display: "Liver", sets: ["CID 7151"]),
        ])
    }
}

/// A seeded generator, so randomised tests check the same cases on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
