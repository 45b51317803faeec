/// Gathers of whole columns by a buffer of 32-bit row indices, split over the cores: how sort and
/// filter build their results.
///
/// All columns of a frame are gathered in one pass over the indices: each core takes a range of
/// output rows, and within it blocks of 4096 rows (whose indices stay in L1) are copied column by
/// column. Validity bits are built a 64-bit word at a time over ranges that start on a word
/// boundary, so no two threads write the same word. Strings need a second pass, to copy bytes once
/// every range knows where its bytes start; dictionary strings are gathered as 4-byte codes and
/// keep their table.
extension Column {
    /// The rows at `indices` (each in `0..<count`), in that order.
    func gathered(_ indices: UnsafePointer<UInt32>, count n: Int) -> Column {
        Column.gathered([self], indices, count: n)[0]
    }

    /// Every column's rows at `indices`, in that order (all columns have the same length).
    static func gathered(_ columns: [Column], _ indices: UnsafePointer<UInt32>, count n: Int) -> [Column] {
        let parts = WordAlignedRanges(count: n)
        let plan = GatherPlan(columns, count: n, parts: parts)
        withExtendedLifetime(columns) {
            let work = UncheckedSendable((plan, indices))
            ParallelWork.run(parts.count) { part in
                let (plan, indices) = work.value
                plan.gatherFixed(part, indices)
            }
            plan.placeStrings()
            if !plan.strings.isEmpty {
                ParallelWork.run(parts.count) { part in
                    let (plan, _) = work.value
                    plan.copyStrings(part)
                }
            }
        }
        return plan.finish(columns)
    }
}

/// The buffers of one multi-column gather and the per-range bookkeeping between its passes.
final class GatherPlan: @unchecked Sendable {
    /// A fixed-width column: source and target as raw words of `width` bytes.
    struct Fixed {
        let source: UnsafeRawPointer
        let target: UnsafeMutableRawPointer
        let width: Int
    }

    /// A string column: source offsets and bytes, target offsets, the start of each output row's
    /// source bytes (pass 1 → pass 2), and where each range's bytes begin in the output.
    struct Strings {
        let sourceOffsets: UnsafePointer<Int64>
        let sourceBytes: UnsafePointer<UInt8>
        let sourceByteCount: Int
        let targetOffsets: UnsafeMutablePointer<Int64>
        let starts: UnsafeMutablePointer<Int64>
        let startsBlock: RawAllocation
        var partFirsts: [Int64] = []
        var bytes: ColumnBuffer<UInt8>? = nil
    }

    /// A validity bitmap to gather.
    struct Validity {
        let source: UnsafePointer<UInt64>
        let target: ColumnBuffer<UInt64>
    }

    let count: Int
    let parts: WordAlignedRanges
    var fixed: [Fixed] = []
    var strings: [Strings] = []
    var validities: [Validity] = []
    /// Per column: its storage's output and which entry of `fixed`/`strings`/`validities` it uses.
    var outputs: [(storage: OutputStorage, validity: Int?)] = []

    enum OutputStorage {
        case int64(ColumnBuffer<Int64>), float64(ColumnBuffer<Double>), bool(ColumnBuffer<UInt8>), utf8(Int)
        case dictionary(ColumnBuffer<UInt32>, StringStorage)
    }

    static let blockRows = 4096

    init(_ columns: [Column], count: Int, parts: WordAlignedRanges) {
        self.count = count
        self.parts = parts
        for column in columns {
            let storage: OutputStorage
            switch column.storage {
            case .int64(let values):
                let out = ColumnBuffer<Int64>(uninitializedCount: count)
                fixed.append(Fixed(source: UnsafeRawPointer(values.base), target: UnsafeMutableRawPointer(out.base), width: 8))
                storage = .int64(out)
            case .float64(let values):
                let out = ColumnBuffer<Double>(uninitializedCount: count)
                fixed.append(Fixed(source: UnsafeRawPointer(values.base), target: UnsafeMutableRawPointer(out.base), width: 8))
                storage = .float64(out)
            case .bool(let values):
                let out = ColumnBuffer<UInt8>(uninitializedCount: count)
                fixed.append(Fixed(source: UnsafeRawPointer(values.base), target: UnsafeMutableRawPointer(out.base), width: 1))
                storage = .bool(out)
            case .dictionary(let source):
                let out = ColumnBuffer<UInt32>(uninitializedCount: count)
                fixed.append(Fixed(
                    source: UnsafeRawPointer(source.codes.base), target: UnsafeMutableRawPointer(out.base), width: 4))
                storage = .dictionary(out, source.values)
            case .utf8(let source):
                let offsets = ColumnBuffer<Int64>(uninitializedCount: count + 1)
                offsets.base[0] = 0
                let block = Memory.allocate(byteCount: max(count, 1) * 8)
                strings.append(Strings(
                    sourceOffsets: source.offsets.base, sourceBytes: source.bytes.base, sourceByteCount: source.bytes.count,
                    targetOffsets: offsets.base, starts: block.address.assumingMemoryBound(to: Int64.self),
                    startsBlock: block, bytes: nil))
                stringOffsets.append(offsets)
                storage = .utf8(strings.count - 1)
            }
            var validityIndex: Int? = nil
            if let validity = column.validity {
                validities.append(Validity(
                    source: validity.words.base,
                    target: ColumnBuffer<UInt64>(uninitializedCount: Bitmap.wordCount(for: count))))
                validityIndex = validities.count - 1
            }
            outputs.append((storage, validityIndex))
        }
        partTotals = UnsafeMutablePointer<Int64>.allocate(capacity: max(1, strings.count * parts.count))
        partNulls = UnsafeMutablePointer<Int>.allocate(capacity: max(1, validities.count * parts.count))
    }

    deinit {
        partTotals.deallocate()
        partNulls.deallocate()
    }

    private var stringOffsets: [ColumnBuffer<Int64>] = []
    /// Written by pass 1, one slot per (string column, range) and (validity, range): threads write
    /// only their own range's slots.
    private var partTotals: UnsafeMutablePointer<Int64>
    private var partNulls: UnsafeMutablePointer<Int>

    /// Pass 1 over output range `part`: fixed-width values, validity words, and for strings each
    /// row's source start and the range's running byte count (from 0).
    func gatherFixed(_ part: Int, _ indices: UnsafePointer<UInt32>) {
        let range = parts.range(part)
        var blockStart = range.lowerBound
        var running = [Int64](repeating: 0, count: strings.count)
        var nulls = [Int](repeating: 0, count: validities.count)
        while blockStart < range.upperBound {
            let blockEnd = min(blockStart + GatherPlan.blockRows, range.upperBound)
            for column in fixed {
                if column.width == 8 {
                    let source = column.source.assumingMemoryBound(to: UInt64.self)
                    let target = column.target.assumingMemoryBound(to: UInt64.self)
                    for row in blockStart..<blockEnd { target[row] = source[Int(indices[row])] }
                } else if column.width == 4 {
                    let source = column.source.assumingMemoryBound(to: UInt32.self)
                    let target = column.target.assumingMemoryBound(to: UInt32.self)
                    for row in blockStart..<blockEnd { target[row] = source[Int(indices[row])] }
                } else {
                    let source = column.source.assumingMemoryBound(to: UInt8.self)
                    let target = column.target.assumingMemoryBound(to: UInt8.self)
                    for row in blockStart..<blockEnd { target[row] = source[Int(indices[row])] }
                }
            }
            for (index, column) in strings.enumerated() {
                var total = running[index]
                for row in blockStart..<blockEnd {
                    let at = Int(indices[row])
                    let start = column.sourceOffsets[at]
                    column.starts[row] = start
                    total &+= column.sourceOffsets[at + 1] &- start
                    column.targetOffsets[row + 1] = total
                }
                running[index] = total
            }
            for (index, validity) in validities.enumerated() {
                // blockStart is a multiple of 64: every word is this range's own.
                var row = blockStart
                var missing = 0
                while row < blockEnd {
                    let stop = min(row + 64, blockEnd)
                    var bits: UInt64 = 0
                    for offset in 0..<(stop - row) {
                        // Masking shifts: the bit positions are always below 64.
                        let at = Int(indices[row &+ offset])
                        let word = validity.source[at &>> 6] &>> UInt64(truncatingIfNeeded: at & 63)
                        bits |= (word & 1) &<< UInt64(truncatingIfNeeded: offset)
                    }
                    validity.target.base[row >> 6] = bits
                    missing += (stop - row) - bits.nonzeroBitCount
                    row = stop
                }
                nulls[index] += missing
            }
            blockStart = blockEnd
        }
        for index in strings.indices { partTotals[index * parts.count + part] = running[index] }
        for index in validities.indices { partNulls[index * parts.count + part] = nulls[index] }
    }

    /// Between the passes: where each range's string bytes begin, and the byte buffers.
    func placeStrings() {
        for index in strings.indices {
            var firsts: [Int64] = [0]
            for part in 0..<parts.count { firsts.append(firsts[part] + partTotals[index * parts.count + part]) }
            strings[index].partFirsts = firsts
            let total = Int(firsts[parts.count])
            strings[index].bytes = ColumnBuffer<UInt8>(adopting: Memory.allocate(byteCount: total + 16), count: total)
        }
    }

    /// Pass 2 over output range `part`: copy string bytes and make offsets absolute.
    func copyStrings(_ part: Int) {
        let range = parts.range(part)
        for column in strings {
            guard let bytes = column.bytes else { continue }
            let output = bytes.base
            let shift = column.partFirsts[part]
            var position = Int(shift)
            let partEnd = Int(column.partFirsts[part + 1])
            var previous: Int64 = 0
            for row in range {
                let start = Int(column.starts[row])
                let end = column.targetOffsets[row + 1]
                let length = Int(end &- previous)
                previous = end
                // Word copies may write up to 7 bytes past the string: never past this range's bytes.
                let rounded = (length &+ 7) & ~7
                if start &+ rounded <= column.sourceByteCount && position &+ rounded <= partEnd {
                    CSVChunk.copyShort(from: column.sourceBytes + start, to: output + position, count: length)
                } else if length > 0 {
                    (output + position).update(from: column.sourceBytes + start, count: length)
                }
                position &+= length
                column.targetOffsets[row + 1] = end &+ shift
            }
        }
    }

    /// The gathered columns, named and typed as the sources.
    func finish(_ columns: [Column]) -> [Column] {
        var result: [Column] = []
        result.reserveCapacity(columns.count)
        for (column, output) in zip(columns, outputs) {
            let storage: ColumnStorage
            switch output.storage {
            case .int64(let buffer): storage = .int64(buffer)
            case .float64(let buffer): storage = .float64(buffer)
            case .bool(let buffer): storage = .bool(buffer)
            case .dictionary(let codes, let values): storage = .dictionary(DictionaryStrings(codes: codes, values: values))
            case .utf8(let index):
                let bytes = strings[index].bytes ?? ColumnBuffer<UInt8>(uninitializedCount: 0)
                storage = .utf8(StringStorage(offsets: stringOffsets[index], bytes: bytes))
            }
            var validity: Bitmap? = nil
            if let index = output.validity {
                var nullCount = 0
                for part in 0..<parts.count { nullCount += partNulls[index * parts.count + part] }
                if nullCount > 0 { validity = Bitmap(count: count, nullCount: nullCount, words: validities[index].target) }
            }
            result.append(Column(name: column.name, type: column.type, count: count, storage: storage, validity: validity))
        }
        for column in strings { Memory.release(column.startsBlock) }
        return result
    }
}

/// Splits `0..<count` rows into four ranges per core (each but the last a multiple of 64 rows long,
/// so validity words never straddle two ranges; more ranges than cores, so a thread on a slower
/// vCPU takes fewer); one range when the work is too small to share.
struct WordAlignedRanges: Sendable {
    /// Number of ranges.
    let count: Int
    /// Rows per range (the last may be shorter).
    let size: Int
    /// Rows in all.
    let total: Int
    /// Below this many rows, one thread does it all (waking a second core costs ~1 ms).
    static let parallelThreshold = 1 << 17

    init(count rows: Int) {
        let parts = rows < WordAlignedRanges.parallelThreshold ? 1 : 4 * ParallelWork.processorCount
        size = max(64, ((rows + parts - 1) / parts + 63) & ~63)
        count = max(1, (rows + size - 1) / size)
        total = rows
    }

    func range(_ part: Int) -> Range<Int> {
        let lower = min(part * size, total)
        return lower..<min(lower + size, total)
    }
}
