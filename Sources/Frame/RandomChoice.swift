/// `random_choice(v₁ … vₙ, w₁ … wₙ, stream)`: each row takes value i with probability wᵢ / Σw.
///
/// The row's first uniform u picks the first i whose cumulative weight exceeds u·Σw (a binary
/// search), so a zero weight is never picked. Strings come out dictionary-encoded (the values are
/// the dictionary), other types as plain columns; a null among the values gives null rows.
enum RandomChoice {
    static func column(key: UInt64, _ parameters: [Operand], count: Int, name: String) throws(FrameError) -> Column {
        let function = RandomDistribution.choice.rawValue
        guard parameters.count >= 2, parameters.count % 2 == 0 else {
            throw FrameError(.invalidArgument, "\(function) expects values and one weight per value, found \(parameters.count) arguments")
        }
        let n = parameters.count / 2
        var scalars: [Scalar] = []
        scalars.reserveCapacity(n)
        for parameter in parameters[0..<n] {
            guard case .scalar(let value) = parameter else {
                throw FrameError(.invalidArgument, "\(function)'s values must be constants, found a column")
            }
            scalars.append(value)
        }
        if parameters[n...].contains(where: { if case .column = $0 { return true } else { return false } }) {
            let table: Column
            do throws(FrameError) {
                table = try Column(name: name, scalars: scalars)
            } catch {
                throw FrameError(.typeMismatch, "\(function)'s values must share one type (ints and floats mix): \(error.message)")
            }
            return try columnWithRowWeights(key: key, table: table, weights: Array(parameters[n...]), count: count, name: name)
        }
        let cumulative = ColumnBuffer<Double>(uninitializedCount: n)
        var total = 0.0
        var lastPositive = 0
        for (index, parameter) in parameters[n...].enumerated() {
            let weight: Double
            switch parameter {
            case .scalar(.int(let value)): weight = Double(value)
            case .scalar(.float(let value)): weight = value
            default:
                throw FrameError(.invalidArgument, "\(function)'s weights must be numbers, found \(parameter.typeName)")
            }
            guard weight.isFinite && weight >= 0 else {
                throw FrameError(.invalidArgument, "\(function)'s weights must be ≥ 0, found \(RandomColumns.text(weight))")
            }
            if weight > 0 { lastPositive = index }
            total += weight
            cumulative.base[index] = total
        }
        guard total > 0 && total.isFinite else {
            throw FrameError(.invalidArgument, "\(function)'s weights must not all be zero")
        }
        let table: Column
        do throws(FrameError) {
            table = try Column(name: name, scalars: scalars)
        } catch {
            throw FrameError(.typeMismatch, "\(function)'s values must share one type (ints and floats mix): \(error.message)")
        }
        let codes = pick(key: key, cumulative: cumulative, total: total, fallback: UInt32(lastPositive), count: count)
        return assemble(table, codes, name: name)
    }

    /// One index per row into the values.
    static func pick(key: UInt64, cumulative: ColumnBuffer<Double>, total: Double, fallback: UInt32, count: Int) -> ColumnBuffer<UInt32> {
        let codes = ColumnBuffer<UInt32>(uninitializedCount: count)
        let n = cumulative.count
        let parts = RowRanges.count(for: count)
        let shared = UncheckedSendable((codes.base, UnsafePointer(cumulative.base)))
        withExtendedLifetime((codes, cumulative)) {
            ParallelWork.run(parts) { part in
                let (output, sums) = shared.value
                for row in RowRanges.range(part, of: parts, rows: count) {
                    let u = RandomStream.unit(RandomStream.bits(seed: RandomStream.rowSeed(key: key, row: row), draw: 0))
                    let target = u * total
                    var low = 0
                    var high = n
                    while low < high {
                        let middle = (low &+ high) &>> 1
                        if target < sums[middle] { high = middle } else { low = middle &+ 1 }
                    }
                    // u·Σw can round up to Σw itself; that belongs to the last value with weight.
                    output[row] = low < n ? UInt32(truncatingIfNeeded: low) : fallback
                }
            }
        }
        return codes
    }

    /// The chosen values: a lookup per row into the table (a dictionary column for strings).
    static func assemble(_ table: Column, _ codes: ColumnBuffer<UInt32>, name: String) -> Column {
        let count = codes.count
        var validity: Bitmap? = nil
        if table.validity != nil {
            var builder = BitmapBuilder(count: count)
            for row in 0..<count where table.isNull(Int(codes.base[row])) { builder.setNull(row) }
            validity = builder.finish()
        }
        let storage: ColumnStorage
        switch table.storage {
        case .int64(let values): storage = .int64(lookup(values, codes))
        case .float64(let values): storage = .float64(lookup(values, codes))
        case .bool(let values): storage = .bool(lookup(values, codes))
        case .utf8, .dictionary:
            storage = .dictionary(dictionary(table, codes))
        }
        return Column(name: name, type: table.type, count: count, storage: storage, validity: validity)
    }

    static func lookup<T>(_ table: ColumnBuffer<T>, _ codes: ColumnBuffer<UInt32>) -> ColumnBuffer<T> {
        let out = ColumnBuffer<T>(uninitializedCount: codes.count)
        for row in 0..<codes.count { out.base[row] = table.base[Int(codes.base[row])] }
        return out
    }

    /// The distinct strings of the table (first occurrence order) and each row's code into them;
    /// a value listed twice is one entry, and a null value maps to entry 0 (its rows are null).
    static func dictionary(_ table: Column, _ codes: ColumnBuffer<UInt32>) -> DictionaryStrings {
        var builder = StringColumnBuilder(expectedCount: table.count)
        var positions: [String: UInt32] = [:]
        var remap = [UInt32](repeating: 0, count: table.count)
        for index in 0..<table.count where !table.isNull(index) {
            guard case .string(let text) = table.scalar(at: index) else { continue }
            if let known = positions[text] {
                remap[index] = known
            } else {
                let position = UInt32(truncatingIfNeeded: builder.count)
                positions[text] = position
                builder.append(text)
                remap[index] = position
            }
        }
        if builder.count == 0 { builder.append("") }
        let values = builder.finish(name: table.name).stringValues ?? StringStorage(
            offsets: ColumnBuffer(repeating: 0, count: 1), bytes: ColumnBuffer(uninitializedCount: 0))
        let out = ColumnBuffer<UInt32>(uninitializedCount: codes.count)
        remap.withUnsafeBufferPointer { remap in
            for row in 0..<codes.count { out.base[row] = remap[Int(codes.base[row])] }
        }
        return DictionaryStrings(codes: out, values: values)
    }
}
