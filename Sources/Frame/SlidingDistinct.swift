/// `n_unique` over sliding windows: the number of distinct non-null values in each window.
///
/// The input is first numbered densely (`GroupKeys.index`: one id per distinct value, all NaNs
/// alike), so the accumulator only counts ids in a flat array: no hashing and no Dictionary per
/// row. A per-id generation stamp lets `reset` (once per key) forget every count in O(1).
struct SlidingDistinctCount: SlidingAccumulator {
    let ids: UnsafePointer<Int32>
    let validity: ArrangedValidity
    let output: SlidingOutput<Int64>
    /// How many window positions hold each id (meaningful only where `stamps[id] == generation`).
    let counts: UnsafeMutablePointer<Int32>
    /// The generation in which each id's count was last started.
    let stamps: UnsafeMutablePointer<UInt32>
    var generation: UInt32 = 0
    var distinct = 0

    mutating func reset() {
        generation &+= 1
        distinct = 0
    }

    @inline(__always) mutating func add(_ position: Int) {
        guard validity.isValid(position) else { return }
        let id = Int(ids[position])
        if stamps[id] != generation {
            stamps[id] = generation
            counts[id] = 0
        }
        counts[id] &+= 1
        if counts[id] == 1 { distinct &+= 1 }
    }

    @inline(__always) mutating func remove(_ position: Int) {
        guard validity.isValid(position) else { return }
        let id = Int(ids[position])
        counts[id] &-= 1
        if counts[id] == 0 { distinct &-= 1 }
    }

    @inline(__always) mutating func emit(to row: Int, rows: Int) { output.write(Int64(distinct), at: row) }
}

extension SlidingAggregation {
    /// The number of distinct non-null values of `input` in every query window, as an int column;
    /// rows that are no query are null, or 0 with `zeroFilled` (window joins).
    static func distinctCount(
        _ input: Column, name: String, plan: WindowPlan, parts: [Range<Int>], words: ArrangedValidity,
        valid: ColumnBuffer<UInt8>, height: Int
    ) -> Column {
        let inputs = plan.inputs
        let index = GroupKeys.index(input)
        let arranged = ColumnBuffer<Int32>(uninitializedCount: inputs.count)
        gatherSame(UnsafePointer(index.ids.base), into: arranged.base, inputs.rows, positionParts(inputs.count))
        let slots = max(1, index.groupCount)
        let partCount = max(1, parts.count)
        let counts = UnsafeMutablePointer<Int32>.allocate(capacity: slots * partCount)
        counts.initialize(repeating: 0, count: slots * partCount)
        let stamps = UnsafeMutablePointer<UInt32>.allocate(capacity: slots * partCount)
        stamps.initialize(repeating: 0, count: slots * partCount)
        defer {
            counts.deallocate()
            stamps.deallocate()
        }
        let out = ColumnBuffer<Int64>(repeating: 0, count: height)
        let output = SlidingOutput(values: out.base, valid: valid.base)
        withExtendedLifetime((index.ids, arranged)) {
            ParallelWork.run(parts.count) { part in
                var accumulator = SlidingDistinctCount(
                    ids: UnsafePointer(arranged.base), validity: words, output: output,
                    counts: counts + part * slots, stamps: stamps + part * slots)
                plan.run(&accumulator, segments: parts[part])
            }
        }
        return finish(name: name, type: .int, storage: .int64(out), valid: valid, height: height)
    }
}
