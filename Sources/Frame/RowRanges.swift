/// Contiguous row ranges for splitting a kernel over cores with `ParallelWork`.
///
/// Below about a million rows a kernel takes a few milliseconds and waking the second vCPU costs
/// as much as it saves, so small inputs get one range; large ones get more ranges than cores, so a
/// late worker still takes part (research/swift-performance.md §6.8). Results never depend on the split.
enum RowRanges {
    /// Rows from which a kernel is split.
    static let parallelThreshold = 1 << 20

    /// How many ranges to cut `rows` into.
    static func count(for rows: Int) -> Int {
        rows >= parallelThreshold ? 4 * ParallelWork.processorCount : 1
    }

    /// Range `index` of `count` near-equal ranges over `rows`.
    @inline(__always) static func range(_ index: Int, of count: Int, rows: Int) -> Range<Int> {
        (rows * index / count)..<(rows * (index + 1) / count)
    }
}
