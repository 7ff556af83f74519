import DICOM

/// Formats a file as an indented tree, one element a line, in the spirit of `dcmdump`:
/// `(0010,0010) PN [Doe^Jane]  # PatientName`.
struct DumpFormatter {
    /// Values longer than this are shortened with an ellipsis.
    var maxValueLength = 64

    func format(_ file: DICOMFile, path: String) -> String {
        var out = "# \(path)\n# Transfer Syntax: \(file.transferSyntax.uid)"
        if let name = UIDRegistry.entry(for: file.transferSyntax.uid)?.name { out += " (\(name))" }
        out += "\n\n# File Meta Information\n"
        append(file.fileMetaInformation, depth: 0, to: &out)
        out += "\n# Data Set\n"
        append(file.dataSet, depth: 0, to: &out)
        return out
    }

    private func append(_ dataSet: DataSet, depth: Int, to out: inout String) {
        let indent = String(repeating: "  ", count: depth)
        for element in dataSet.elements {
            let keyword = keyword(for: element.tag, in: dataSet)
            switch element.value {
            case let .sequence(items):
                out += "\(indent)\(element.tag) SQ (\(items.count) item\(items.count == 1 ? "" : "s"))  # \(keyword)\n"
                for (i, item) in items.enumerated() {
                    out += "\(indent)  (FFFE,E000) item \(i + 1)\n"
                    append(item, depth: depth + 2, to: &out)
                }
            case let .encapsulated(pixels):
                out += "\(indent)\(element.tag) \(element.vr) encapsulated: \(pixels.basicOffsetTable.count) offsets, \(pixels.fragments.count) fragments  # \(keyword)\n"
            case .bytes:
                out += "\(indent)\(element.tag) \(element.vr) \(value(of: element, in: dataSet))  # \(keyword)\n"
            }
        }
    }

    private func value(of element: DataElement, in dataSet: DataSet) -> String {
        let text: String
        let little = dataSet.isLittleEndian
        switch element.vr {
        case _ where element.vr.isString:
            text = "[" + element.strings(characterSet: dataSet.characterSet).joined(separator: "\\") + "]"
        case .US, .SS, .UL, .SL, .SV:
            text = element.binaryIntegers(littleEndian: little).map(String.init).joined(separator: "\\")
        case .UV:
            text = element.unsignedIntegers(littleEndian: little).map(String.init).joined(separator: "\\")
        case .FL, .FD:
            text = element.floatingPoint(littleEndian: little).map { String($0) }.joined(separator: "\\")
        case .AT:
            text = element.attributeTags(littleEndian: little).map(\.description).joined(separator: "\\")
        default:
            let count = element.bytes?.count ?? 0
            let head = (element.bytes.map { Array($0.prefix(8)) } ?? []).map { byte in
                let h = String(byte, radix: 16)
                return h.count == 1 ? "0" + h : h
            }.joined(separator: " ")
            text = "(\(count) bytes) \(head)\(count > 8 ? " …" : "")"
        }
        return text.count > maxValueLength ? String(text.prefix(maxValueLength)) + "…" : text
    }

    private func keyword(for tag: Tag, in dataSet: DataSet) -> String {
        if tag.isPrivateCreator { return "PrivateCreator" }
        if tag.isPrivate {
            if let creatorTag = tag.privateCreatorTag, let creator = dataSet.string(creatorTag),
               let entry = DataDictionary.privateEntry(for: tag, creator: creator) {
                return "\(entry.keyword) [\(creator)]"
            }
            return "Unknown private"
        }
        return DataDictionary.entry(for: tag)?.keyword ?? "Unknown"
    }
}
