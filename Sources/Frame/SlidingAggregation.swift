/// Computes one aggregate over sliding windows (rolling windows and window joins): checks the
/// input's type, lays the input out in arranged order, slides the matching accumulator over the
/// windows (one part per core, split at key boundaries) and assembles the result column.
enum SlidingAggregation {
    /// The aggregates a sliding window supports.
    enum Kind {
        case rowCount, validCount, sum, mean, minimum, maximum, standardDeviation, variance
        /// Distinct non-null values (`n_unique`), of any type.
        case distinctCount
    }

    /// The names of the supported aggregates, for messages.
    static let supportedNames = "count, sum, mean, min, max, std, var and n_unique"

    /// The sliding kind of `aggregation`, checked against its input column's type.
    static func kind(of aggregation: Aggregation, input: Column?, verb: String) throws(FrameError) -> Kind {
        let kind: Kind
        switch aggregation.function {
        case .count: return .rowCount
        case .countValid: return .validCount
        case .sum: kind = .sum
        case .mean: kind = .mean
        case .min: kind = .minimum
        case .max: kind = .maximum
        case .std: kind = .standardDeviation
        case .variance: kind = .variance
        case .nUnique: return .distinctCount
        default:
            throw FrameError(
                .invalidArgument, "\(verb) supports \(supportedNames), not \(aggregation.function.name)")
        }
        guard let input else { return kind }
        let allowed: Bool
        switch kind {
        case .sum, .mean: allowed = [.int, .float, .bool, .duration].contains(input.type)
        case .minimum, .maximum: allowed = [.int, .float, .bool, .duration, .timestamp].contains(input.type)
        default: allowed = [.int, .float, .bool].contains(input.type)
        }
        guard allowed else {
            let name = aggregation.input?.outputName ?? input.name
            throw FrameError(
                .typeMismatch,
                "\(verb) \(aggregation.function.name) needs a numeric column, but \(columnReference(name)) is \(input.type.name)",
                column: name)
        }
        return kind
    }

    /// The aggregate for every query window, as a column of `height` frame rows. Rows that are not
    /// queries are null, except that with `zeroWhenEmpty` counts and sums are 0 there.
    static func compute(
        _ kind: Kind, input: Column?, name: String, plan: WindowPlan, parts: [Range<Int>], height: Int,
        zeroWhenEmpty: Bool, verb: String
    ) throws(FrameError) -> Column {
        let inputs = plan.inputs
        let zeroFilled = zeroWhenEmpty && (kind == .rowCount || kind == .validCount || kind == .sum || kind == .distinctCount)
        let valid = ColumnBuffer<UInt8>(repeating: zeroFilled ? 1 : 0, count: height)
        let validity = input.map { arrangedValidity($0, inputs) }
        let deque = dequeCapacity(kind, inputs)
        let words = ArrangedValidity(words: validity.flatMap { $0 }.map { UnsafePointer($0.base) })
        defer { withExtendedLifetime((plan, valid, validity)) {} }

        switch kind {
        case .rowCount, .validCount:
            let out = ColumnBuffer<Int64>(repeating: 0, count: height)
            let output = SlidingOutput(values: out.base, valid: valid.base)
            ParallelWork.run(parts.count) { part in
                if kind == .rowCount {
                    var accumulator = SlidingRowCount(output: output)
                    plan.run(&accumulator, segments: parts[part])
                } else {
                    var accumulator = SlidingValidCount(validity: words, output: output)
                    plan.run(&accumulator, segments: parts[part])
                }
            }
            return finish(name: name, type: .int, storage: .int64(out), valid: valid, height: height)
        case .sum, .mean:
            guard let input else { break }
            if input.type == .float {
                let values = arrangedDoubles(input, inputs)
                let out = ColumnBuffer<Double>(uninitializedCount: height)
                if zeroFilled { out.base.initialize(repeating: 0, count: height) }
                let output = SlidingOutput(values: out.base, valid: valid.base)
                let finite = allFinite(values)
                withExtendedLifetime(values) {
                    ParallelWork.run(parts.count) { part in
                        if finite {
                            var accumulator = SlidingFiniteRealSum(
                                values: values.base, validity: words, output: output, isMean: kind == .mean)
                            plan.run(&accumulator, segments: parts[part])
                        } else {
                            var accumulator = SlidingRealSum(
                                values: values.base, validity: words, output: output, isMean: kind == .mean)
                            plan.run(&accumulator, segments: parts[part])
                        }
                    }
                }
                return finish(name: name, type: .float, storage: .float64(out), valid: valid, height: height)
            }
            return try integerSum(kind, input, name: name, plan: plan, parts: parts,
                                  words: words, valid: valid, height: height, zeroFilled: zeroFilled, verb: verb)
        case .standardDeviation, .variance:
            guard let input else { break }
            let values = arrangedDoubles(input, inputs)
            let out = ColumnBuffer<Double>(uninitializedCount: height)
            let output = SlidingOutput(values: out.base, valid: valid.base)
            withExtendedLifetime(values) {
                ParallelWork.run(parts.count) { part in
                    var accumulator = SlidingMoments(
                        values: values.base, validity: words, output: output, isStandardDeviation: kind == .standardDeviation)
                    plan.run(&accumulator, segments: parts[part])
                }
            }
            return finish(name: name, type: .float, storage: .float64(out), valid: valid, height: height)
        case .distinctCount:
            guard let input else { break }
            return distinctCount(input, name: name, plan: plan, parts: parts, words: words, valid: valid, height: height)
        case .minimum, .maximum:
            guard let input else { break }
            let isMinimum = kind == .minimum
            let scratch = UnsafeMutablePointer<UInt32>.allocate(capacity: max(1, deque) * max(1, parts.count))
            defer { scratch.deallocate() }
            if input.type == .float {
                let values = arrangedDoubles(input, inputs)
                let out = ColumnBuffer<Double>(uninitializedCount: height)
                let output = SlidingOutput(values: out.base, valid: valid.base)
                withExtendedLifetime(values) {
                    ParallelWork.run(parts.count) { part in
                        var accumulator = SlidingRealExtreme(
                            values: values.base, validity: words, output: output, isMinimum: isMinimum,
                            deque: scratch + part * deque)
                        plan.run(&accumulator, segments: parts[part])
                    }
                }
                return finish(name: name, type: .float, storage: .float64(out), valid: valid, height: height)
            }
            let values = arrangedInt64s(input, inputs)
            let out = ColumnBuffer<Int64>(uninitializedCount: height)
            let output = SlidingOutput(values: out.base, valid: valid.base)
            withExtendedLifetime(values) {
                ParallelWork.run(parts.count) { part in
                    var accumulator = SlidingIntegerExtreme(
                        values: values.base, validity: words, output: output, isMinimum: isMinimum,
                        deque: scratch + part * deque)
                    plan.run(&accumulator, segments: parts[part])
                }
            }
            if input.type == .bool {
                let bools = ColumnBuffer<UInt8>(uninitializedCount: height)
                for row in 0..<height { bools.base[row] = out.base[row] != 0 && valid.base[row] != 0 ? 1 : 0 }
                return finish(name: name, type: .bool, storage: .bool(bools), valid: valid, height: height)
            }
            return finish(name: name, type: input.type, storage: .int64(out), valid: valid, height: height)
        }
        throw FrameError(.invalidArgument, "\(verb) needs a column to aggregate")
    }

    /// Sums and means of int, bool and duration inputs (exact 128-bit sums).
    private static func integerSum(
        _ kind: Kind, _ input: Column, name: String, plan: WindowPlan, parts: [Range<Int>], words: ArrangedValidity,
        valid: ColumnBuffer<UInt8>, height: Int, zeroFilled: Bool, verb: String
    ) throws(FrameError) -> Column {
        let values = arrangedInt64s(input, plan.inputs)
        let overflowed = UnsafeMutablePointer<Bool>.allocate(capacity: max(1, parts.count))
        overflowed.initialize(repeating: false, count: max(1, parts.count))
        defer { overflowed.deallocate() }
        if kind == .sum {
            let out = ColumnBuffer<Int64>(repeating: 0, count: height)
            let output = SlidingOutput(values: out.base, valid: valid.base)
            withExtendedLifetime(values) {
                ParallelWork.run(parts.count) { part in
                    var accumulator = SlidingIntegerSum(
                        values: values.base, validity: words, sums: output, means: nil)
                    plan.run(&accumulator, segments: parts[part])
                    overflowed[part] = accumulator.overflowed
                }
            }
            for part in 0..<parts.count where overflowed[part] {
                throw FrameError(
                    .overflow, "integer overflow in \(verb) sum of \(columnReference(input.name))", column: input.name)
            }
            let type: DataType = input.type == .duration ? .duration : .int
            return finish(name: name, type: type, storage: .int64(out), valid: valid, height: height)
        }
        let out = ColumnBuffer<Double>(uninitializedCount: height)
        let output = SlidingOutput(values: out.base, valid: valid.base)
        withExtendedLifetime(values) {
            ParallelWork.run(parts.count) { part in
                var accumulator = SlidingIntegerSum(
                    values: values.base, validity: words, sums: nil, means: output)
                plan.run(&accumulator, segments: parts[part])
            }
        }
        if input.type == .duration {
            let micros = ColumnBuffer<Int64>(uninitializedCount: height)
            for row in 0..<height {
                let rounded = out.base[row].rounded(.toNearestOrAwayFromZero)
                micros.base[row] = valid.base[row] != 0 ? Int64(exactly: rounded) ?? 0 : 0
            }
            return finish(name: name, type: .duration, storage: .int64(micros), valid: valid, height: height)
        }
        return finish(name: name, type: .float, storage: .float64(out), valid: valid, height: height)
    }

    /// Deque room per part for min and max: the largest segment of the input arrangement.
    private static func dequeCapacity(_ kind: Kind, _ inputs: KeyedTimeOrder) -> Int {
        guard kind == .minimum || kind == .maximum else { return 0 }
        var largest = 0
        for segment in 0..<max(0, inputs.offsets.count - 1) {
            largest = max(largest, inputs.offsets[segment + 1] - inputs.offsets[segment])
        }
        return largest
    }

    /// The column with nulls where `valid` is 0 (their values zeroed, so the bytes are
    /// deterministic): the bytes are packed into validity words 64 rows at a time, on all cores.
    static func finish(
        name: String, type: DataType, storage: ColumnStorage, valid: ColumnBuffer<UInt8>, height: Int
    ) -> Column {
        let wordCount = Bitmap.wordCount(for: height)
        let words = ColumnBuffer<UInt64>(uninitializedCount: wordCount)
        let parts = positionParts(wordCount << 6).map { ($0.lowerBound >> 6)..<($0.upperBound >> 6) }
        let validCounts = UnsafeMutablePointer<Int>.allocate(capacity: max(1, parts.count))
        defer { validCounts.deallocate() }
        let (address, stride): (UnsafeMutableRawPointer?, Int)
        switch storage {
        case .int64(let values): (address, stride) = (UnsafeMutableRawPointer(values.base), 8)
        case .float64(let values): (address, stride) = (UnsafeMutableRawPointer(values.base), 8)
        case .bool(let values): (address, stride) = (UnsafeMutableRawPointer(values.base), 1)
        case .utf8, .dictionary: (address, stride) = (nil, 0)
        }
        let flags = valid.base
        let out = words.base
        withExtendedLifetime((valid, storage)) {
            ParallelWork.run(parts.count) { part in
                var validRows = 0
                for word in parts[part] {
                    let first = word &<< 6
                    let limit = min(64, height &- first)
                    var bits: UInt64 = 0
                    for bit in 0..<limit { bits |= UInt64(flags[first &+ bit] & 1) &<< UInt64(bit) }
                    out[word] = bits
                    validRows &+= bits.nonzeroBitCount
                    if bits.nonzeroBitCount != limit, let address {
                        for bit in 0..<limit where bits & (1 &<< UInt64(bit)) == 0 {
                            let target = address + (first &+ bit) &* stride
                            if stride == 8 { target.storeBytes(of: 0, as: UInt64.self) } else { target.storeBytes(of: 0, as: UInt8.self) }
                        }
                    }
                }
                validCounts[part] = validRows
            }
        }
        var validRows = 0
        for part in 0..<parts.count { validRows += validCounts[part] }
        let bitmap = validRows == height ? nil : Bitmap(count: height, nullCount: height - validRows, words: words)
        return Column(name: name, type: type, count: height, storage: storage, validity: bitmap)
    }

    // MARK: inputs in arranged order

    /// The input's validity bits in arranged order; nil (inside) when every arranged value is valid.
    static func arrangedValidity(_ column: Column, _ order: KeyedTimeOrder) -> ColumnBuffer<UInt64>? {
        guard let validity = column.validity else { return nil }
        guard let rows = order.rows else { return validity.words }
        let words = ColumnBuffer<UInt64>(repeating: 0, count: Bitmap.wordCount(for: order.count))
        for position in 0..<order.count where validity.isValid(Int(rows.base[position])) {
            words.base[position &>> 6] |= 1 &<< UInt64(position & 63)
        }
        return words
    }

    /// The input as Doubles in arranged order (ints and bools converted).
    static func arrangedDoubles(_ column: Column, _ order: KeyedTimeOrder) -> ColumnBuffer<Double> {
        if order.rows == nil, case .float64(let values) = column.storage { return values }
        let out = ColumnBuffer<Double>(uninitializedCount: order.count)
        let parts = positionParts(order.count)
        switch column.storage {
        case .float64(let values): gatherSame(values.base, into: out.base, order.rows, parts)
        case .int64(let values): gatherToDouble(values.base, into: out.base, order.rows, parts)
        case .bool(let values): gatherToDouble(values.base, into: out.base, order.rows, parts)
        case .utf8, .dictionary: out.base.initialize(repeating: 0, count: order.count)
        }
        return out
    }

    /// The input as Int64s in arranged order (bools widened; only int64 and bool inputs come here).
    static func arrangedInt64s(_ column: Column, _ order: KeyedTimeOrder) -> ColumnBuffer<Int64> {
        if order.rows == nil, case .int64(let values) = column.storage { return values }
        let out = ColumnBuffer<Int64>(uninitializedCount: order.count)
        let parts = positionParts(order.count)
        switch column.storage {
        case .int64(let values): gatherSame(values.base, into: out.base, order.rows, parts)
        case .bool(let values): gatherToInt64(values.base, into: out.base, order.rows, parts)
        case .float64, .utf8, .dictionary: out.base.initialize(repeating: 0, count: order.count)
        }
        return out
    }

    /// True when every value is finite (values under nulls included, which at worst sends a column
    /// down the slower path that tracks NaN and infinities).
    static func allFinite(_ values: ColumnBuffer<Double>) -> Bool {
        let parts = positionParts(values.count)
        let flags = UnsafeMutablePointer<Bool>.allocate(capacity: max(1, parts.count))
        defer { flags.deallocate() }
        let source = values.base
        withExtendedLifetime(values) {
            ParallelWork.run(parts.count) { part in
                // A branch-free scan: x − x is 0 for finite x and NaN otherwise.
                var check = 0.0
                for position in parts[part] { check += source[position] - source[position] }
                flags[part] = check == 0
            }
        }
        for part in 0..<parts.count where !flags[part] { return false }
        return true
    }

    /// Equal position ranges, one per core for large inputs.
    static func positionParts(_ count: Int) -> [Range<Int>] {
        let parts = count >= SegmentParts.parallelThreshold ? ParallelWork.processorCount : 1
        return (0..<parts).map { (count * $0 / parts)..<(count * ($0 + 1) / parts) }
    }

    /// `out[p] = source[rows[p]]` (or `source[p]` for the identity), on all cores.
    static func gatherSame<T>(
        _ source: UnsafePointer<T>, into out: UnsafeMutablePointer<T>, _ rows: ColumnBuffer<UInt32>?, _ parts: [Range<Int>]
    ) {
        ParallelWork.run(parts.count) { part in
            if let rows {
                for position in parts[part] { out[position] = source[Int(rows.base[position])] }
            } else {
                out.advanced(by: parts[part].lowerBound).update(from: source + parts[part].lowerBound, count: parts[part].count)
            }
        }
    }

    /// `out[p] = Double(source[rows[p]])`, on all cores.
    static func gatherToDouble<S: BinaryInteger>(
        _ source: UnsafePointer<S>, into out: UnsafeMutablePointer<Double>, _ rows: ColumnBuffer<UInt32>?, _ parts: [Range<Int>]
    ) {
        ParallelWork.run(parts.count) { part in
            if let rows {
                for position in parts[part] { out[position] = Double(source[Int(rows.base[position])]) }
            } else {
                for position in parts[part] { out[position] = Double(source[position]) }
            }
        }
    }

    /// `out[p] = Int64(source[rows[p]])`, on all cores.
    static func gatherToInt64<S: BinaryInteger>(
        _ source: UnsafePointer<S>, into out: UnsafeMutablePointer<Int64>, _ rows: ColumnBuffer<UInt32>?, _ parts: [Range<Int>]
    ) {
        ParallelWork.run(parts.count) { part in
            if let rows {
                for position in parts[part] { out[position] = Int64(source[Int(rows.base[position])]) }
            } else {
                for position in parts[part] { out[position] = Int64(source[position]) }
            }
        }
    }
}

extension DataFrame {
    /// Checks one aggregate of `rolling` or `window_join` (`verb`) against this frame, the one its
    /// input is read from: a supported function over a column of a suitable type. The language
    /// calls it after a failed call, to put the caret under the aggregate at fault.
    public func checkSlidingAggregate(_ aggregation: Aggregation, verb: String) throws(FrameError) {
        let column = try aggregation.input.map { (input) throws(FrameError) in try evaluate(input) }
        _ = try SlidingAggregation.kind(of: aggregation, input: column, verb: verb)
    }
}
