import Frame

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A transformation with the parameters fitted on a training dataset's train rows.
public struct FittedTransformation: Sendable, Equatable {
    /// The output column it applies to.
    public var column: String
    /// What it does.
    public var kind: TransformationKind
    /// Mean and population standard deviation (standard scaler).
    public var mean: Double?
    /// Population standard deviation of the train values.
    public var std: Double?
    /// Minimum and maximum (min-max scaler).
    public var min: Double?
    /// Largest train value.
    public var max: Double?
    /// The training categories, sorted (encoders).
    public var categories: [Scalar]

    /// A fitted transformation.
    public init(
        column: String, kind: TransformationKind, mean: Double? = nil, std: Double? = nil, min: Double? = nil,
        max: Double? = nil, categories: [Scalar] = []
    ) {
        self.column = column
        self.kind = kind
        self.mean = mean
        self.std = std
        self.min = min
        self.max = max
        self.categories = categories
    }
}

/// Fits and applies model-dependent transformations, column by column over the raw buffers.
enum Transformer {
    /// Checks that `kind` suits a column of `type`.
    static func check(_ kind: TransformationKind, type: DataType, column: String, context: String) throws(StoreError) {
        switch kind {
        case .standardScaler, .minMaxScaler, .log1p:
            if !type.isNumeric {
                throw StoreError(
                    .typeMismatch, "\(context): \(kind.rawValue) needs a numeric column, but \(columnReference(column)) is \(type.name)")
            }
        case .oneHot, .labelEncoder:
            if type != .string && type != .int && type != .bool {
                throw StoreError(
                    .typeMismatch,
                    "\(context): \(kind.rawValue) needs a string, int or bool column, but \(columnReference(column)) is \(type.name)")
            }
        }
    }

    /// Fits every transformation on the rows of `frame` (the train split).
    static func fit(_ transformations: [FeatureTransformation], on frame: DataFrame, context: String) throws(StoreError)
        -> [FittedTransformation]
    {
        var fitted: [FittedTransformation] = []
        for transformation in transformations {
            guard let column = frame.column(named: transformation.column) else {
                throw StoreError(.missingColumn, "\(context): no column \(columnReference(transformation.column)) to fit \(transformation.kind.rawValue) on")
            }
            try check(transformation.kind, type: column.type, column: column.name, context: context)
            let access = ColumnAccess(column)
            var result = FittedTransformation(column: column.name, kind: transformation.kind)
            switch transformation.kind {
            case .standardScaler, .minMaxScaler:
                var count = 0.0
                var sum = 0.0
                var low = Double.infinity
                var high = -Double.infinity
                for row in 0..<access.count where !access.isNull(row) {
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
                    result.mean = mean
                    result.std = (squares / count).squareRoot()
                    result.min = low
                    result.max = high
                }
            case .oneHot, .labelEncoder:
                result.categories = categories(access)
            case .log1p:
                break
            }
            fitted.append(result)
        }
        return fitted
    }

    /// The distinct non-null values, sorted (strings by bytes, bools false first).
    static func categories(_ access: ColumnAccess) -> [Scalar] {
        if access.column.type == .string {
            var values: [[UInt8]] = []
            for row in 0..<access.count where !access.isNull(row) { values.append(access.withBytes(row) { Array($0) }) }
            return ByteOrder.sortedUnique(values).map { .string(String(decoding: $0, as: UTF8.self)) }
        }
        var values: [Int64] = []
        for row in 0..<access.count where !access.isNull(row) {
            values.append(access.bools.map { Int64($0[row]) } ?? access.int64(row))
        }
        values.sort()
        var unique: [Int64] = []
        for value in values where unique.last != value { unique.append(value) }
        return access.column.type == .bool ? unique.map { .bool($0 != 0) } : unique.map { .int($0) }
    }

    /// `frame` with every fitted transformation applied to the column it names (columns the frame
    /// lacks, such as a label at serving time, are skipped). One-hot replaces a column by one bool
    /// column per category, in place.
    static func apply(_ fitted: [FittedTransformation], to frame: DataFrame, context: String) throws(StoreError) -> DataFrame {
        var columns = frame.columns
        for transformation in fitted {
            guard let index = columns.firstIndex(where: { $0.name == transformation.column }) else { continue }
            let column = columns[index]
            try check(transformation.kind, type: column.type, column: column.name, context: context)
            let replacement = try apply(transformation, column, context: context)
            columns.replaceSubrange(index...index, with: replacement)
        }
        do throws(FrameError) {
            return try DataFrame(columns: columns)
        } catch {
            throw StoreError(.duplicateName, "\(context): \(error.message); rename the column that clashes with a one-hot output")
        }
    }

    /// The column(s) one transformation produces.
    static func apply(_ transformation: FittedTransformation, _ column: Column, context: String) throws(StoreError) -> [Column] {
        let access = ColumnAccess(column)
        let n = access.count
        switch transformation.kind {
        case .standardScaler, .minMaxScaler, .log1p:
            var values = [Double](repeating: 0, count: n)
            var valid = [Bool](repeating: false, count: n)
            let (shift, scale): (Double?, Double) = switch transformation.kind {
            case .standardScaler: (transformation.mean, transformation.std.map { $0 > 0 ? $0 : 1 } ?? 1)
            case .minMaxScaler:
                (transformation.min, transformation.min.flatMap { low in transformation.max.map { $0 - low > 0 ? $0 - low : 1 } } ?? 1)
            default: (0, 1)
            }
            for row in 0..<n where !access.isNull(row) {
                let x = access.double(row)
                if transformation.kind == .log1p {
                    if x > -1 {
                        values[row] = log1p(x)
                        valid[row] = true
                    }
                } else if let shift {
                    values[row] = (x - shift) / scale
                    valid[row] = true
                }
            }
            return [Column(name: column.name, floats: values, validity: valid)]
        case .labelEncoder:
            var values = [Int64](repeating: 0, count: n)
            var valid = [Bool](repeating: true, count: n)
            let lookup = try CategoryLookup(transformation.categories, column: column, context: context)
            for row in 0..<n {
                if access.isNull(row) {
                    valid[row] = false
                } else {
                    values[row] = Int64(lookup.index(access, row) ?? -1)
                }
            }
            return [Column(name: column.name, ints: values, validity: valid)]
        case .oneHot:
            let lookup = try CategoryLookup(transformation.categories, column: column, context: context)
            var positions = [Int](repeating: -1, count: n)
            var valid = [Bool](repeating: true, count: n)
            for row in 0..<n {
                if access.isNull(row) { valid[row] = false } else { positions[row] = lookup.index(access, row) ?? -1 }
            }
            return transformation.categories.enumerated().map { category, value in
                var flags = [Bool](repeating: false, count: n)
                for row in 0..<n where positions[row] == category { flags[row] = true }
                return Column(name: column.name + "_" + categoryText(value), bools: flags, validity: valid)
            }
        }
    }

    /// A category as it appears in a one-hot column name.
    static func categoryText(_ value: Scalar) -> String {
        switch value {
        case .string(let text): text
        case .int(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        default: ValueText.render(value)
        }
    }
}

/// Training categories in the column's own representation, for binary search per row.
struct CategoryLookup {
    var integers: [Int64] = []
    var strings: [[UInt8]] = []

    init(_ categories: [Scalar], column: Column, context: String) throws(StoreError) {
        for category in categories {
            switch (column.type, category) {
            case (.string, .string(let text)): strings.append(Array(text.utf8))
            case (.int, .int(let number)): integers.append(number)
            case (.bool, .bool(let flag)): integers.append(flag ? 1 : 0)
            default:
                throw StoreError(
                    .typeMismatch,
                    "\(context): \(columnReference(column.name)) is \(column.type.name) but was \(category.type?.name ?? "null") when the encoder was fitted")
            }
        }
    }

    /// The category index of the non-null value in `row`, or nil for an unseen value.
    func index(_ access: ColumnAccess, _ row: Int) -> Int? {
        if access.column.type == .string { return access.withBytes(row) { ByteOrder.find($0, in: strings) } }
        let value = access.bools.map { Int64($0[row]) } ?? access.int64(row)
        var low = 0
        var high = integers.count
        while low < high {
            let middle = (low + high) / 2
            if integers[middle] == value { return middle }
            if integers[middle] < value { low = middle + 1 } else { high = middle }
        }
        return nil
    }
}
