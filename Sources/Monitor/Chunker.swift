import Frame

/// What a size- or count-based chunker does with the rows left over after the last full chunk.
public enum IncompleteChunk: String, Sendable, Equatable, CaseIterable {
    /// The leftover rows form one smaller last chunk (NannyML's default).
    case keep
    /// The leftover rows join the last full chunk.
    case append
    /// The leftover rows are left out.
    case drop
}

/// Splits a frame into chunks the way NannyML's chunkers do.
///
/// With a timestamp column the rows are first sorted by it. NannyML sorts with pandas' unstable
/// quicksort (on the raw strings when the CSV held strings), so rows with equal timestamps may come
/// out in any order there; here the sort is stable and chronological, so ties keep frame order.
public struct Chunker: Sendable, Equatable {
    /// How the rows are grouped.
    public enum Strategy: Sendable, Equatable {
        /// Chunks of `size` rows: `[0, size)`, `[size, 2·size)`, ...; the remainder per `incomplete`.
        case size(Int, incomplete: IncompleteChunk)
        /// `count` chunks of `rows / count` rows (integer division), then as `size` (so 10003 rows
        /// in 10 chunks give 10 chunks of 1000 and a chunk of 3 with `keep`).
        case count(Int, incomplete: IncompleteChunk)
        /// One chunk per calendar period that holds rows; needs a timestamp column.
        case period(ChunkPeriod)
        /// NannyML's default chunker: `count(10, incomplete: .keep)`.
        case automatic
    }

    /// How the rows are grouped.
    public var strategy: Strategy
    /// The column to sort by and to take dates from (timestamp, or ISO 8601 strings); nil keeps the
    /// frame's row order and leaves dates empty.
    public var timestampColumn: String?

    /// A chunker with `strategy`, sorting by `timestampColumn` when given.
    public init(_ strategy: Strategy = .automatic, timestampColumn: String? = nil) {
        self.strategy = strategy
        self.timestampColumn = timestampColumn
    }

    /// Chunks of `size` rows (NannyML's `chunk_size`).
    public static func size(_ size: Int, incomplete: IncompleteChunk = .keep, timestampColumn: String? = nil) -> Chunker {
        Chunker(.size(size, incomplete: incomplete), timestampColumn: timestampColumn)
    }

    /// `count` chunks of equal size (NannyML's `chunk_number`).
    public static func count(_ count: Int, incomplete: IncompleteChunk = .keep, timestampColumn: String? = nil) -> Chunker {
        Chunker(.count(count, incomplete: incomplete), timestampColumn: timestampColumn)
    }

    /// One chunk per `period` of `timestampColumn` (NannyML's `chunk_period`).
    public static func period(_ period: ChunkPeriod, timestampColumn: String) -> Chunker {
        Chunker(.period(period), timestampColumn: timestampColumn)
    }

    /// Checks the arguments alone, before any data is seen.
    public func validate() throws(MonitorError) {
        switch strategy {
        case .size(let size, _) where size <= 0:
            throw MonitorError(.invalidArgument, "the chunk size must be 1 or more, found \(size)")
        case .count(let count, _) where count <= 0:
            throw MonitorError(.invalidArgument, "the number of chunks must be 1 or more, found \(count)")
        case .period where timestampColumn == nil:
            throw MonitorError(.invalidArgument, "period-based chunking needs a timestamp column")
        default: return
        }
    }

    /// Splits `frame` into chunks; an empty frame, or fewer rows than chunks asked for, is an error.
    public func split(_ frame: DataFrame) throws(MonitorError) -> ChunkedRows {
        try validate()
        let n = frame.height
        if n == 0 { throw MonitorError(.tooFewRows, "the data has no rows") }
        var timestamps: [Int64]? = nil
        var order: [Int]? = nil
        if let name = timestampColumn {
            let values = try Chunker.timestamps(frame, name)
            order = Chunker.sortedOrder(values)
            timestamps = values
        }
        let rowCount = n
        func date(_ position: Int) -> Int64? {
            guard let timestamps else { return nil }
            return timestamps[order.map { $0[position] } ?? position]
        }
        switch strategy {
        case .period(let period):
            guard let timestamps else { throw MonitorError(.invalidArgument, "period-based chunking needs a timestamp column") }
            return ChunkedRows(
                order: order, chunks: Chunker.periodChunks(period, timestamps, order, n), rowCount: rowCount)
        case .size(let size, let incomplete):
            return ChunkedRows(order: order, chunks: try Chunker.sizeChunks(size, incomplete, n, date), rowCount: rowCount)
        case .count(let count, let incomplete):
            if n < count {
                throw MonitorError(.tooFewRows, "the data has \(n) rows, fewer than the \(count) chunks asked for")
            }
            return ChunkedRows(
                order: order, chunks: try Chunker.sizeChunks(n / count, incomplete, n, date), rowCount: rowCount)
        case .automatic:
            if n < 10 {
                throw MonitorError(.tooFewRows, "the data has \(n) rows, fewer than the 10 chunks of the default chunker")
            }
            return ChunkedRows(order: order, chunks: try Chunker.sizeChunks(n / 10, .keep, n, date), rowCount: rowCount)
        }
    }

    /// Splits a reference set, which must fill at least one chunk (thresholds come from its chunks).
    func splitReference(_ frame: DataFrame) throws(MonitorError) -> ChunkedRows {
        if case .size(let size, _) = strategy, size > 0, frame.height < size {
            throw MonitorError(
                .tooFewRows, "the reference data has \(frame.height) rows, fewer than one chunk of \(size)")
        }
        let chunked = try split(frame)
        if chunked.chunks.isEmpty {
            throw MonitorError(.tooFewRows, "the reference data gives no chunk")
        }
        return chunked
    }

    /// NannyML's SizeBasedChunker over positions `0..<n`.
    static func sizeChunks(
        _ size: Int, _ incomplete: IncompleteChunk, _ n: Int, _ date: (Int) -> Int64?
    ) throws(MonitorError) -> [Chunk] {
        var bounds: [Range<Int>] = []
        let full = n / size
        bounds.reserveCapacity(full + 1)
        for i in 0..<full { bounds.append(i * size..<(i + 1) * size) }
        if n % size != 0 {
            switch incomplete {
            case .keep: bounds.append(full * size..<n)
            case .drop: break
            case .append:
                guard let last = bounds.popLast() else {
                    throw MonitorError(
                        .tooFewRows, "the data has \(n) rows, fewer than one chunk of \(size) to append the rest to")
                }
                bounds.append(last.lowerBound..<n)
            }
        }
        return bounds.enumerated().map { index, rows in
            Chunk(
                key: "[\(rows.lowerBound):\(rows.upperBound - 1)]", index: index, startIndex: rows.lowerBound,
                endIndex: rows.upperBound - 1, startDate: date(rows.lowerBound), endDate: date(rows.upperBound - 1),
                rows: rows)
        }
    }

    /// One chunk per period that holds rows, in time order (the rows are sorted, so each period is
    /// one run of positions).
    static func periodChunks(_ period: ChunkPeriod, _ timestamps: [Int64], _ order: [Int]?, _ n: Int) -> [Chunk] {
        var chunks: [Chunk] = []
        var runStart = 0
        var periodStart = period.start(of: timestamps[order?[0] ?? 0])
        var periodEnd = period.next(after: periodStart)
        for position in 1...n {
            if position < n {
                let value = timestamps[order?[position] ?? position]
                if value < periodEnd { continue }
            }
            chunks.append(
                Chunk(
                    key: period.key(start: periodStart), index: chunks.count, startIndex: runStart,
                    endIndex: position - 1, startDate: periodStart, endDate: periodEnd == Int64.max ? periodEnd : periodEnd - 1,
                    rows: runStart..<position))
            if position < n {
                runStart = position
                periodStart = period.start(of: timestamps[order?[position] ?? position])
                periodEnd = period.next(after: periodStart)
            }
        }
        return chunks
    }

    /// Timestamps are kept within ±2^62 µs (about ±146,000 years) so calendar arithmetic cannot overflow.
    static let timestampLimit: Int64 = 1 << 62

    /// The timestamp column as microseconds; strings are parsed as ISO 8601; nulls are errors.
    static func timestamps(_ frame: DataFrame, _ name: String) throws(MonitorError) -> [Int64] {
        guard let column = frame.column(named: name) else {
            throw MonitorError.missing(name, role: "the timestamp column", in: frame)
        }
        if column.nullCount > 0 {
            throw MonitorError(
                .nullValues, "timestamp column '\(name)' has \(column.nullCount) null values", column: name)
        }
        var values: [Int64]
        switch column.type {
        case .timestamp:
            guard let buffer = column.int64Values else {
                throw MonitorError(.wrongType, "timestamp column '\(name)' has no timestamp values", column: name)
            }
            values = buffer.array
        case .string:
            guard let strings = column.stringValues else {
                throw MonitorError(.wrongType, "timestamp column '\(name)' has no string values", column: name)
            }
            values = [Int64](repeating: 0, count: column.count)
            let parsed: Int? = strings.bytes.withUnsafeBufferPointer { bytes in
                strings.offsets.withUnsafeBufferPointer { offsets in
                    for row in 0..<column.count {
                        let start = Int(offsets[row])
                        let length = Int(offsets[row + 1]) - start
                        guard let base = bytes.baseAddress,
                            let value = TimestampParsing.parse(base + start, length)
                        else { return row }
                        values[row] = value
                    }
                    return nil
                }
            }
            if let row = parsed {
                throw MonitorError(
                    .wrongType,
                    "timestamp column '\(name)' row \(row): '\(strings.string(at: row))' is not a timestamp", column: name)
            }
        default:
            throw MonitorError(
                .wrongType, "timestamp column '\(name)' is \(column.type.name), expected timestamp or string", column: name)
        }
        for value in values where value > timestampLimit || value < -timestampLimit {
            throw MonitorError(.outOfRange, "timestamp column '\(name)' holds a timestamp out of range", column: name)
        }
        return values
    }

    /// The stable ascending order of `values`, or nil when they are already sorted.
    static func sortedOrder(_ values: [Int64]) -> [Int]? {
        var sorted = true
        for i in 1..<max(1, values.count) where values[i] < values[i - 1] {
            sorted = false
            break
        }
        if sorted { return nil }
        var order = Array(0..<values.count)
        values.withUnsafeBufferPointer { keys in
            order.sort { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
        }
        return order
    }
}
