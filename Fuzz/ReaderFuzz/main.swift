// libFuzzer entry point for the DICOM reader. Built by scripts/fuzz-reader.sh, which compiles
// this file together with Sources/DICOM/**/*.swift into one module (so no `import DICOM`):
//
//   swiftc -sanitize=fuzzer,address -parse-as-library -module-name ReaderFuzz \
//          -I Sources/CZlib -lz Sources/DICOM/**/*.swift Fuzz/ReaderFuzz/main.swift
//
// Each input is parsed strictly and with truncation tolerated; whatever parses is encoded as
// DICOM JSON and every value is decoded. A thrown DICOMError is a correct answer; a crash, a
// sanitizer report, a timeout (-timeout) or an out-of-memory (-rss_limit_mb) is a finding.
//
// The same file also works as a SwiftPM executable target depending on DICOM (see the script's
// header for the Package.swift lines): then the module below is imported.

#if canImport(DICOM)
import DICOM
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { UnsafeBufferPointer(start: $0, count: size) } ?? UnsafeBufferPointer(start: nil, count: 0)
    let storage = ByteStorage(copying: bytes)

    var tolerant = ReadOptions()
    tolerant.toleratesTruncation = true
    var headersOnly = ReadOptions()
    headersOnly.stopBeforePixelData = true

    for options in [ReadOptions(), tolerant, headersOnly] {
        guard let file = try? DICOMFile(storage: storage, options: options) else { continue }
        let encoder = DICOMJSONEncoder()
        _ = try? encoder.encode(file.fileMetaInformation)
        _ = try? encoder.encode(file.dataSet)
        var sink = 0
        walk(file.fileMetaInformation, into: &sink)
        walk(file.dataSet, into: &sink)
        if sink == Int.min { print(sink) }  // keep the walk from being optimised away
    }
    return 0
}

/// Decodes every value with the public accessors, as `concord dump` does.
private func walk(_ dataSet: DataSet, into sink: inout Int) {
    let little = dataSet.isLittleEndian
    for element in dataSet.elements {
        switch element.value {
        case let .sequence(items):
            for item in items { walk(item, into: &sink) }
        case let .encapsulated(pixels):
            sink &+= pixels.fragments.count &+ pixels.basicOffsetTable.count
        case .bytes:
            switch element.vr {
            case .PN:
                for name in dataSet.personNames(element.tag) { sink &+= name.familyName.utf8.count &+ (name.ideographic?.utf8.count ?? 0) }
            case .DA: sink &+= dataSet.dates(element.tag).count
            case .TM: sink &+= dataSet.times(element.tag).count
            case .DT: sink &+= dataSet.dateTimes(element.tag).count
            case .DS, .IS: sink &+= dataSet.decimals(element.tag).count &+ dataSet.doubles(element.tag).count
            case _ where element.vr.isString:
                for text in element.strings(characterSet: dataSet.characterSet) { sink &+= text.utf8.count }
            case .US, .SS, .UL, .SL, .SV: sink &+= element.binaryIntegers(littleEndian: little).count
            case .UV: sink &+= element.unsignedIntegers(littleEndian: little).count
            case .FL, .FD, .OF, .OD: sink &+= element.floatingPoint(littleEndian: little).count
            case .AT: sink &+= element.attributeTags(littleEndian: little).count
            default: sink &+= element.bytes?.count ?? 0
            }
        }
    }
}
