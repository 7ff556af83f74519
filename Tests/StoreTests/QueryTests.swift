import Foundation
import XCTest
@testable import Store

/// Studies by patient, date, modality and accession; series and instances of a study.
final class QueryTests: XCTestCase {
    var store: SQLiteStore!

    /// Three studies: two CT+SEG / MR for PAT-1 in January and March, one CT for PAT-2 in February.
    override func setUpWithError() throws {
        store = try SQLiteStore(directory: try temporaryDirectory())
        let folder = try temporaryDirectory()
        func make(_ study: String, patient: String, date: String, accession: String,
                  series: [(uid: String, number: Int, modality: String, instances: Int)]) throws {
            for part in series {
                for number in 1...part.instances {
                    var instance = SyntheticInstance()
                    instance.patientID = patient
                    instance.studyUID = study
                    instance.studyDate = date
                    instance.accession = accession
                    instance.seriesUID = part.uid
                    instance.seriesNumber = part.number
                    instance.modality = part.modality
                    instance.sopUID = "\(part.uid).\(number)"
                    instance.instanceNumber = number
                    try instance.write(to: folder, name: "\(part.uid).\(number).dcm")
                }
            }
        }
        try make("2.25.1", patient: "PAT-1", date: "20240110", accession: "A1",
                 series: [("2.25.1.2", 2, "SEG", 1), ("2.25.1.1", 1, "CT", 3)])
        try make("2.25.2", patient: "PAT-2", date: "20240215", accession: "A2",
                 series: [("2.25.2.1", 1, "CT", 2)])
        try make("2.25.3", patient: "PAT-1", date: "20240320", accession: "A3",
                 series: [("2.25.3.1", 1, "MR", 1)])
        let summary = try Ingestor(store: store).ingest(paths: [folder.path])
        XCTAssertEqual(summary.ingested, 7)
    }

    private func uids(_ query: StudyQuery) throws -> [String] {
        try store.studies(matching: query).map(\.studyInstanceUID)
    }

    func testAllStudiesComeNewestFirst() throws {
        XCTAssertEqual(try uids(StudyQuery()), ["2.25.3", "2.25.2", "2.25.1"])
    }

    func testStudiesOfAPatientByPatientIDOrPseudonym() throws {
        XCTAssertEqual(try uids(StudyQuery(patient: "PAT-1")), ["2.25.3", "2.25.1"])
        let pseudonym = try XCTUnwrap(try store.study("2.25.2")).patientPseudonym
        XCTAssertEqual(try uids(StudyQuery(patient: pseudonym)), ["2.25.2"])
        XCTAssertEqual(try uids(StudyQuery(patient: "PAT-9")), [])
    }

    func testStudiesInADateRangeIncludeBothEnds() throws {
        XCTAssertEqual(try uids(StudyQuery(dates: "2024-01-10"..."2024-02-15")), ["2.25.2", "2.25.1"])
        XCTAssertEqual(try uids(StudyQuery(dates: "2024-01-11"..."2024-02-14")), [])
    }

    func testStudiesByModalityOfAnyOfTheirSeries() throws {
        XCTAssertEqual(try uids(StudyQuery(modality: "CT")), ["2.25.2", "2.25.1"])
        XCTAssertEqual(try uids(StudyQuery(modality: "SEG")), ["2.25.1"])
        XCTAssertEqual(try uids(StudyQuery(patient: "PAT-1", modality: "CT")), ["2.25.1"])
    }

    func testStudiesByAccessionNumber() throws {
        XCTAssertEqual(try uids(StudyQuery(accessionNumber: "A3")), ["2.25.3"])
        XCTAssertEqual(try uids(StudyQuery(accessionNumber: "a3")), [])
    }

    func testStudyCountsItsSeriesInstancesAndModalities() throws {
        let study = try XCTUnwrap(try store.study("2.25.1"))
        XCTAssertEqual(study.modalities, ["CT", "SEG"])
        XCTAssertEqual(study.seriesCount, 2)
        XCTAssertEqual(study.instanceCount, 4)
        XCTAssertNil(try store.study("2.25.404"))
    }

    func testSeriesOfAStudyComeBySeriesNumber() throws {
        let series = try store.series(inStudy: "2.25.1")
        XCTAssertEqual(series.map(\.seriesInstanceUID), ["2.25.1.1", "2.25.1.2"])
        XCTAssertEqual(series.map(\.modality), ["CT", "SEG"])
        XCTAssertEqual(series.map(\.instanceCount), [3, 1])
        XCTAssertEqual(try store.series(inStudy: "2.25.404"), [])
    }

    func testInstancesOfAStudyComeBySeriesThenInstanceNumber() throws {
        XCTAssertEqual(try store.instances(inStudy: "2.25.1").map(\.sopInstanceUID),
                       ["2.25.1.1.1", "2.25.1.1.2", "2.25.1.1.3", "2.25.1.2.1"])
    }
}
