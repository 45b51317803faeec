/// What a chunk has learnt about one column's values so far.
///
/// Inference moves one way: undetermined (only nulls seen) → the first value's type; int → float
/// when a float appears; any other change would need the text of earlier rows, so the column is
/// marked `rescan` and parsed again from the input after the main pass (rare by design).
enum CSVKind: UInt8 {
    case undetermined, int, float, bool, timestamp, string, rescan

    /// The logical type of a column that ends in this kind.
    var dataType: DataType {
        switch self {
        case .int: .int
        case .float: .float
        case .bool: .bool
        case .timestamp: .timestamp
        case .undetermined, .string, .rescan: .string
        }
    }

    /// The kind a given (overridden) type is parsed as.
    static func parsing(_ type: DataType) -> CSVKind? {
        switch type {
        case .int: .int
        case .float: .float
        case .bool: .bool
        case .timestamp: .timestamp
        case .string: .string
        case .duration: nil
        }
    }
}

/// One column as one chunk sees it: its kind and where this chunk's rows of it go.
///
/// Fixed-width values (int, float, timestamp, bool) go to 8-byte `slots`; strings to 4-byte
/// `codes` into the chunk's dictionary while it stays small (`CSVChunkDictionary`), else to
/// `offsets` (the end offset of each row, relative to this chunk's own `bytes`). `slots`, `codes`
/// and `offsets` point at this chunk's first row inside buffers shared by all chunks, so rows are
/// written in place.
struct CSVChunkColumn {
    var kind: CSVKind
    /// A type given by the caller: values that do not parse are errors, never a change of kind.
    let isFixed: Bool
    var slots: UnsafeMutablePointer<UInt64>
    var offsets: UnsafeMutablePointer<Int64>
    var codes: UnsafeMutablePointer<UInt32>
    /// Whether `codes` is a real buffer (columns that may hold strings), so strings may be codes.
    let hasCodes: Bool
    /// True while this chunk keeps the column's strings as codes into `dictionary`.
    var isDictionary = false
    var dictionary = CSVChunkDictionary()
    /// This chunk's string bytes, allocated when the column turns out to hold strings.
    var bytesBlock: RawAllocation? = nil
    var bytes: UnsafeMutablePointer<UInt8>
    var bytesCapacity = 0
    var bytesUsed = 0
    /// The string bytes are not valid UTF-8 (checked once per chunk, after the parse).
    var invalidUTF8 = false
    /// Null bits (1 = null) by chunk-local row, allocated at the first null.
    var nulls: RawAllocation? = nil
    var nullCount = 0
    /// An int column held "-0", which a later promotion to float would turn into +0.
    var sawNegativeZero = false
    /// A quoted empty field was taken as null, which a string column would keep as "".
    var sawQuotedEmpty = false
}

/// Parses the records of one byte range of the input into typed columns, with fast paths for
/// unquoted ints, floats and strings and a general path (`CSVChunkFields.swift`) for the rest.
///
/// A chunk that does not start at the input's first record starts at a guessed record boundary;
/// the caller checks that the chunk before it ended exactly there (see `CSVChunkedParse`).
struct CSVChunk {
    let input: CSVInput
    let base: UnsafePointer<UInt8>
    /// End of the whole input (the general path may read past `stop` to finish a record).
    let end: Int
    let delimiter: UInt8
    let width: Int
    let tokens: NullTokens
    /// False when a null token or the delimiter could be mistaken for part of a number.
    let fastNumbers: Bool
    let start: Int
    /// Records are parsed while they start before this offset.
    let stop: Int
    /// At most this many rows; reaching it is the end for a row limit, an overflow otherwise.
    let rowCapacity: Int
    let isLimit: Bool
    let columns: UnsafeMutablePointer<CSVChunkColumn>
    /// Column names, for error messages.
    let columnNames: [String]
    /// The tables of powers of ten, fetched once (a static's lazy-init check per record would show).
    let powers = UnsafePointer(CSVChunk.powersOfTen)
    let integerPowers = UnsafePointer(CSVChunk.powersOfTenIntegers)

    /// Rows parsed, where the parse is (at the end: where the last record ended), and what went wrong.
    var rows = 0
    var position = 0
    var overflowed = false
    var error: FrameError? = nil
    /// Parsed pages of a mapped file before `discarded` are dropped; the next drop is due at `nextDiscard`.
    var discarded = 0
    var nextDiscard = 0

    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let quote = UInt8(ascii: "\"")
    /// Parsed pages of a mapped file are dropped behind the cursor every this many bytes.
    static let discardStep = 4 << 20
    /// Exact powers of ten 10^0 … 10^22, in memory that lives as long as the process.
    nonisolated(unsafe) static let powersOfTen: UnsafeMutablePointer<Double> = {
        let table = UnsafeMutablePointer<Double>.allocate(capacity: 23)
        var value = 1.0
        for index in 0..<23 {
            table[index] = value
            value *= 10
        }
        return table
    }()

    /// Parses the range, then checks its strings' UTF-8; errors are kept in `error`.
    mutating func parse() {
        begin()
        do {
            while try step() {}
        } catch {
            self.error = error
        }
        finish()
    }

    private mutating func begin() {
        position = start
        discarded = start
        nextDiscard = start + CSVChunk.discardStep
    }

    /// Drops the rest of the range's file pages, gives back the unused tail of each string region
    /// (it was reserved as large as the range), and checks the strings' UTF-8.
    private mutating func finish() {
        input.discard(from: discarded, to: position)
        if error != nil { return }
        for column in 0..<width where columns[column].kind == .string {
            let state = columns + column
            if let block = state.pointee.bytesBlock {
                let kept = Memory.shrink(block, to: state.pointee.bytesUsed + 16)
                state.pointee.bytesBlock = kept
                state.pointee.bytes = kept.address.assumingMemoryBound(to: UInt8.self)
                state.pointee.bytesCapacity = state.pointee.bytesUsed
            }
            if state.pointee.isDictionary, let starts = state.pointee.dictionary.starts {
                // Entries are checked once each (entry e ends where entry e + 1 starts).
                state.pointee.invalidUTF8 = !CSVChunk.isValidUTF8(
                    state.pointee.bytes, count: state.pointee.bytesUsed, offsets: starts + 1,
                    rows: state.pointee.dictionary.count)
                continue
            }
            state.pointee.invalidUTF8 = !CSVChunk.isValidUTF8(
                state.pointee.bytes, count: state.pointee.bytesUsed, offsets: state.pointee.offsets, rows: rows)
        }
    }

    /// Skips blank lines and parses one record; false when the range (or the row capacity) is done.
    @inline(__always)
    mutating func step() throws(FrameError) -> Bool {
        var p = position
        defer { position = p }
        while p < stop {
            let first = base[p]
            if first == CSVChunk.lineFeed {
                p &+= 1
                continue
            }
            if first == CSVChunk.carriageReturn && (p + 1 == end || base[p + 1] == CSVChunk.lineFeed) {
                p = min(end, p + 2)
                continue
            }
            if rows == rowCapacity {
                if !isLimit { overflowed = true }
                return false
            }
            let recordStart = p
            p = try parseRecord(at: p, row: rows)
            if overflowed { return false }
            rows &+= 1
            if p >= nextDiscard {
                input.discard(from: discarded, to: recordStart)
                discarded = recordStart
                nextDiscard = p + CSVChunk.discardStep
            }
            return true
        }
        return false
    }

    /// Gives this chunk's column a byte region for strings, as large as the chunk's bytes (+ slack):
    /// a fresh mapping, as most of it stays unwritten and is cut off when the chunk is done; on
    /// huge pages only when large (there the faults cost more than a partly used 2 MiB page).
    mutating func allocateBytes(_ state: UnsafeMutablePointer<CSVChunkColumn>) {
        guard state.pointee.bytesBlock == nil else { return }
        let capacity = stop - start + 16
        let block = Memory.allocateFresh(byteCount: capacity + 16, hugePages: capacity >= 16 << 20)
        state.pointee.bytesBlock = block
        state.pointee.bytes = block.address.assumingMemoryBound(to: UInt8.self)
        state.pointee.bytesCapacity = capacity
    }

    /// True when the rows' bytes, back to back, are UTF-8 and no row starts inside a character
    /// (so every row on its own is UTF-8). ASCII, the common case, is checked 32 bytes at a time.
    static func isValidUTF8(
        _ bytes: UnsafePointer<UInt8>, count: Int, offsets: UnsafePointer<Int64>, rows: Int
    ) -> Bool {
        var index = 0
        while index + 32 <= count {
            let words = UnsafeRawPointer(bytes + index)
            let merged = words.loadUnaligned(as: UInt64.self) | words.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                | words.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
                | words.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
            if merged & 0x8080_8080_8080_8080 != 0 { break }
            index += 32
        }
        if index + 32 > count {
            var tail = index
            while tail < count && bytes[tail] < 0x80 { tail += 1 }
            if tail == count { return true }
        }
        if !UTF8Validation.isValid(bytes, count) { return false }
        // offsets[row] is the end of row `row`, so the start of row r + 1.
        for row in 0..<rows where offsets[row] < Int64(count) && bytes[Int(offsets[row])] & 0xC0 == 0x80 {
            return false
        }
        return true
    }

    /// Parses the record at `p` into row `row`; returns where the next record starts.
    @inline(__always)
    private mutating func parseRecord(at start: Int, row: Int) throws(FrameError) -> Int {
        let base = self.base
        let end = self.end
        let delimiter = self.delimiter
        let lastColumn = width - 1
        let powers = self.powers
        let integerPowers = self.integerPowers
        let tokenLengths = tokens.lengthMask
        let fast = fastNumbers
        let delimiters = 0x0101_0101_0101_0101 &* UInt64(delimiter)
        var p = start
        let recordStart = start
        var column = 0
        while column < width {
            let state = columns + column
            let last = column == lastColumn
            switch state.pointee.kind {
            case .int where fast:
                var q = p
                let negative = base[q] == UInt8(ascii: "-")
                if negative { q &+= 1 }
                var value: UInt64 = 0
                let digits = CSVChunk.digits(base, &q, into: &value, powers: integerPowers)
                if digits > 0 && digits <= 18 {
                    let next = CSVChunk.fieldEnd(base, q, end: end, last: last, delimiter: delimiter)
                    if next >= 0 {
                        if negative && value == 0 { state.pointee.sawNegativeZero = true }
                        let signed = negative ? 0 &- Int64(value) : Int64(value)
                        state.pointee.slots[row] = UInt64(bitPattern: signed)
                        p = next
                        column &+= 1
                        continue
                    }
                }
            case .float where fast:
                var q = p
                let negative = base[q] == UInt8(ascii: "-")
                if negative { q &+= 1 }
                var mantissa: UInt64 = 0
                var digits = CSVChunk.digits(base, &q, into: &mantissa, powers: integerPowers)
                var fraction = 0
                if base[q] == UInt8(ascii: ".") {
                    q &+= 1
                    fraction = CSVChunk.digits(base, &q, into: &mantissa, powers: integerPowers)
                    digits &+= fraction
                }
                // Clinger's fast path: both operands exact, so one IEEE division rounds correctly.
                if digits > 0 && digits <= 19 && mantissa <= (1 << 53) {
                    let next = CSVChunk.fieldEnd(base, q, end: end, last: last, delimiter: delimiter)
                    if next >= 0 {
                        let magnitude = Double(mantissa) / powers[fraction]
                        state.pointee.slots[row] = (negative ? -magnitude : magnitude).bitPattern
                        p = next
                        column &+= 1
                        continue
                    }
                }
            case .string:
                if base[p] == CSVChunk.quote { break }
                let q = CSVChunk.scanToTerminator(base, from: p, delimiters: delimiters)
                if base[q] == 0 && q < end { break }  // a NUL inside the data: the general path
                var next = -1
                var length = q &- p
                if last {
                    if q >= end || base[q] == CSVChunk.lineFeed {
                        next = q >= end ? end : q &+ 1
                        if length > 0 && base[q &- 1] == CSVChunk.carriageReturn { length &-= 1 }
                    }
                } else if q < end && base[q] == delimiter {
                    next = q &+ 1
                }
                if next < 0 { break }
                if length == 0
                    || (length < 64 && (tokenLengths >> UInt64(length)) & 1 == 1 && tokens.matches(base, p, length))
                {
                    CSVChunk.storeNullString(state, row: row, capacity: rowCapacity)
                } else {
                    storeString(state, base + p, length, row: row)
                    if overflowed { return p }
                }
                p = next
                column &+= 1
                continue
            default:
                break
            }
            p = try generalField(state, column: column, at: p, row: row, recordStart: recordStart)
            if overflowed { return p }
            column &+= 1
        }
        return p
    }

    /// Where the next field starts if a field's text ends at `q` with the right terminator (the
    /// delimiter, or a line end for the last field), or -1 so the general path can decide.
    @inline(__always)
    static func fieldEnd(_ base: UnsafePointer<UInt8>, _ q: Int, end: Int, last: Bool, delimiter: UInt8) -> Int {
        let byte = base[q]
        if !last { return byte == delimiter ? q &+ 1 : -1 }
        if byte == lineFeed { return q &+ 1 }
        if byte == carriageReturn && base[q &+ 1] == lineFeed { return q &+ 2 }
        return q >= end ? end : -1
    }

    /// Reads a run of ASCII digits at `q` eight at a time, appending them to `value` (wrapping past
    /// 19 digits, which callers reject), and returns how many there were.
    @inline(__always)
    static func digits(
        _ base: UnsafePointer<UInt8>, _ q: inout Int, into value: inout UInt64, powers: UnsafePointer<UInt64>
    ) -> Int {
        var count = 0
        while true {
            let word = UnsafeRawPointer(base + q).loadUnaligned(as: UInt64.self)
            // A byte is a digit when neither (byte - '0') borrows nor (byte + 0x46) reaches 0x80;
            // borrows and carries only move upward, past the first non-digit, so its position is exact.
            let low = word &- 0x3030_3030_3030_3030
            let marks = ((word &+ 0x4646_4646_4646_4646) | low) & 0x8080_8080_8080_8080
            let run = marks == 0 ? 8 : marks.trailingZeroBitCount &>> 3
            if run > 0 {
                // The run's digits moved to the top bytes (zeros below act as leading zeros), then
                // combined pairwise: 8 digits in three multiplications.
                var lanes = low &<< UInt64(64 &- 8 &* run)
                lanes = lanes &* 10 &+ (lanes &>> 8)
                lanes = ((lanes & 0x0000_00FF_0000_00FF) &* (100 &+ (1_000_000 &<< 32))
                    &+ ((lanes &>> 16) & 0x0000_00FF_0000_00FF) &* (1 &+ (10_000 &<< 32))) &>> 32
                value = value &* powers[run] &+ lanes
            }
            count &+= run
            q &+= run
            if run < 8 { return count }
        }
    }

    /// 10^0 … 10^8 as integers, in memory that lives as long as the process.
    nonisolated(unsafe) static let powersOfTenIntegers: UnsafeMutablePointer<UInt64> = {
        let table = UnsafeMutablePointer<UInt64>.allocate(capacity: 9)
        var value: UInt64 = 1
        for index in 0..<9 {
            table[index] = value
            value &*= 10
        }
        return table
    }()

    /// The first byte at or after `from` that is the delimiter, a line feed or NUL, eight bytes at a
    /// time (the input's zero padding stops the scan at its end).
    @inline(__always)
    static func scanToTerminator(_ base: UnsafePointer<UInt8>, from: Int, delimiters: UInt64) -> Int {
        var q = from
        while true {
            let word = UnsafeRawPointer(base + q).loadUnaligned(as: UInt64.self)
            let a = word ^ delimiters
            let b = word ^ 0x0A0A_0A0A_0A0A_0A0A
            // Zero-byte test; the lowest flagged byte is always a true zero (false flags sit above it).
            let zeros = ((a &- 0x0101_0101_0101_0101) & ~a) | ((b &- 0x0101_0101_0101_0101) & ~b)
                | ((word &- 0x0101_0101_0101_0101) & ~word)
            let marks = zeros & 0x8080_8080_8080_8080
            if marks != 0 { return q &+ marks.trailingZeroBitCount &>> 3 }
            q &+= 8
        }
    }

    /// Copies a short run of bytes 8 at a time; both sides have at least 8 bytes of slack after them.
    @inline(__always)
    static func copyShort(from source: UnsafePointer<UInt8>, to target: UnsafeMutablePointer<UInt8>, count: Int) {
        var offset = 0
        while offset < count {
            let word = UnsafeRawPointer(source + offset).loadUnaligned(as: UInt64.self)
            UnsafeMutableRawPointer(target + offset).storeBytes(of: word, as: UInt64.self)
            offset &+= 8
        }
    }

    /// Marks chunk row `row` of a column null, allocating its bitmap at the first null.
    @inline(__always)
    static func setNull(_ state: UnsafeMutablePointer<CSVChunkColumn>, row: Int, capacity: Int) {
        if state.pointee.nulls == nil {
            state.pointee.nulls = Memory.allocateZeroed(byteCount: ((capacity + 63) >> 6 + 1) * 8)
        }
        guard let block = state.pointee.nulls else { return }
        let words = block.address.assumingMemoryBound(to: UInt64.self)
        words[row >> 6] |= 1 &<< UInt64(row & 63)
        state.pointee.nullCount += 1
    }
}
