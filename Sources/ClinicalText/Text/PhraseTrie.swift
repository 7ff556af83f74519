/// A trie over token keys that finds the longest phrase starting at a token, in one walk.
///
/// Rules and concept names are compiled into a trie once, so matching a sentence costs one
/// dictionary step per token tried, whatever the number of phrases.
///
/// ```swift
/// var trie = PhraseTrie<String>()
/// trie.insert(["no"], value: "negated")
/// trie.insert(["no", "change"], value: "pseudo")
/// trie.longestMatch(in: ["no", "change", "in"], from: 0)   // (end: 2, values: ["pseudo"])
/// ```
public struct PhraseTrie<Value: Sendable>: Sendable {
    private struct Node: Sendable {
        var children: [String: Int32] = [:]
        var values: [Value] = []
    }

    private var nodes: [Node] = [Node()]

    public init() {}

    /// Adds a phrase; a phrase added twice keeps both values, in insertion order.
    public mutating func insert(_ phrase: [String], value: Value) {
        guard !phrase.isEmpty else { return }
        var node = 0
        for key in phrase {
            if let next = nodes[node].children[key] {
                node = Int(next)
            } else {
                nodes.append(Node())
                let next = nodes.count - 1
                nodes[node].children[key] = Int32(next)
                node = next
            }
        }
        nodes[node].values.append(value)
    }

    /// The longest phrase that starts at `start`, as the index after its last key and its values.
    public func longestMatch(in keys: [String], from start: Int) -> (end: Int, values: [Value])? {
        longestMatch(count: keys.count, from: start) { keys[$0] }
    }

    /// The longest phrase starting at position `start` of a sequence read through `key`.
    ///
    /// `key` may return nil for a position to be stepped over (a hyphen between words, say).
    public func longestMatch(count: Int, from start: Int,
                             key: (Int) -> String?) -> (end: Int, values: [Value])? {
        var node = 0
        var best: (end: Int, values: [Value])?
        var position = start
        while position < count {
            guard let text = key(position) else {
                position += 1
                if position - 1 == start { return nil }
                continue
            }
            guard let next = nodes[node].children[text] else { break }
            node = Int(next)
            position += 1
            if !nodes[node].values.isEmpty { best = (position, nodes[node].values) }
        }
        return best
    }
}
