/// Attaches measurements, laterality and location to the findings of one sentence.
///
/// Each measurement goes to the nearest finding in the sentence (by tokens; the one before wins
/// a tie, as in "nodule measuring 8 mm"). Each finding's locations are the anatomy mentions of
/// the sentence, nearest first. Its laterality comes from side words in its own span or
/// the span of its nearest location, or else the side word nearest to it in the sentence.
enum AttributeLinker {
    static func attach(to entities: inout [Entity], tokens: [Token], sentence: Range<Int>) {
        let findings = entities.indices.filter { entities[$0].role == .finding }
        guard !findings.isEmpty else { return }
        let anatomy = entities.filter { $0.role == .anatomy }

        for (span, measurement) in MeasurementReader.measurements(in: tokens, bounds: sentence) {
            let nearest = findings.min { distance(entities[$0].tokens, span) < distance(entities[$1].tokens, span) }
            if let nearest { entities[nearest].measurements.append(measurement) }
        }

        let sides: [(token: Int, side: Laterality)] = sentence.compactMap { index in
            Laterality(word: tokens[index].key).map { (index, $0) }
        }
        for finding in findings {
            let own = entities[finding].tokens
            let located = anatomy.sorted { distance($0.tokens, own) < distance($1.tokens, own) }
            entities[finding].locations = located.map(\.concept)
            var side = laterality(in: own, sides)
            if side == nil, let nearest = located.first {
                // The location's own words and the two before it: "the right lung base".
                side = laterality(in: (nearest.tokens.lowerBound - 2)..<nearest.tokens.upperBound, sides)
            }
            if side == nil {
                side = sides.min { distance(own, $0.token..<($0.token + 1)) < distance(own, $1.token..<($1.token + 1)) }?.side
            }
            entities[finding].laterality = side
        }
    }

    private static func laterality(in span: Range<Int>, _ sides: [(token: Int, side: Laterality)]) -> Laterality? {
        sides.filter { span.contains($0.token) }.map(\.side).reduce(nil) { $0?.combined(with: $1) ?? $1 }
    }

    /// Tokens between two spans; a span after `b` counts half a token more, so earlier wins ties.
    private static func distance(_ a: Range<Int>, _ b: Range<Int>) -> Double {
        if a.upperBound <= b.lowerBound { return Double(b.lowerBound - a.upperBound) }
        if b.upperBound <= a.lowerBound { return Double(a.lowerBound - b.upperBound) + 0.5 }
        return 0
    }
}
