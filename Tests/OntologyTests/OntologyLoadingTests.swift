import Foundation
import XCTest
import Ontology

final class OntologyLoadingTests: XCTestCase {
    private let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Ontologies")

    private func write(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("concord-\(UUID().uuidString).rdf")
        try Data(text.utf8).write(to: url)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func testLoadsTheShippedConceptSets() throws {
        let ontology = try Ontology(directory: shipped)
        XCTAssertGreaterThanOrEqual(ontology.concepts.count, 300)
        XCTAssertEqual(ontology.members(of: "CID 244").map(\.display).sorted(), ["Bilateral", "Left", "Right", "Unilateral"])
        let ptx = try XCTUnwrap(ontology.concept(for: ConceptCode(scheme: "SCT", code: "36118008")))
        XCTAssertEqual(ptx.display, "Pneumothorax")
        XCTAssertEqual(ptx.synonyms, ["PTX"])
        XCTAssertTrue(ptx.sets.contains("CID 6102") && ptx.sets.contains("finding"))
        // Upper lobe of lung → Lobe of lung → Lung.
        XCTAssertTrue(ontology.isA(ConceptCode(scheme: "SCT", code: "45653009"), ConceptCode(scheme: "SCT", code: "39607008")))
    }

    func testMalformedXMLGivesLineAndColumn() throws {
        let url = try write("<?xml version=\"1.0\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n  <broken>\n</rdf:RDF>\n")
        XCTAssertThrowsError(try Ontology(files: [url])) { error in
            guard case .malformedFile(let path, let line, let column, _)? = error as? OntologyError else {
                return XCTFail("expected malformedFile, got \(error)")
            }
            XCTAssertEqual(path, url.path)
            XCTAssertEqual(line, 4)
            XCTAssertGreaterThan(column, 0)
        }
    }

    func testConceptWithoutNotationIsRejectedWithItsLine() throws {
        let url = try write("""
            <?xml version="1.0"?>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:skos="http://www.w3.org/2004/02/skos/core#">
              <skos:Concept rdf:about="urn:concord:concept:SCT:1">
                <skos:prefLabel>Nameless</skos:prefLabel>
              </skos:Concept>
            </rdf:RDF>
            """)
        XCTAssertThrowsError(try Ontology(files: [url])) { error in
            guard case .malformedFile(_, let line, _, let reason)? = error as? OntologyError else {
                return XCTFail("expected malformedFile, got \(error)")
            }
            XCTAssertEqual(line, 5)
            XCTAssertEqual(reason, "skos:Concept starting on line 3 has no skos:notation")
        }
    }

    func testMergesAConceptDescribedInTwoFiles() throws {
        func file(_ synonym: String, _ set: String) throws -> URL {
            try write("""
                <?xml version="1.0"?>
                <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:skos="http://www.w3.org/2004/02/skos/core#">
                  <skos:Concept rdf:about="urn:concord:concept:SCT:39607008">
                    <skos:inScheme rdf:resource="urn:concord:set:\(set)"/>
                    <skos:notation rdf:datatype="urn:concord:scheme:SCT">39607008</skos:notation>
                    <skos:prefLabel>Lung</skos:prefLabel>
                    <skos:altLabel>\(synonym)</skos:altLabel>
                  </skos:Concept>
                </rdf:RDF>
                """)
        }
        let ontology = try Ontology(files: [file("lungs", "CID 4"), file("pulmonary", "CID 7151")])
        XCTAssertEqual(ontology.concepts.count, 1)
        XCTAssertEqual(ontology.concepts[0].synonyms, ["lungs", "pulmonary"])
        XCTAssertEqual(ontology.concepts[0].sets, ["CID 4", "CID 7151"])
    }
}
