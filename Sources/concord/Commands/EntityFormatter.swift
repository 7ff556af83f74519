import ClinicalText
import Foundation

/// The three ways `concord nlp` prints entities.
enum EntityFormatter {
    /// One entity in `--json` output.
    struct Record: Encodable {
        var text: String
        var start: Int
        var end: Int
        var concept: String
        var display: String
        var role: String
        var assertion: [String]
        var section: String
        var sentence: Int
        var laterality: String?
        var locations: [String]
        var measurements: [MeasurementRecord]
    }

    struct MeasurementRecord: Encodable {
        var start: Int
        var end: Int
        var kind: String
        var values: [Double]
        var unit: String
        var largestMillimetres: Double
    }

    static func record(_ entity: Entity) -> Record {
        Record(text: entity.text, start: entity.range.lowerBound, end: entity.range.upperBound,
               concept: entity.concept.code.description, display: entity.concept.display,
               role: entity.role.rawValue, assertion: entity.assertion.sorted.map(\.rawValue),
               section: entity.section, sentence: entity.sentence, laterality: entity.laterality?.rawValue,
               locations: entity.locations.map(\.code.description),
               measurements: entity.measurements.map {
                   MeasurementRecord(start: $0.range.lowerBound, end: $0.range.upperBound, kind: $0.kind.rawValue,
                                     values: $0.values, unit: $0.unit, largestMillimetres: $0.largestMillimetres)
               })
    }

    static func json(_ entities: [Entity]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(entities.map(record)), as: UTF8.self) + "\n"
    }

    static func table(_ entities: [Entity]) -> String {
        var lines: [String] = []
        for entity in entities {
            let assertion = entity.assertion.isAffirmed ? "affirmed" : entity.assertion.sorted.map(\.rawValue).joined(separator: ",")
            var attributes: [String] = []
            if let side = entity.laterality { attributes.append("laterality=\(side.rawValue)") }
            if let location = entity.locations.first { attributes.append("location=\(location.display)") }
            for size in entity.measurements {
                let separator = size.kind == .range ? "-" : "x"
                attributes.append("size=\(size.values.map { String($0) }.joined(separator: separator)) \(size.unit)")
            }
            lines.append([String(entity.range.lowerBound), String(entity.range.upperBound), entity.text,
                          "\(entity.concept.code) \(entity.concept.display)", assertion, entity.section,
                          attributes.joined(separator: " ")].joined(separator: "\t"))
        }
        return lines.map { $0 + "\n" }.joined()
    }

    /// brat standoff: a text-bound annotation per entity (type = role), assertion attributes,
    /// and the concept code as an annotator note.
    static func brat(_ entities: [Entity]) -> String {
        var lines: [String] = []
        var attribute = 0
        for (index, entity) in entities.enumerated() {
            let id = "T\(index + 1)"
            let text = entity.text.replacingOccurrences(of: "\n", with: " ")
            lines.append("\(id)\t\(entity.role.rawValue.capitalized) \(entity.range.lowerBound) \(entity.range.upperBound)\t\(text)")
            for category in entity.assertion.sorted {
                attribute += 1
                lines.append("A\(attribute)\t\(category.rawValue.capitalized) \(id)")
            }
            if let side = entity.laterality {
                attribute += 1
                lines.append("A\(attribute)\tLaterality \(id) \(side.rawValue)")
            }
            lines.append("#\(index + 1)\tAnnotatorNotes \(id)\t\(entity.concept.code) \(entity.concept.display)")
        }
        return lines.map { $0 + "\n" }.joined()
    }
}
