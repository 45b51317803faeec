/// One chunk of a data set: the unit every drift value, estimate and threshold is computed on.
///
/// Indices and dates follow NannyML: `startIndex`/`endIndex` are the first and last row positions
/// (inclusive) after the frame was sorted by its timestamp column, if any; the dates are the first
/// and last timestamps in the chunk for size- and count-based chunking, and the period's bounds
/// for period-based chunking (nil without a timestamp column).
public struct Chunk: Sendable, Equatable {
    /// NannyML's key: `"[start:end]"` for size- and count-based chunks, the period (`2018-01`,
    /// `2018-01-01/2018-01-07`, ...) for period-based ones.
    public let key: String
    /// Position in its chunk list, from 0 (reference and analysis each start at 0).
    public let index: Int
    /// First row position of the chunk (in timestamp order when there is a timestamp column).
    public let startIndex: Int
    /// Last row position of the chunk, inclusive.
    public let endIndex: Int
    /// Start of the chunk in microseconds since the epoch (UTC), or nil without timestamps.
    public let startDate: Int64?
    /// End of the chunk in microseconds since the epoch (UTC), or nil without timestamps.
    public let endDate: Int64?
    /// The chunk's rows as positions into `ChunkedRows.order` (chunks are always contiguous there).
    public let rows: Range<Int>

    /// A chunk with every field given.
    public init(
        key: String, index: Int, startIndex: Int, endIndex: Int, startDate: Int64?, endDate: Int64?, rows: Range<Int>
    ) {
        self.key = key
        self.index = index
        self.startIndex = startIndex
        self.endIndex = endIndex
        self.startDate = startDate
        self.endDate = endDate
        self.rows = rows
    }

    /// Number of rows in the chunk.
    public var count: Int { rows.count }
}

/// A frame cut into chunks: the row order the chunker worked in and the chunks over it.
public struct ChunkedRows: Sendable, Equatable {
    /// `order[i]` is the frame row at position `i` (sorted by timestamp); nil when the frame's own
    /// order was kept.
    public let order: [Int]?
    /// The chunks, in order; their `rows` index positions in `order`.
    public let chunks: [Chunk]
    /// Number of rows in the frame that was split.
    public let rowCount: Int

    /// The chunks over `order` (nil for the identity) of a frame of `rowCount` rows.
    public init(order: [Int]?, chunks: [Chunk], rowCount: Int) {
        self.order = order
        self.chunks = chunks
        self.rowCount = rowCount
    }

    /// The frame rows of `chunk`, in chunk order.
    public func frameRows(of chunk: Chunk) -> [Int] {
        guard let order else { return Array(chunk.rows) }
        return Array(order[chunk.rows])
    }
}
