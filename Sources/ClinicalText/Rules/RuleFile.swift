import Foundation

/// The lines of a tab-separated rule file: `#` starts a comment line, blank lines are skipped.
struct RuleFile {
    struct Row {
        var line: Int
        var fields: [String]
    }

    static func rows(in text: String) -> [Row] {
        var rows: [Row] = []
        var number = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            rows.append(Row(line: number, fields: fields))
        }
        return rows
    }

    static func read(_ url: URL) throws(ClinicalTextError) -> String {
        do {
            return try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw .unreadableFile(path: url.path, reason: error.localizedDescription)
        }
    }

    /// The token keys of a phrase, each alternative of an `a|b` token spelled out.
    ///
    /// "no|without evidence of" gives ["no", "evidence", "of"] and ["without", "evidence", "of"].
    static func phrases(_ text: String) -> [[String]] {
        var results: [[String]] = [[]]
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let alternatives = word.split(separator: "|").map { Tokenizer.tokens(in: String($0)).map(\.key) }
            results = results.flatMap { prefix in alternatives.map { prefix + $0 } }
        }
        return results.filter { !$0.isEmpty }
    }
}
