import Frame

/// Descriptive statistics of one column of a training dataset, stored with it (for drift checks
/// and for people): counts for every column, moments and range for numbers and times, distinct
/// values for strings and bools.
public struct ColumnStatistics: Sendable, Equatable {
    /// The column.
    public var column: String
    /// Its type.
    public var type: DataType
    /// Rows.
    public var count: Int
    /// Null rows (NaN included).
    public var nullCount: Int
    /// Mean and population standard deviation of numbers, timestamps and durations.
    public var mean: Double?
    /// Population standard deviation of the same values.
    public var std: Double?
    /// Range of numbers, timestamps and durations.
    public var min: Double?
    /// Largest value of the same.
    public var max: Double?
    /// Distinct non-null values of strings, bools and ints.
    public var distinctCount: Int?

    /// Statistics of `column`, from its raw buffers (`Moments`): the same on every run and thread.
    static func of(_ column: Column) -> ColumnStatistics {
        var statistics = ColumnStatistics(
            column: column.name, type: column.type, count: column.count, nullCount: 0, mean: nil, std: nil, min: nil,
            max: nil, distinctCount: nil)
        let validity = column.validity?.withWords { $0.baseAddress }
        var moments = Moments()
        switch column.storage {
        case .int64(let values):
            values.withUnsafeBufferPointer { moments = Moments.of($0, validity: validity) }
        case .float64(let values):
            values.withUnsafeBufferPointer { moments = Moments.of($0, validity: validity) }
        case .bool, .utf8, .dictionary:
            moments.nulls = column.nullCount
        }
        withExtendedLifetime(column) {}
        statistics.nullCount = moments.nulls
        if moments.count > 0 {
            statistics.mean = moments.mean
            statistics.std = (moments.squares / Double(moments.count)).squareRoot()
            statistics.min = moments.low
            statistics.max = moments.high
        }
        if column.type == .string {
            statistics.distinctCount = Transformer.categories(ColumnAccess(column)).count
        } else if column.type == .bool || column.type == .int {
            statistics.distinctCount = DistinctCount.of(ColumnAccess(column))
        }
        return statistics
    }
}

/// Count, sum, range and squared deviations of a column's values (nulls, and NaN, left out), in
/// two passes over the raw buffer: sum, count and range, then squared deviations from the mean.
/// Sums run in four interleaved lanes (row `i` in lane `i % 4`, lanes added in a fixed order), so
/// the additions overlap and the result is the same on every run and thread.
private struct Moments {
    var nulls = 0
    var count = 0
    var mean = 0.0
    var squares = 0.0
    var low = Double.infinity
    var high = -Double.infinity

    /// One lane's running sum and range.
    struct Lane {
        var sum = 0.0
        var squares = 0.0
        var low = Double.infinity
        var high = -Double.infinity
        var count = 0

        @inline(__always) mutating func add(_ value: Double) {
            sum += value
            low = Swift.min(low, value)
            high = Swift.max(high, value)
            count &+= 1
        }

        @inline(__always) mutating func addSquare(_ value: Double, mean: Double) {
            let delta = value - mean
            squares += delta * delta
        }
    }

    static func of(_ values: UnsafeBufferPointer<Int64>, validity: UnsafePointer<UInt64>?) -> Moments {
        var lanes = (Lane(), Lane(), Lane(), Lane())
        let n = values.count
        var row = 0
        while row &+ 4 <= n {
            if BitPacking.isValid(validity, row) { lanes.0.add(Double(values[row])) }
            if BitPacking.isValid(validity, row &+ 1) { lanes.1.add(Double(values[row &+ 1])) }
            if BitPacking.isValid(validity, row &+ 2) { lanes.2.add(Double(values[row &+ 2])) }
            if BitPacking.isValid(validity, row &+ 3) { lanes.3.add(Double(values[row &+ 3])) }
            row &+= 4
        }
        if row < n, BitPacking.isValid(validity, row) { lanes.0.add(Double(values[row])) }
        if row &+ 1 < n, BitPacking.isValid(validity, row &+ 1) { lanes.1.add(Double(values[row &+ 1])) }
        if row &+ 2 < n, BitPacking.isValid(validity, row &+ 2) { lanes.2.add(Double(values[row &+ 2])) }
        var moments = Moments(lanes, total: n)
        guard moments.count > 0 else { return moments }
        let mean = moments.mean
        row = 0
        while row &+ 4 <= n {
            if BitPacking.isValid(validity, row) { lanes.0.addSquare(Double(values[row]), mean: mean) }
            if BitPacking.isValid(validity, row &+ 1) { lanes.1.addSquare(Double(values[row &+ 1]), mean: mean) }
            if BitPacking.isValid(validity, row &+ 2) { lanes.2.addSquare(Double(values[row &+ 2]), mean: mean) }
            if BitPacking.isValid(validity, row &+ 3) { lanes.3.addSquare(Double(values[row &+ 3]), mean: mean) }
            row &+= 4
        }
        if row < n, BitPacking.isValid(validity, row) { lanes.0.addSquare(Double(values[row]), mean: mean) }
        if row &+ 1 < n, BitPacking.isValid(validity, row &+ 1) { lanes.1.addSquare(Double(values[row &+ 1]), mean: mean) }
        if row &+ 2 < n, BitPacking.isValid(validity, row &+ 2) { lanes.2.addSquare(Double(values[row &+ 2]), mean: mean) }
        moments.squares = (lanes.0.squares + lanes.1.squares) + (lanes.2.squares + lanes.3.squares)
        return moments
    }

    /// NaN counts as null.
    @inline(__always) static func present(_ values: UnsafeBufferPointer<Double>, _ validity: UnsafePointer<UInt64>?, _ row: Int) -> Bool {
        BitPacking.isValid(validity, row) && !values[row].isNaN
    }

    static func of(_ values: UnsafeBufferPointer<Double>, validity: UnsafePointer<UInt64>?) -> Moments {
        var lanes = (Lane(), Lane(), Lane(), Lane())
        let n = values.count
        var row = 0
        while row &+ 4 <= n {
            if present(values, validity, row) { lanes.0.add(values[row]) }
            if present(values, validity, row &+ 1) { lanes.1.add(values[row &+ 1]) }
            if present(values, validity, row &+ 2) { lanes.2.add(values[row &+ 2]) }
            if present(values, validity, row &+ 3) { lanes.3.add(values[row &+ 3]) }
            row &+= 4
        }
        if row < n, present(values, validity, row) { lanes.0.add(values[row]) }
        if row &+ 1 < n, present(values, validity, row &+ 1) { lanes.1.add(values[row &+ 1]) }
        if row &+ 2 < n, present(values, validity, row &+ 2) { lanes.2.add(values[row &+ 2]) }
        var moments = Moments(lanes, total: n)
        guard moments.count > 0 else { return moments }
        let mean = moments.mean
        row = 0
        while row &+ 4 <= n {
            if present(values, validity, row) { lanes.0.addSquare(values[row], mean: mean) }
            if present(values, validity, row &+ 1) { lanes.1.addSquare(values[row &+ 1], mean: mean) }
            if present(values, validity, row &+ 2) { lanes.2.addSquare(values[row &+ 2], mean: mean) }
            if present(values, validity, row &+ 3) { lanes.3.addSquare(values[row &+ 3], mean: mean) }
            row &+= 4
        }
        if row < n, present(values, validity, row) { lanes.0.addSquare(values[row], mean: mean) }
        if row &+ 1 < n, present(values, validity, row &+ 1) { lanes.1.addSquare(values[row &+ 1], mean: mean) }
        if row &+ 2 < n, present(values, validity, row &+ 2) { lanes.2.addSquare(values[row &+ 2], mean: mean) }
        moments.squares = (lanes.0.squares + lanes.1.squares) + (lanes.2.squares + lanes.3.squares)
        return moments
    }

    /// Count, nulls, mean and range from the lanes of the first pass.
    private init(_ lanes: (Lane, Lane, Lane, Lane), total: Int) {
        count = lanes.0.count + lanes.1.count + lanes.2.count + lanes.3.count
        nulls = total - count
        guard count > 0 else { return }
        mean = ((lanes.0.sum + lanes.1.sum) + (lanes.2.sum + lanes.3.sum)) / Double(count)
        low = Swift.min(Swift.min(lanes.0.low, lanes.1.low), Swift.min(lanes.2.low, lanes.3.low))
        high = Swift.max(Swift.max(lanes.0.high, lanes.1.high), Swift.max(lanes.2.high, lanes.3.high))
    }

    init() {}
}
