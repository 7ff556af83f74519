/// Which tree nodes a proof lists, in order, as ranges of leaf indices.
///
/// Proof generation looks these ranges up in the stored tree and verification folds the
/// received hashes along the same recursion, so both sides agree on the layout by construction.
/// The recursions are PATH and SUBPROOF of RFC 9162 section 2.1, generalised from prefixes
/// `[0, m)` to subtrees `[start, end)` as Merkle Tree Certificates do; with `start == 0` they
/// are exactly the RFC's.
enum ProofShape {
    /// PATH(index, D[lo:hi]): the sibling of every node on the way from the leaf up to `[lo, hi)`.
    static func inclusion(index: UInt64, in range: Range<UInt64>) -> [Range<UInt64>] {
        var siblings: [Range<UInt64>] = []
        var range = range
        // Walk down from the top; siblings come out root-first, the proof lists them leaf-first.
        while range.count > 1 {
            let mid = range.lowerBound + TreeMath.split(UInt64(range.count))
            if index < mid {
                siblings.append(mid..<range.upperBound)
                range = range.lowerBound..<mid
            } else {
                siblings.append(range.lowerBound..<mid)
                range = mid..<range.upperBound
            }
        }
        return siblings.reversed()
    }

    /// SUBPROOF for the subtree `old` inside the node `range`; `known` says whether the
    /// verifier already holds the hash of `old` (true at the top, as in RFC 9162).
    static func consistency(old: Range<UInt64>, in range: Range<UInt64>, known: Bool) -> [Range<UInt64>] {
        if old == range { return known ? [] : [range] }
        let mid = range.lowerBound + TreeMath.split(UInt64(range.count))
        if old.upperBound <= mid {
            return consistency(old: old, in: range.lowerBound..<mid, known: known) + [mid..<range.upperBound]
        }
        if old.lowerBound >= mid {
            return consistency(old: old, in: mid..<range.upperBound, known: known) + [range.lowerBound..<mid]
        }
        // `old` starts at the left edge and reaches into the right half: the left half is
        // shared, and the part on the right must be proven without the verifier knowing it.
        return consistency(old: mid..<old.upperBound, in: mid..<range.upperBound, known: false)
            + [range.lowerBound..<mid]
    }
}
