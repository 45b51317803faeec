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

    /// Statistics of `column`.
    static func of(_ column: Column) -> ColumnStatistics {
        let access = ColumnAccess(column)
        var statistics = ColumnStatistics(
            column: column.name, type: column.type, count: column.count, nullCount: 0, mean: nil, std: nil, min: nil,
            max: nil, distinctCount: nil)
        var count = 0.0
        var sum = 0.0
        var low = Double.infinity
        var high = -Double.infinity
        for row in 0..<access.count {
            if access.isNull(row) {
                statistics.nullCount += 1
                continue
            }
            if column.type == .string || column.type == .bool { continue }
            let value = access.double(row)
            count += 1
            sum += value
            low = Swift.min(low, value)
            high = Swift.max(high, value)
        }
        if count > 0 {
            let mean = sum / count
            var squares = 0.0
            for row in 0..<access.count where !access.isNull(row) {
                let delta = access.double(row) - mean
                squares += delta * delta
            }
            statistics.mean = mean
            statistics.std = (squares / count).squareRoot()
            statistics.min = low
            statistics.max = high
        }
        if column.type == .string {
            statistics.distinctCount = Transformer.categories(access).count
        } else if column.type == .bool || column.type == .int {
            statistics.distinctCount = DistinctCount.of(access)
        }
        return statistics
    }
}
