import ClinicalText
import Foundation
import Ontology

/// The shipped Ontologies/ folder, found from this file's place in the repository.
let ontologiesFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Ontologies")

/// One reader over the shipped concept sets and rules, loaded once for all tests.
let shippedReader: ReportReader = {
    do {
        return try ReportReader(folder: ontologiesFolder)
    } catch {
        preconditionFailure("the shipped Ontologies/ folder must load: \(error)")
    }
}()

/// The same rules as ``shippedReader``, without loading them a second time.
let shippedAsserter = AssertionReader(assertionRules: shippedReader.context.rules,
                                      sectionRules: shippedReader.sectionSplitter.rules)
