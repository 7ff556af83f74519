extension Concept {
    /// Adds what another description of the same concept says, keeping first-seen order.
    mutating func absorb(_ other: Concept) {
        func union<T: Equatable>(_ base: inout [T], _ more: [T]) {
            for item in more where !base.contains(item) { base.append(item) }
        }
        union(&synonyms, other.synonyms)
        union(&equivalentCodes, other.equivalentCodes)
        union(&parents, other.parents)
        union(&sets, other.sets)
    }
}
