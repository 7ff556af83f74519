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

let shippedAsserter: AssertionReader = {
    do {
        return try AssertionReader(folder: ontologiesFolder)
    } catch {
        preconditionFailure("the shipped rules must load: \(error)")
    }
}()
