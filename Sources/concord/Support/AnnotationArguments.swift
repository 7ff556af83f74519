import Annotations
import ArgumentParser
import Foundation
import Ontology
import Store

extension ConceptCode: ExpressibleByArgument {
    /// `SCHEME:CODE`, for example `SCT:27925004`.
    public init?(argument: String) { self.init(parsing: argument) }
}

extension AnnotationID: ExpressibleByArgument {
    public init?(argument: String) { self.init(string: argument) }
}

extension AnnotationKind: ExpressibleByArgument {}

extension LinkOrigin: ExpressibleByArgument {}

/// `--author NAME`, required for every change so that history says who made it.
struct AuthorOption: ParsableArguments {
    @Option(help: "Who makes the change, as recorded in the history.")
    var author: String
}

/// Prints versions as JSON, or one line each.
func printVersions(_ versions: [AnnotationVersion], json: Bool) throws {
    if json { return try printJSON(versions) }
    var text = ""
    for version in versions {
        text += describe(version) + "\n"
    }
    FileHandle.standardOutput.write(Data(text.utf8))
}

/// `ID vN kind by AUTHOR at TIME: what`, one line.
func describe(_ version: AnnotationVersion) -> String {
    let time = version.createdAt.formatted(.iso8601)
    let head = "\(version.annotationID) v\(version.version) \(version.kind.rawValue) by \(version.author) at \(time)"
    guard let annotation = version.annotation else { return head + ": deleted" }
    switch annotation {
    case let .region(region):
        return head + ": \(region.shape.kind) on \(region.frame)" + (region.concept.map { " \($0)" } ?? "")
    case let .mask(mask):
        return head + ": \(mask.segments.count) segment(s), \(mask.frames.count) plane(s) on series \(mask.seriesInstanceUID)"
    case let .finding(finding):
        return head + ": \(finding.concept) in study \(finding.studyInstanceUID), \(finding.regionIDs.count) region(s), \(finding.maskIDs.count) mask(s)"
    case let .span(span):
        return head + ": document \(span.documentID) [\(span.start), \(span.end)) \(span.concept)"
    case let .link(link):
        return head + ": span \(link.spanID) -> finding \(link.findingID) (\(link.origin.rawValue)" + (link.score.map { ", score \($0)" } ?? "") + ")"
    }
}

/// Runs a store call, or prints its error and exits 1.
func orFail<T>(_ body: () throws -> T) -> T {
    do { return try body() } catch { fail("\(error)") }
}
