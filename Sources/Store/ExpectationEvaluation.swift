import Frame

/// The verdict of an expectation suite on one batch: a result per expectation and, per row, which
/// row checks rejected it.
struct BatchValidation {
    /// One result per expectation, in suite order.
    var results: [ExpectationResult]
    /// Bit `i` (for the first 64 expectations) set when expectation `i` rejected the row.
    var rowFailures: [UInt64]
    /// Rows rejected by at least one row check.
    var rejectedCount: Int
    /// The expectations, to word the reasons.
    var summaries: [String]

    /// Every expectation that rejected `row`, joined with `; `.
    func reason(_ row: Int) -> String {
        var parts: [String] = []
        for (index, summary) in summaries.enumerated() where index < 64 && rowFailures[row] & (1 &<< UInt64(index)) != 0 {
            parts.append(summary)
        }
        return parts.joined(separator: "; ")
    }
}

/// Runs expectations over a batch frame, column by column over the raw buffers.
enum ExpectationEvaluator {
    /// How many offending rows a result quotes.
    static let exampleCount = 5

    /// Evaluates `expectations` on `frame`; `context` names the group for errors. An expectation
    /// that cannot apply (missing column, wrong type) is an error, not a failed result.
    static func evaluate(_ expectations: [FeatureExpectation], on frame: DataFrame, context: String) throws(StoreError)
        -> BatchValidation
    {
        var validation = BatchValidation(
            results: [], rowFailures: [UInt64](repeating: 0, count: frame.height), rejectedCount: 0,
            summaries: expectations.map(\.summary))
        for (index, expectation) in expectations.enumerated() {
            var unexpected: [Int] = []
            let result = try evaluate(expectation, on: frame, context: context, unexpected: &unexpected)
            validation.results.append(result)
            if expectation.judgesRows {
                let bit: UInt64 = 1 &<< UInt64(min(index, 63))
                for row in unexpected { validation.rowFailures[row] |= bit }
            }
        }
        validation.rejectedCount = validation.rowFailures.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
        return validation
    }

    /// One expectation; row checks append the rows they reject to `unexpected`, in row order.
    static func evaluate(
        _ expectation: FeatureExpectation, on frame: DataFrame, context: String, unexpected: inout [Int]
    ) throws(StoreError) -> ExpectationResult {
        var accesses: [ColumnAccess] = []
        for name in expectation.columns {
            guard let column = frame.column(named: name) else {
                var message = "\(context): expectation \(expectation.summary) needs column \(columnReference(name)), which the batch lacks"
                if let near = closestName(to: name, among: frame.columnNames) { message += "; did you mean \(columnReference(near))?" }
                throw StoreError(.missingColumn, message)
            }
            accesses.append(ColumnAccess(column))
        }
        let n = frame.height
        var elements = 0
        var observed: Double? = nil
        var success = true
        switch expectation {
        case .notNull:
            let access = accesses[0]
            elements = n
            for row in 0..<n where access.isNull(row) { unexpected.append(row) }
        case .between(_, let min, let max, let strictMin, let strictMax):
            let access = accesses[0]
            let bounds = try BetweenBounds(
                min: min, max: max, strictMin: strictMin, strictMax: strictMax, column: access.column,
                context: "\(context): expectation \(expectation.summary)")
            for row in 0..<n where !access.isNull(row) {
                elements += 1
                if !bounds.contains(access, row) { unexpected.append(row) }
            }
        case .inSet(_, let values):
            let access = accesses[0]
            let set = try ValueSet(values, column: access.column, context: "\(context): expectation \(expectation.summary)")
            for row in 0..<n where !access.isNull(row) {
                elements += 1
                if !set.contains(access, row) { unexpected.append(row) }
            }
        case .unique(let names):
            elements = try uniqueViolations(frame, names, accesses, unexpected: &unexpected)
        case .matches(_, let pattern):
            let access = accesses[0]
            guard access.column.type == .string else {
                throw StoreError(
                    .typeMismatch,
                    "\(context): expectation \(expectation.summary) needs a string column, but \(columnReference(access.column.name)) is \(access.column.type.name)")
            }
            let matcher = try RegexMatcher(pattern: pattern, context: "expectation \(expectation.summary)")
            for row in 0..<n where !access.isNull(row) {
                elements += 1
                if !access.withBytes(row, { matcher.matches($0) }) { unexpected.append(row) }
            }
        case .rowCountBetween(let min, let max):
            elements = n
            observed = Double(n)
            success = (min.map { n >= $0 } ?? true) && (max.map { n <= $0 } ?? true)
        case .meanBetween(_, let min, let max):
            let access = accesses[0]
            guard access.column.type.isNumeric else {
                throw StoreError(
                    .typeMismatch,
                    "\(context): expectation \(expectation.summary) needs a numeric column, but \(columnReference(access.column.name)) is \(access.column.type.name)")
            }
            var sum = 0.0
            for row in 0..<n where !access.isNull(row) {
                elements += 1
                sum += access.double(row)
            }
            if elements > 0 {
                let mean = sum / Double(elements)
                observed = mean
                success = (min.map { mean >= $0 } ?? true) && (max.map { mean <= $0 } ?? true)
            } else {
                success = false
            }
        case .maxNullFraction(_, let fraction):
            let access = accesses[0]
            elements = n
            var nulls = 0
            for row in 0..<n where access.isNull(row) { nulls += 1 }
            let observedFraction = n == 0 ? 0 : Double(nulls) / Double(n)
            observed = observedFraction
            success = observedFraction <= fraction
        }
        if expectation.judgesRows { success = unexpected.isEmpty }
        var examples: [String] = []
        for row in unexpected.prefix(exampleCount) {
            let values = accesses.map { $0.rendered(row) }
            examples.append("row \(row): " + (values.count == 1 ? values[0] : "(" + values.joined(separator: ", ") + ")"))
        }
        return ExpectationResult(
            expectation: expectation.summary, success: success, elementCount: elements, unexpectedCount: unexpected.count,
            observed: observed, examples: examples)
    }

    /// Rows whose key combination occurs more than once (rows with a null key part are ignored);
    /// returns the number of rows considered.
    static func uniqueViolations(
        _ frame: DataFrame, _ names: [String], _ accesses: [ColumnAccess], unexpected: inout [Int]
    ) throws(StoreError) -> Int {
        let n = frame.height
        let order: [Int]
        do throws(FrameError) {
            order = try frame.sortOrder(by: names.map { SortKey($0) })
        } catch {
            throw StoreError.frame(error, "expectation unique")
        }
        var considered: [Int] = []
        considered.reserveCapacity(n)
        for row in order where !accesses.contains(where: { $0.isNull(row) }) { considered.append(row) }
        var flagged: [Bool] = Array(repeating: false, count: n)
        var start = 0
        while start < considered.count {
            var end = start + 1
            while end < considered.count && accesses.allSatisfy({ $0.equal(considered[start], considered[end]) }) { end += 1 }
            if end - start > 1 {
                for position in start..<end { flagged[considered[position]] = true }
            }
            start = end
        }
        for row in 0..<n where flagged[row] { unexpected.append(row) }
        return considered.count
    }
}

/// The bounds of a `between` check, resolved against the column's type once.
struct BetweenBounds {
    /// Exact integer bounds (int bounds on int, timestamp or duration columns).
    var integerLow: Int64?
    var integerHigh: Int64?
    /// Float bounds otherwise.
    var low: Double?
    var high: Double?
    let exact: Bool
    let strictMin: Bool
    let strictMax: Bool

    init(min: Scalar?, max: Scalar?, strictMin: Bool, strictMax: Bool, column: Column, context: String) throws(StoreError) {
        self.strictMin = strictMin
        self.strictMax = strictMax
        let bounds = [min, max].map { $0 == .null ? nil : $0 }
        func mismatch(_ value: Scalar) -> StoreError {
            StoreError(
                .typeMismatch,
                "\(context): column \(columnReference(column.name)) is \(column.type.name) but a bound is \(value.type?.name ?? "null")")
        }
        switch column.type {
        case .timestamp, .duration:
            exact = true
            for (index, bound) in bounds.enumerated() {
                guard let bound else { continue }
                guard bound.type == column.type, let value = bound.integerValue else { throw mismatch(bound) }
                if index == 0 { integerLow = value } else { integerHigh = value }
            }
        case .int:
            exact = bounds.allSatisfy { $0 == nil || $0?.type == .int }
            for (index, bound) in bounds.enumerated() {
                guard let bound else { continue }
                guard bound.type == .int || bound.type == .float else { throw mismatch(bound) }
                if index == 0 {
                    integerLow = bound.integerValue
                    low = bound.doubleValue
                } else {
                    integerHigh = bound.integerValue
                    high = bound.doubleValue
                }
            }
        case .float:
            exact = false
            for (index, bound) in bounds.enumerated() {
                guard let bound else { continue }
                guard let value = bound.doubleValue else { throw mismatch(bound) }
                if index == 0 { low = value } else { high = value }
            }
        case .bool, .string:
            throw StoreError(
                .typeMismatch,
                "\(context): between needs a number, timestamp or duration column, but \(columnReference(column.name)) is \(column.type.name)")
        }
    }

    /// Whether the non-null value in `row` lies within the bounds.
    @inline(__always) func contains(_ access: ColumnAccess, _ row: Int) -> Bool {
        if exact {
            let value = access.int64(row)
            if let integerLow, strictMin ? value <= integerLow : value < integerLow { return false }
            if let integerHigh, strictMax ? value >= integerHigh : value > integerHigh { return false }
            return true
        }
        let value = access.double(row)
        if let low, strictMin ? value <= low : value < low { return false }
        if let high, strictMax ? value >= high : value > high { return false }
        return true
    }
}

/// The values of an `in_set` check, sorted for binary search in the column's own representation.
struct ValueSet {
    var integers: [Int64] = []
    var floats: [Double] = []
    var strings: [[UInt8]] = []
    var bools: (hasFalse: Bool, hasTrue: Bool) = (false, false)

    init(_ values: [Scalar], column: Column, context: String) throws(StoreError) {
        for value in values where value != .null {
            let fits: Bool
            switch (column.type, value) {
            case (.int, .int(let v)), (.timestamp, .timestamp(let v)), (.duration, .duration(let v)):
                integers.append(v)
                fits = true
            case (.int, .float(let v)):
                if v.rounded() == v, let exact = Int64(exactly: v) { integers.append(exact) }
                fits = true
            case (.float, .int), (.float, .float):
                floats.append(value.doubleValue ?? .nan)
                fits = true
            case (.bool, .bool(let v)):
                if v { bools.hasTrue = true } else { bools.hasFalse = true }
                fits = true
            case (.string, .string(let v)):
                strings.append(Array(v.utf8))
                fits = true
            default:
                fits = false
            }
            if !fits {
                throw StoreError(
                    .typeMismatch,
                    "\(context): the value \(ValueText.render(value)) cannot occur in \(column.type.name) column \(columnReference(column.name))")
            }
        }
        integers.sort()
        floats.sort()
        strings = ByteOrder.sortedUnique(strings)
    }

    /// Whether the non-null value in `row` is in the set.
    func contains(_ access: ColumnAccess, _ row: Int) -> Bool {
        if access.ints != nil { return Self.search(integers, access.int64(row)) }
        if access.floats != nil { return Self.search(floats, access.double(row)) }
        if let bools = access.bools { return bools[row] != 0 ? self.bools.hasTrue : self.bools.hasFalse }
        return access.withBytes(row) { ByteOrder.find($0, in: strings) != nil }
    }

    /// Binary search in an ascending array.
    static func search<T: Comparable>(_ sorted: [T], _ value: T) -> Bool {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] == value { return true }
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return false
    }
}
