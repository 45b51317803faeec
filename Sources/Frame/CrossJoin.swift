/// The cross join (Cartesian product) of two frames.
extension DataFrame {
    /// The most rows a cross join may produce: beyond this a typo (joining the wrong frames) would
    /// exhaust memory rather than produce a useful answer.
    public static let maximumCrossJoinRows = 500_000_000

    /// Every left row paired with every right row, left-major: left row i with right rows 0, 1, …
    /// in right order, then left row i + 1. Columns: the left ones, then the right ones, a name the
    /// left already has getting `suffix`. Throws when the product exceeds `maximumCrossJoinRows`.
    public func crossJoin(_ right: DataFrame, suffix: String = "_right") throws(FrameError) -> DataFrame {
        let (rows, overflow) = height.multipliedReportingOverflow(by: right.height)
        guard !overflow && rows <= Self.maximumCrossJoinRows else {
            let product = overflow ? "more than \(Int.max)" : "\(rows)"
            throw FrameError(
                .invalidArgument,
                "cross join of \(height) × \(right.height) rows would give \(product) rows (at most \(Self.maximumCrossJoinRows))",
                hint: "filter or sample the frames first")
        }
        // Text is copied once per output row: refuse a total that overflows or passes 512 GiB.
        for (side, times) in [(self, right.height), (right, height)] {
            for column in side.columns {
                guard case .utf8(let strings) = column.storage else { continue }
                let (bytes, tooMany) = Int(strings.offsets[column.count] &- strings.offsets[0]).multipliedReportingOverflow(by: times)
                if tooMany || bytes > Int(Int32.max) << 8 {
                    throw FrameError(
                        .invalidArgument, "cross join would copy more text from \(columnReference(column.name)) than fits in memory",
                        column: column.name,
                        hint: "filter or sample the frames first")
                }
            }
        }
        let layout = try JoinLayout(left: self, right: right, leftOn: [], rightOn: [], how: .inner, suffix: suffix)
        var output: [Column] = []
        output.reserveCapacity(layout.columns.count)
        for (source, name) in layout.columns {
            switch source {
            case .left(let index, _): output.append(columns[index].repeatingEach(right.height).renamed(name))
            case .right(let index): output.append(right.columns[index].tiled(height).renamed(name))
            }
        }
        return DataFrame(unchecked: output, height: rows)
    }
}

extension Column {
    /// Each row repeated `times` times in place: a, a, b, b for two.
    public func repeatingEach(_ times: Int) -> Column {
        let times = max(0, times)
        let n = count * times
        var builder = BitmapBuilder(count: n)
        if let validity {
            for row in 0..<count where !validity.isValid(row) {
                for copy in 0..<times { builder.setNull(row &* times &+ copy) }
            }
        }
        let newStorage: ColumnStorage
        switch storage {
        case .int64(let values): newStorage = .int64(Column.repeatEach(values, times))
        case .float64(let values): newStorage = .float64(Column.repeatEach(values, times))
        case .bool(let values): newStorage = .bool(Column.repeatEach(values, times))
        case .dictionary(let strings):
            newStorage = .dictionary(DictionaryStrings(codes: Column.repeatEach(strings.codes, times), values: strings.values))
        case .utf8(let strings):
            let offsets = ColumnBuffer<Int64>(uninitializedCount: n + 1)
            offsets.base[0] = 0
            let bytes = ColumnBuffer<UInt8>(uninitializedCount: Int(strings.offsets.base[count] &- strings.offsets.base[0]) * times)
            var written: Int64 = 0
            for row in 0..<count {
                let start = Int(strings.offsets.base[row])
                let length = Int(strings.offsets.base[row + 1]) - start
                for copy in 0..<times {
                    (bytes.base + Int(written)).update(from: strings.bytes.base + start, count: length)
                    written &+= Int64(length)
                    offsets.base[row &* times &+ copy &+ 1] = written
                }
            }
            newStorage = .utf8(StringStorage(offsets: offsets, bytes: bytes))
        }
        return Column(name: name, type: type, count: n, storage: newStorage, validity: builder.finish())
    }

    /// The whole column repeated `times` times: a, b, a, b for two.
    public func tiled(_ times: Int) -> Column {
        let times = max(0, times)
        let n = count * times
        var builder = BitmapBuilder(count: n)
        if let validity {
            var nullRows: [Int] = []
            nullRows.reserveCapacity(validity.nullCount)
            for row in 0..<count where !validity.isValid(row) { nullRows.append(row) }
            for copy in 0..<times {
                for row in nullRows { builder.setNull(copy &* count &+ row) }
            }
        }
        let newStorage: ColumnStorage
        switch storage {
        case .int64(let values): newStorage = .int64(Column.tile(values, times))
        case .float64(let values): newStorage = .float64(Column.tile(values, times))
        case .bool(let values): newStorage = .bool(Column.tile(values, times))
        case .dictionary(let strings):
            newStorage = .dictionary(DictionaryStrings(codes: Column.tile(strings.codes, times), values: strings.values))
        case .utf8(let strings):
            let byteCount = Int(strings.offsets.base[count])
            let offsets = ColumnBuffer<Int64>(uninitializedCount: n + 1)
            offsets.base[0] = 0
            let bytes = ColumnBuffer<UInt8>(uninitializedCount: byteCount * times)
            for copy in 0..<times {
                (bytes.base + copy &* byteCount).update(from: strings.bytes.base, count: byteCount)
                let shift = Int64(copy &* byteCount)
                for row in 0..<count { offsets.base[copy &* count &+ row &+ 1] = strings.offsets.base[row + 1] &+ shift }
            }
            newStorage = .utf8(StringStorage(offsets: offsets, bytes: bytes))
        }
        return Column(name: name, type: type, count: n, storage: newStorage, validity: builder.finish())
    }

    static func repeatEach<T>(_ source: ColumnBuffer<T>, _ times: Int) -> ColumnBuffer<T> {
        let out = ColumnBuffer<T>(uninitializedCount: source.count * times)
        for row in 0..<source.count { (out.base + row &* times).initialize(repeating: source.base[row], count: times) }
        return out
    }

    static func tile<T>(_ source: ColumnBuffer<T>, _ times: Int) -> ColumnBuffer<T> {
        let out = ColumnBuffer<T>(uninitializedCount: source.count * times)
        for copy in 0..<times { (out.base + copy &* source.count).update(from: source.base, count: source.count) }
        return out
    }
}
