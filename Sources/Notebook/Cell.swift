/// One `fti` code cell of a notebook and the record (output/error fences) found after it.
public struct Cell: Sendable, Equatable {
    /// 1-based position among the notebook's fti cells.
    public var number: Int
    /// 1-based line of the cell's opening fence.
    public var line: Int
    /// The code, with the fence's indentation removed; lines joined by "\n", no final newline.
    public var source: String
    /// Options from the info string after `fti`.
    public var options: CellOptions
    /// Content of the `output` fence of the record, or nil when there is none.
    public var recordedOutput: String?
    /// Content of the `error` fence of the record, or nil when there is none.
    public var recordedError: String?
    /// 1-based line of the `output` fence's opening, when recorded.
    public var outputLine: Int?
    /// 1-based line of the `error` fence's opening, when recorded.
    public var errorLine: Int?

    /// Byte offset just past the cell's closing fence line (where a new record is inserted).
    var recordInsertionOffset: Int
    /// Leading spaces of the cell's opening fence, reused for inserted record fences.
    var indentation: Int
    /// Where the recorded output fence sits in the file, when there is one.
    var outputFence: RecordFence?
    /// Where the recorded error fence sits in the file, when there is one.
    var errorFence: RecordFence?
}

/// The byte range of one record fence (opening line through closing line) inside the file.
struct RecordFence: Sendable, Equatable {
    /// Offset of the first byte of the opening fence line.
    var start: Int
    /// Offset just past the closing fence line, including its line ending when present.
    var end: Int
    /// Whether the closing line ends with a line break (false only at end of file).
    var endsWithLineBreak: Bool
    /// Leading spaces of the opening fence, kept when the fence is rewritten.
    var indentation: Int
}
