import Frame

/// Read access to one numeric feature column as Double values, with null (and NaN) read as NaN.
///
/// int, timestamp and duration columns convert exactly below 2^53 (a timestamp in microseconds
/// does); bool reads as 0 or 1. Kernels load whole runs of rows at once so the type switch
/// happens once per run, never per value.
struct FeatureSource: @unchecked Sendable {
    /// Where the values are, by physical layout.
    enum Values {
        case int64(UnsafePointer<Int64>)
        case float64(UnsafePointer<Double>)
        case bool(UnsafePointer<UInt8>)
    }

    /// The column (kept so that its storage outlives every pointer taken from it).
    let column: Column
    let values: Values
    /// Number of rows.
    let count: Int

    /// The source of a numeric or bool column; nil for a string column.
    init?(_ column: Column) {
        self.column = column
        count = column.count
        switch column.storage {
        case .int64(let buffer):
            guard let base = buffer.withUnsafeBufferPointer({ $0.baseAddress }) else { return nil }
            values = .int64(base)
        case .float64(let buffer):
            guard let base = buffer.withUnsafeBufferPointer({ $0.baseAddress }) else { return nil }
            values = .float64(base)
        case .bool(let buffer):
            guard let base = buffer.withUnsafeBufferPointer({ $0.baseAddress }) else { return nil }
            values = .bool(base)
        case .utf8, .dictionary:
            return nil
        }
    }

    /// Writes rows `start ..< start + n` to `target[0 ..< n]`, NaN for nulls.
    func load(from start: Int, count n: Int, into target: UnsafeMutablePointer<Double>) {
        switch values {
        case .int64(let base):
            for i in 0..<n { target[i] = Double(base[start &+ i]) }
        case .float64(let base):
            target.update(from: base + start, count: n)
        case .bool(let base):
            for i in 0..<n { target[i] = Double(base[start &+ i]) }
        }
        if let validity = column.validity {
            for i in 0..<n where !validity.isValid(start &+ i) { target[i] = .nan }
        }
    }

    /// Writes the rows listed in `rows[0 ..< n]` to `target[0 ..< n]`, NaN for nulls.
    func gather(rows: UnsafePointer<UInt32>, count n: Int, into target: UnsafeMutablePointer<Double>) {
        switch values {
        case .int64(let base):
            for i in 0..<n { target[i] = Double(base[Int(rows[i])]) }
        case .float64(let base):
            for i in 0..<n { target[i] = base[Int(rows[i])] }
        case .bool(let base):
            for i in 0..<n { target[i] = Double(base[Int(rows[i])]) }
        }
        if let validity = column.validity {
            for i in 0..<n where !validity.isValid(Int(rows[i])) { target[i] = .nan }
        }
    }
}
