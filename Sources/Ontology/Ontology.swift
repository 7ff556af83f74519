/// An immutable set of concepts, indexed by every code they carry, with their parent links.
///
/// ```swift
/// let ontology = try Ontology(concepts: [lung, rightUpperLobe])
/// ontology.concept(for: ConceptCode(scheme: "SCT", code: "45653009"))?.display  // "Right upper lobe"
/// ontology.isA(rightUpperLobe.code, lung.code)                                   // true
/// ```
public struct Ontology: Sendable {
    /// Every concept, in the order given.
    public let concepts: [Concept]
    private let indexByCode: [ConceptCode: Int]

    /// Builds an ontology, checking that codes are unique, parents exist and there are no cycles.
    public init(concepts: [Concept]) throws(OntologyError) {
        var index: [ConceptCode: Int] = [:]
        for (position, concept) in concepts.enumerated() {
            for code in concept.allCodes {
                guard index.updateValue(position, forKey: code) == nil else {
                    throw .duplicateCode(code)
                }
            }
        }
        for concept in concepts {
            for parent in concept.parents where index[parent] == nil {
                throw .unknownParent(concept: concept.code, parent: parent)
            }
        }
        self.concepts = concepts
        self.indexByCode = index
        try checkAcyclic()
    }

    /// The concept with this primary or equivalent code, or nil.
    public func concept(for code: ConceptCode) -> Concept? {
        indexByCode[code].map { concepts[$0] }
    }

    /// Whether a concept with this code is known.
    public func contains(_ code: ConceptCode) -> Bool {
        indexByCode[code] != nil
    }

    /// The concepts that belong to a named set, such as `CID 7150`, in the order given.
    public func members(of set: String) -> [Concept] {
        concepts.filter { $0.sets.contains(set) }
    }

    /// Whether `code` is `ancestor` or a descendant of it through parent links.
    ///
    /// Equivalent codes count as the same concept.
    public func isA(_ code: ConceptCode, _ ancestor: ConceptCode) -> Bool {
        guard let start = indexByCode[code], let target = indexByCode[ancestor] else {
            return code == ancestor
        }
        var pending = [start]
        var seen: Set<Int> = []
        while let position = pending.popLast() {
            if position == target { return true }
            guard seen.insert(position).inserted else { continue }
            pending.append(contentsOf: concepts[position].parents.compactMap { indexByCode[$0] })
        }
        return false
    }

    /// The ancestors of a concept, nearest first, each once.
    public func ancestors(of code: ConceptCode) -> [Concept] {
        guard let start = indexByCode[code] else { return [] }
        var result: [Concept] = []
        var frontier = [start]
        var seen: Set<Int> = [start]
        while !frontier.isEmpty {
            var next: [Int] = []
            for position in frontier {
                for parent in concepts[position].parents {
                    guard let p = indexByCode[parent], seen.insert(p).inserted else { continue }
                    result.append(concepts[p])
                    next.append(p)
                }
            }
            frontier = next
        }
        return result
    }

    private func checkAcyclic() throws(OntologyError) {
        // Three-colour depth-first search over parent links.
        var state = [UInt8](repeating: 0, count: concepts.count)  // 0 new, 1 on path, 2 done
        for root in concepts.indices where state[root] == 0 {
            var stack: [(node: Int, nextParent: Int)] = [(root, 0)]
            state[root] = 1
            while let top = stack.last {
                let parents = concepts[top.node].parents
                if top.nextParent < parents.count {
                    stack[stack.count - 1].nextParent += 1
                    guard let p = indexByCode[parents[top.nextParent]] else { continue }
                    if state[p] == 1 { throw .cycle(concepts[p].code) }
                    if state[p] == 0 {
                        state[p] = 1
                        stack.append((p, 0))
                    }
                } else {
                    state[top.node] = 2
                    stack.removeLast()
                }
            }
        }
    }
}
