import Foundation

extension Ontology {
    /// Loads every `*.rdf` and `*.xml` concept set in a folder, such as the shipped `Ontologies/`.
    ///
    /// Files are read in name order. A concept that appears in several files (Lung is both an
    /// anatomic region and a segmentation type) becomes one concept whose names, sets and parent
    /// links are the union of what the files say; its display name is the first file's.
    ///
    /// ```swift
    /// let ontology = try Ontology(directory: URL(fileURLWithPath: "Ontologies"))
    /// ontology.members(of: "CID 244").map(\.display)   // ["Bilateral", "Left", "Right", "Unilateral"]
    /// ```
    public init(directory: URL) throws(OntologyError) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw .invalidContent(path: directory.path, reason: "the folder cannot be read: \(error.localizedDescription)")
        }
        let files = names.filter { $0.hasSuffix(".rdf") || $0.hasSuffix(".xml") }.sorted()
            .map { directory.appendingPathComponent($0) }
        guard !files.isEmpty else {
            throw .invalidContent(path: directory.path, reason: "the folder holds no .rdf or .xml concept sets")
        }
        try self.init(files: files)
    }

    /// Loads and merges the concept sets in these SKOS RDF/XML files (see the folder form).
    public init(files: [URL]) throws(OntologyError) {
        var merged: [Concept] = []
        var positions: [ConceptCode: Int] = [:]
        for file in files {
            let data: Data
            do {
                data = try Data(contentsOf: file)
            } catch {
                throw .invalidContent(path: file.path, reason: "the file cannot be read: \(error.localizedDescription)")
            }
            for concept in try SKOSReader.concepts(in: data, path: file.path) {
                if let position = positions[concept.code] {
                    merged[position].absorb(concept)
                } else {
                    positions[concept.code] = merged.count
                    merged.append(concept)
                }
            }
        }
        try self.init(concepts: merged)
    }
}
