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
            XCTAssertEqual(error as? OntologyError, .malformedFile(
                path: url.path, line: 4, column: 11,
                reason: "not well-formed XML: the closing tag does not match the open element (libxml2 error 76)"))
        }
    }

    func testAFolderWithoutConceptSetsIsRejected() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("concord-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: empty) }
        XCTAssertThrowsError(try Ontology(directory: empty)) { error in
            XCTAssertEqual(error as? OntologyError, .invalidContent(path: empty.path, reason: "the folder holds no .rdf or .xml concept sets"))
        }
    }

    func testANotationWithoutSchemeIsRejected() throws {
        let url = try write("""
            <?xml version="1.0"?>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:skos="http://www.w3.org/2004/02/skos/core#">
              <skos:Concept rdf:about="urn:concord:concept:SCT:1">
                <skos:notation>1</skos:notation>
              </skos:Concept>
            </rdf:RDF>
            """)
        XCTAssertThrowsError(try Ontology(files: [url])) { error in
            guard case .malformedFile(_, let line, _, let reason)? = error as? OntologyError else {
                return XCTFail("expected malformedFile, got \(error)")
            }
            XCTAssertEqual(line, 4)
            XCTAssertEqual(reason, "skos:notation needs text and rdf:datatype=\"urn:concord:scheme:SCHEME\"")
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
        let ontology = try Ontology(files: [file("lungs", "CID%204"), file("pulmonary", "CID%207151")])
        XCTAssertEqual(ontology.concepts.count, 1)
        XCTAssertEqual(ontology.concepts[0].synonyms, ["lungs", "pulmonary"])
        XCTAssertEqual(ontology.concepts[0].sets, ["CID 4", "CID 7151"])
    }
}
