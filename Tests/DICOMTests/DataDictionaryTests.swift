import Foundation
import XCTest
@testable import DICOM

final class DataDictionaryTests: XCTestCase {
    // MARK: - Public tags

    func testPatientNameIsPNWithDerivedName() throws {
        let entry = try XCTUnwrap(DataDictionary.entry(for: Tag(0x0010, 0x0010)))
        XCTAssertEqual(entry.tag, Tag(0x0010, 0x0010))
        XCTAssertEqual(entry.keyword, "PatientName")
        // dicom.dic has no human names: the keyword split into words.
        XCTAssertEqual(entry.name, "Patient Name")
        XCTAssertEqual(entry.vrs, [.PN])
        XCTAssertEqual(entry.vr, .PN)
        XCTAssertEqual(entry.vm, "1")
        XCTAssertFalse(entry.isRetired)
    }

    func testDerivedNamesKeepAcronyms() throws {
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x0010, 0x0030))?.name, "Patient Birth Date")
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x0008, 0x0018))?.name, "SOP Instance UID")
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x0010, 0x1002))?.name, "Other Patient IDs Sequence")
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x0018, 0x1151))?.name, "X-Ray Tube Current")
    }

    func testMultiValuedVM() throws {
        let imageType = try XCTUnwrap(DataDictionary.entry(for: Tag(0x0008, 0x0008)))
        XCTAssertEqual(imageType.vr, .CS)
        XCTAssertEqual(imageType.vm, "2-n")
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x0020, 0x0032))?.vm, "3")
    }

    func testPixelDataIsOBOrOW() throws {
        let entry = try XCTUnwrap(DataDictionary.entry(for: Tag(0x7FE0, 0x0010)))
        XCTAssertEqual(entry.keyword, "PixelData")
        XCTAssertEqual(entry.vrs, [.OB, .OW])
        XCTAssertEqual(entry.vr, .OB)
    }

    func testUSOrSS() throws {
        let entry = try XCTUnwrap(DataDictionary.entry(for: Tag(0x0028, 0x0106)))
        XCTAssertEqual(entry.keyword, "SmallestImagePixelValue")
        XCTAssertEqual(entry.vrs, [.US, .SS])
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x0028, 0x3002))?.vrs, [.US, .SS])
    }

    func testPseudoVRMappings() {
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x0028, 0x3006))?.vrs, [.US, .OW])   // lt
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x0028, 0x1200))?.vrs, [.US, .SS, .OW])
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x0004, 0x1200))?.vrs, [.UL])        // up
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x5400, 0x1010))?.vrs, [.OB, .OW])   // ox
        XCTAssertEqual(DataDictionary.entry(for: Tag(0xFFFE, 0xE000))?.vrs, [.UN])        // na
    }

    func testRetiredTag() throws {
        // (0008,0010) Recognition Code, retired; DCMTK writes RETIRED_RecognitionCode.
        let entry = try XCTUnwrap(DataDictionary.entry(for: Tag(0x0008, 0x0010)))
        XCTAssertEqual(entry.keyword, "RecognitionCode")
        XCTAssertTrue(entry.isRetired)
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x0008, 0x0020))?.isRetired, false)
    }

    func testUnknownTagIsNil() {
        XCTAssertNil(DataDictionary.entry(for: Tag(0x0010, 0x0011)))
        XCTAssertNil(DataDictionary.entry(for: Tag(0x0011, 0x1234)))   // private: needs a creator
        XCTAssertNil(DataDictionary.entry(forKeyword: "NoSuchKeyword"))
        XCTAssertNil(DataDictionary.entry(forKeyword: "patientName"))  // keywords are case-sensitive
    }

    // MARK: - Repeating groups

    func testOverlayDataResolvesThroughRepeatingGroup() throws {
        let entry = try XCTUnwrap(DataDictionary.entry(for: Tag(0x6002, 0x3000)))
        XCTAssertEqual(entry.tag, Tag(0x6002, 0x3000))
        XCTAssertEqual(entry.keyword, "OverlayData")
        XCTAssertEqual(entry.name, "Overlay Data")
        XCTAssertEqual(entry.vrs, [.OB, .OW])
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x601E, 0x0010))?.keyword, "OverlayRows")
        // Odd groups in the 60xx range are private, not overlays.
        XCTAssertNil(DataDictionary.entry(for: Tag(0x6001, 0x3000)))
    }

    func testOtherRepeatingFamilies() {
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x5010, 0x3000))?.keyword, "CurveData")
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x5010, 0x3000))?.isRetired, true)
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x0020, 0x31A7))?.keyword, "SourceImageIDs")
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x7F02, 0x0010))?.keyword, "VariablePixelData")
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x0028, 0x0420))?.keyword, "RowsForNthOrderCoefficients")
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x0028, 0x0812))?.keyword, "NumberOfTables")
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x1000, 0x1233))?.keyword, "HuffmanTableTriplet")
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x0019, 0x0010))?.keyword, "PrivateCreator")
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x0019, 0x0010))?.vr, .LO)
    }

    // MARK: - Group length

    func testGroupLength() throws {
        let entry = try XCTUnwrap(DataDictionary.entry(for: Tag(0x0008, 0x0000)))
        XCTAssertEqual(entry.tag, Tag(0x0008, 0x0000))
        XCTAssertEqual(entry.keyword, "GroupLength")
        XCTAssertEqual(entry.name, "Group Length")
        XCTAssertEqual(entry.vrs, [.UL])
        XCTAssertEqual(entry.vm, "1")
        // Listed group lengths keep their own keyword.
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x0002, 0x0000))?.keyword, "FileMetaInformationGroupLength")
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x0019, 0x0000))?.keyword, "PrivateGroupLength")
        // (1000,0000) is a group length, not an Escape Triplet of (1000,xxx0).
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x1000, 0x0000))?.keyword, "GroupLength")
        XCTAssertEqual(DataDictionary.entry(for: Tag(0x6000, 0x0000))?.vr, .UL)
    }

    // MARK: - Keywords

    func testKeywordLookup() throws {
        let entry = try XCTUnwrap(DataDictionary.entry(forKeyword: "StudyInstanceUID"))
        XCTAssertEqual(entry.tag, Tag(0x0020, 0x000D))
        XCTAssertEqual(entry.vr, .UI)
        XCTAssertEqual(DataDictionary.entry(forKeyword: "PatientName")?.tag, Tag(0x0010, 0x0010))
        XCTAssertEqual(DataDictionary.entry(forKeyword: "RecognitionCode")?.tag, Tag(0x0008, 0x0010))
        XCTAssertEqual(DataDictionary.entry(forKeyword: "OverlayData")?.tag, Tag(0x6000, 0x3000))
        XCTAssertNil(DataDictionary.entry(forKeyword: "PrivateCreator"))
    }

    func testEveryExactEntryRoundTripsThroughItsKeyword() {
        for entry in DataDictionary.exact.values {
            XCTAssertEqual(DataDictionary.entry(forKeyword: entry.keyword)?.tag, entry.tag, entry.keyword)
        }
        // Every generated row parsed: 4,919 exact tags, 90 repeating rules, 2,833 private
        // tags and 440 UIDs from DCMTK 3.6.7; a newer DCMTK only adds rows.
        XCTAssertGreaterThanOrEqual(DataDictionary.exact.count, 4_919)
        XCTAssertEqual(DataDictionary.exact.count, DataDictionary.exactTable.split(separator: "\n").count)
        XCTAssertEqual(DataDictionary.repeatingRules.count, DataDictionary.repeatingTable.split(separator: "\n").count)
        XCTAssertEqual(DataDictionary.privateIndex.values.reduce(0) { $0 + $1.count },
                       DataDictionary.privateTable.split(separator: "\n").count)
        XCTAssertEqual(UIDRegistry.all.count, UIDRegistry.table.split(separator: "\n").count)
    }

    func testGeneratedTagConstants() {
        XCTAssertEqual(Tag.patientName, Tag(0x0010, 0x0010))
        XCTAssertEqual(Tag.sopInstanceUID, Tag(0x0008, 0x0018))
        XCTAssertEqual(Tag.rtPlanLabel, Tag(0x300A, 0x0002))
        XCTAssertEqual(Tag.studyInstanceUID, Tag(0x0020, 0x000D))
        XCTAssertEqual(Tag.otherPatientIDsSequence, Tag(0x0010, 0x1002))
        XCTAssertEqual(Tag.pixelData, Tag(0x7FE0, 0x0010))   // hand-written, not regenerated
    }

    // MARK: - Private tags

    func testPrivateGEMSTag() throws {
        // (0019,0010) = "GEMS_ACQU_01" reserves block 10: (0019,1018) is its element 18.
        let entry = try XCTUnwrap(DataDictionary.privateEntry(for: Tag(0x0019, 0x1018), creator: "GEMS_ACQU_01"))
        XCTAssertEqual(entry.tag, Tag(0x0019, 0x1018))
        XCTAssertEqual(entry.keyword, "FirstScanRAS")
        XCTAssertEqual(entry.vrs, [.LO])
        XCTAssertEqual(entry.vm, "1")
        XCTAssertFalse(entry.isRetired)
        // The same element in another block, with the padding writers leave.
        XCTAssertEqual(DataDictionary.privateEntry(for: Tag(0x0019, 0x1218), creator: " GEMS_ACQU_01 \0")?.keyword,
                       "FirstScanRAS")
        XCTAssertEqual(DataDictionary.privateEntry(for: Tag(0x0019, 0x1002), creator: "GEMS_ACQU_01")?.vr, .SL)
    }

    func testPrivateMisses() {
        XCTAssertNil(DataDictionary.privateEntry(for: Tag(0x0019, 0x1018), creator: "gems_acqu_01"))
        XCTAssertNil(DataDictionary.privateEntry(for: Tag(0x0021, 0x1018), creator: "GEMS_ACQU_01"))
        XCTAssertNil(DataDictionary.privateEntry(for: Tag(0x0019, 0x0010), creator: "GEMS_ACQU_01"))
        XCTAssertNil(DataDictionary.privateEntry(for: Tag(0x0010, 0x1018), creator: "GEMS_ACQU_01"))
    }

    func testPrivateFixedElementAndGroupRange() {
        // Four-digit elements in private.dic match that element only.
        XCTAssertEqual(DataDictionary.privateEntry(for: Tag(0x0019, 0x1000), creator: "PHILIPS MR/PART")?.keyword,
                       "FieldOfView")
        XCTAssertEqual(DataDictionary.privateEntry(for: Tag(0x0019, 0x1100), creator: "PHILIPS MR/PART")?.keyword,
                       "NumberOfStacks")
        // (6001-o-60ff,"PAPYRUS 3.0",10) covers every odd group of the range.
        XCTAssertEqual(DataDictionary.privateEntry(for: Tag(0x6003, 0x1010), creator: "PAPYRUS 3.0")?.keyword,
                       "OverlayRows")
    }

    func testPrivateEntryFromPydicom() {
        // private.dic has no "AGFA" rows; pydicom's "0019xx10" (SH) fills the gap, in any block.
        XCTAssertEqual(DataDictionary.privateEntry(for: Tag(0x0019, 0x1010), creator: "AGFA")?.vr, .SH)
    }

    // MARK: - UIDs

    func testExplicitVRLittleEndian() throws {
        let entry = try XCTUnwrap(UIDRegistry.entry(for: "1.2.840.10008.1.2.1"))
        XCTAssertEqual(entry.uid, "1.2.840.10008.1.2.1")
        XCTAssertEqual(entry.name, "Explicit VR Little Endian")
        XCTAssertEqual(entry.keyword, "ExplicitVRLittleEndian")
        XCTAssertEqual(entry.kind, .transferSyntax)
        XCTAssertFalse(entry.isRetired)
        // A UI value padded to even length still matches.
        XCTAssertEqual(UIDRegistry.entry(for: "1.2.840.10008.1.2.1\0")?.name, "Explicit VR Little Endian")
    }

    func testCTImageStorage() throws {
        let entry = try XCTUnwrap(UIDRegistry.entry(for: "1.2.840.10008.5.1.4.1.1.2"))
        XCTAssertEqual(entry.name, "CT Image Storage")
        XCTAssertEqual(entry.kind, .sopClass)
        XCTAssertFalse(entry.isRetired)
    }

    func testNewerTransferSyntaxesArePresent() {
        let expected = [
            "1.2.840.10008.1.2.4.201": "HTJ2KLossless",
            "1.2.840.10008.1.2.4.202": "HTJ2KLosslessRPCL",
            "1.2.840.10008.1.2.4.203": "HTJ2K",
            "1.2.840.10008.1.2.4.110": "JPEGXLLossless",
            "1.2.840.10008.1.2.4.111": "JPEGXLJPEGRecompression",
            "1.2.840.10008.1.2.4.112": "JPEGXL",
            "1.2.840.10008.1.2.8.1": "DeflatedImageFrameCompression",
        ]
        for (uid, keyword) in expected {
            XCTAssertEqual(UIDRegistry.entry(for: uid)?.keyword, keyword, uid)
            XCTAssertEqual(UIDRegistry.entry(for: uid)?.kind, .transferSyntax, uid)
        }
        XCTAssertEqual(UIDRegistry.entry(for: "1.2.840.10008.1.2.4.201")?.name,
                       "High-Throughput JPEG 2000 Image Compression (Lossless Only)")
        XCTAssertEqual(UIDRegistry.entry(for: "1.2.840.10008.1.2.2")?.isRetired, true)
    }

    func testTransferSyntaxList() {
        let list = UIDRegistry.transferSyntaxes
        XCTAssertTrue(list.allSatisfy { $0.kind == .transferSyntax })
        XCTAssertEqual(list.first?.uid, "1.2.840.10008.1.2")
        XCTAssertTrue(list.contains { $0.uid == "1.2.840.10008.1.2.5" && $0.name == "RLE Lossless" })
        XCTAssertEqual(Set(list.map(\.uid)).count, list.count)
    }

    func testUnknownUIDIsNil() {
        XCTAssertNil(UIDRegistry.entry(for: "1.2.3.4"))
        XCTAssertNil(UIDRegistry.entry(for: ""))
    }

    // MARK: - Concurrency and speed

    func testConcurrentFirstUseIsSafe() {
        DispatchQueue.concurrentPerform(iterations: 16) { i in
            XCTAssertEqual(DataDictionary.entry(for: Tag(0x0010, 0x0010))?.keyword, "PatientName")
            XCTAssertEqual(DataDictionary.entry(for: Tag(0x6000 + UInt16(i & 7) * 2, 0x3000))?.keyword, "OverlayData")
            XCTAssertNotNil(UIDRegistry.entry(for: "1.2.840.10008.1.2"))
        }
    }

    func testEveryKeyOfTheExactTableIsFoundByLookup() {
        let tags = DataDictionary.exact.keys.map { Tag($0) }
        XCTAssertEqual(tags.filter { DataDictionary.entry(for: $0)?.tag == $0 }.count, tags.count)
    }
}
