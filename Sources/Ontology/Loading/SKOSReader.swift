import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads the concepts of one SKOS RDF/XML document, the format of the files under `Ontologies/`.
///
/// A concept is a `skos:Concept` whose `skos:notation` carries the code and, in its
/// `rdf:datatype`, the coding scheme:
///
/// ```xml
/// <skos:Concept rdf:about="urn:concord:concept:SCT:36118008">
///   <skos:inScheme rdf:resource="urn:concord:set:CID%206102"/>
///   <skos:notation rdf:datatype="urn:concord:scheme:SCT">36118008</skos:notation>
///   <skos:prefLabel xml:lang="en">Pneumothorax</skos:prefLabel>
///   <skos:altLabel xml:lang="en">PTX</skos:altLabel>
///   <skos:broader rdf:resource="urn:concord:concept:SCT:…"/>
///   <skos:exactMatch rdf:resource="urn:concord:concept:RADLEX:…"/>
/// </skos:Concept>
/// ```
///
/// `skos:inScheme` names the concept sets (`urn:concord:set:NAME`, the name percent-encoded:
/// `urn:concord:set:CID%206102`), `skos:broader` the parents
/// and `skos:exactMatch` equivalent codes in other schemes. Elements Concord does not use
/// (`dcterms:source`, `dcterms:license`, …) are read past.
struct SKOSReader {
    static let skos = "http://www.w3.org/2004/02/skos/core#"
    static let conceptPrefix = "urn:concord:concept:"
    static let setPrefix = "urn:concord:set:"
    static let schemePrefix = "urn:concord:scheme:"

    /// Parses `data`, naming `path` in errors.
    static func concepts(in data: Data, path: String) throws(OntologyError) -> [Concept] {
        let parser = XMLParser(data: data)
        let delegate = Delegate(path: path)
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        let parsed = parser.parse()
        if let failure = delegate.failure { throw failure }
        guard parsed else {
            let reason = parser.parserError.map(Delegate.describe) ?? "not well-formed XML"
            throw .malformedFile(path: path, line: max(parser.lineNumber, 1),
                                 column: max(parser.columnNumber, 1), reason: reason)
        }
        return delegate.concepts
    }

    private final class Delegate: NSObject, XMLParserDelegate {
        let path: String
        var concepts: [Concept] = []
        var failure: OntologyError?
        private var draft: Draft?
        private var text = ""
        private var notationScheme: String?

        /// A concept while its elements are being read.
        private struct Draft {
            var line: Int
            var code: ConceptCode?
            var display: String?
            var synonyms: [String] = []
            var equivalents: [ConceptCode] = []
            var parents: [ConceptCode] = []
            var sets: [String] = []
        }

        init(path: String) { self.path = path }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            text = ""
            guard failure == nil else { return }
            guard namespaceURI == SKOSReader.skos else { return }
            if elementName == "Concept" {
                draft = Draft(line: parser.lineNumber)
                return
            }
            guard draft != nil else { return }
            let resource = Self.attribute("resource", in: attributes)
            switch elementName {
            case "notation":
                notationScheme = Self.attribute("datatype", in: attributes)
            case "inScheme":
                if let set = resource.flatMap({ Self.suffix($0, after: SKOSReader.setPrefix)?.removingPercentEncoding }) {
                    draft?.sets.append(set)
                }
            case "broader":
                if let code = conceptCode(resource, parser: parser) { draft?.parents.append(code) }
            case "exactMatch":
                if let code = conceptCode(resource, parser: parser) { draft?.equivalents.append(code) }
            default:
                break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            text += string
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                    qualifiedName: String?) {
            guard failure == nil, namespaceURI == SKOSReader.skos, draft != nil else { return }
            let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            switch elementName {
            case "notation":
                guard let scheme = notationScheme.flatMap({ Self.suffix($0, after: SKOSReader.schemePrefix) }),
                      !value.isEmpty else {
                    fail(parser, "skos:notation needs text and rdf:datatype=\"\(SKOSReader.schemePrefix)SCHEME\"")
                    return
                }
                draft?.code = ConceptCode(scheme: scheme, code: value)
            case "prefLabel":
                draft?.display = value
            case "altLabel":
                if !value.isEmpty { draft?.synonyms.append(value) }
            case "Concept":
                finishConcept(parser)
            default:
                break
            }
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
            guard failure == nil else { return }
            failure = .malformedFile(path: path, line: max(parser.lineNumber, 1),
                                     column: max(parser.columnNumber, 1),
                                     reason: Self.describe(parseError))
        }

        private func finishConcept(_ parser: XMLParser) {
            guard let finished = draft else { return }
            draft = nil
            guard let code = finished.code else {
                fail(parser, "skos:Concept starting on line \(finished.line) has no skos:notation")
                return
            }
            guard let display = finished.display, !display.isEmpty else {
                fail(parser, "skos:Concept \(code) has no skos:prefLabel")
                return
            }
            concepts.append(Concept(code: code, display: display, synonyms: finished.synonyms,
                                    equivalentCodes: finished.equivalents, parents: finished.parents,
                                    sets: finished.sets))
        }

        private func conceptCode(_ resource: String?, parser: XMLParser) -> ConceptCode? {
            guard let resource else {
                fail(parser, "a concept link needs rdf:resource")
                return nil
            }
            guard let text = Self.suffix(resource, after: SKOSReader.conceptPrefix),
                  let code = ConceptCode(parsing: text) else {
                fail(parser, "'\(resource)' is not a concept reference (\(SKOSReader.conceptPrefix)SCHEME:CODE)")
                return nil
            }
            return code
        }

        private func fail(_ parser: XMLParser, _ reason: String) {
            failure = .malformedFile(path: path, line: max(parser.lineNumber, 1),
                                     column: max(parser.columnNumber, 1), reason: reason)
            parser.abortParsing()
        }

        /// The value of an RDF attribute, whichever way the parser spells its name.
        private static func attribute(_ name: String, in attributes: [String: String]) -> String? {
            attributes[name] ?? attributes["rdf:" + name]
                ?? attributes.first(where: { $0.key.hasSuffix(":" + name) })?.value
        }

        private static func suffix(_ text: String, after prefix: String) -> String? {
            guard text.hasPrefix(prefix), text.count > prefix.count else { return nil }
            return String(text.dropFirst(prefix.count))
        }

        static func describe(_ error: Error) -> String {
            XMLErrorText.describe(code: (error as NSError).code)
        }
    }
}
