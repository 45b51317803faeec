/// A shortest edit script between two lists of lines (Myers' O((N+M)D) algorithm), used to
/// show where a replayed output departs from its record.
enum LineDiff {
    /// One step of the script; positions are 0-based indices into the old and new lists.
    enum Edit: Equatable {
        case keep(old: Int, new: Int)
        case delete(old: Int)
        case insert(new: Int)
    }

    /// Beyond this many differences the script falls back to "delete all, insert all", which keeps
    /// the trace (quadratic in the number of differences) small for wildly different outputs.
    static let maximumDifferences = 2000

    /// The edits that turn `old` into `new`, in order.
    static func edits(_ old: [Substring], _ new: [Substring]) -> [Edit] {
        // Lines become integers so the inner loop compares words, not strings.
        var ids: [Substring: Int] = [:]
        func intern(_ line: Substring) -> Int {
            if let id = ids[line] { return id }
            ids[line] = ids.count
            return ids.count - 1
        }
        let a = old.map(intern)
        let b = new.map(intern)

        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix,
            a[a.count - 1 - suffix] == b[b.count - 1 - suffix]
        {
            suffix += 1
        }
        var script = (0..<prefix).map { Edit.keep(old: $0, new: $0) }
        let middle = middleEdits(
            Array(a[prefix..<(a.count - suffix)]), Array(b[prefix..<(b.count - suffix)]))
        for edit in middle {
            switch edit {
            case .keep(let i, let j): script.append(.keep(old: i + prefix, new: j + prefix))
            case .delete(let i): script.append(.delete(old: i + prefix))
            case .insert(let j): script.append(.insert(new: j + prefix))
            }
        }
        for offset in 0..<suffix {
            script.append(.keep(old: a.count - suffix + offset, new: b.count - suffix + offset))
        }
        return script
    }

    /// Myers' greedy forward search, keeping for each step d the furthest x on diagonals -d...d,
    /// then walking back through those snapshots.
    private static func middleEdits(_ a: [Int], _ b: [Int]) -> [Edit] {
        let n = a.count
        let m = b.count
        if n == 0 || m == 0 { return replaceAll(n, m) }
        let maxD = min(n + m, maximumDifferences)
        let offset = maxD + 1
        var v = [Int](repeating: 0, count: 2 * maxD + 3)
        var trace: [[Int]] = []
        for d in 0...maxD {
            for k in stride(from: -d, through: d, by: 2) {
                var x =
                    (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]))
                    ? v[offset + k + 1] : v[offset + k - 1] + 1
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n, y >= m {
                    trace.append(Array(v[(offset - d)...(offset + d)]))
                    return backtrack(trace, n: n, m: m)
                }
            }
            trace.append(Array(v[(offset - d)...(offset + d)]))
        }
        return replaceAll(n, m)
    }

    /// Recovers the path from the per-step snapshots (snapshot d covers diagonals -d...d).
    private static func backtrack(_ trace: [[Int]], n: Int, m: Int) -> [Edit] {
        var edits: [Edit] = []
        var x = n
        var y = m
        for d in stride(from: trace.count - 1, to: 0, by: -1) {
            let previous = trace[d - 1]
            let at: (Int) -> Int = { previous[$0 + d - 1] }
            let k = x - y
            let previousK = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1
            let previousX = at(previousK)
            let previousY = previousX - previousK
            while x > previousX, y > previousY {
                x -= 1
                y -= 1
                edits.append(.keep(old: x, new: y))
            }
            if x == previousX {
                y -= 1
                edits.append(.insert(new: y))
            } else {
                x -= 1
                edits.append(.delete(old: x))
            }
        }
        while x > 0, y > 0 {
            x -= 1
            y -= 1
            edits.append(.keep(old: x, new: y))
        }
        return edits.reversed()
    }

    /// Every old line deleted, then every new line inserted.
    private static func replaceAll(_ n: Int, _ m: Int) -> [Edit] {
        (0..<n).map { Edit.delete(old: $0) } + (0..<m).map { Edit.insert(new: $0) }
    }
}
