/// A multi-key sort as one radix sort of 64-bit words: each key's value, less its minimum (or
/// its maximum less the value, for descending), takes just the bits its range needs, with a null
/// bit above them (so nulls sort last either way); the row number fills the low bits. Because
/// the rows start in order and each LSD pass is stable, only the key bits need passes, and the
/// sorted words give both the order and the sorted key values (no gather for key columns).
///
/// Applies when every key is an int, timestamp, duration or bool column and the fields and the
/// row number fit in 64 bits (e.g. 10M rows × entity id 0…9999 × a year of seconds: 24+14+25).
struct PackedSort {
    /// How one key is laid out in the word.
    struct Field {
        let column: Column
        let descending: Bool
        let minimum: Int64
        let maximum: Int64
        let valueBits: Int
        let hasNulls: Bool
        /// For a dictionary column: each entry's rank in byte order (the packed value), and the
        /// entry holding each rank (to turn sorted ranks back into codes).
        var ranks: [UInt32] = []
        var entries: [UInt32] = []
        /// Position of the field's lowest bit in the word.
        var shift = 0

        var bits: Int { valueBits + (hasNulls ? 1 : 0) }
    }

    let count: Int
    let fields: [Field]
    let rowBits: Int
    /// The sorted words (row number in the low `rowBits` bits).
    let words: RawAllocation

    /// Sorts by `keys`, or returns nil when they do not pack into 64 bits.
    static func sort(_ columns: [Column], descending: [Bool], count: Int) -> PackedSort? {
        let rowBits = count <= 1 ? 0 : 64 - UInt64(count - 1).leadingZeroBitCount
        var fields: [Field] = []
        var used = rowBits
        for (column, isDescending) in zip(columns, descending) {
            guard let field = analyze(column, descending: isDescending) else { return nil }
            fields.append(field)
            used += field.bits
        }
        guard used <= 64 else { return nil }
        var shift = rowBits
        for index in fields.indices.reversed() {
            fields[index].shift = shift
            shift += fields[index].bits
        }
        let packed = pack(fields, count: count, rowBits: rowBits)
        let words = WordRadixSort.sort(packed, count: count, lowBit: rowBits, highBit: used)
        return PackedSort(count: count, fields: fields, rowBits: rowBits, words: words)
    }

    /// The key's range and nulls, or nil for a column that cannot be packed.
    static func analyze(_ column: Column, descending: Bool) -> Field? {
        var minimum = Int64.max
        var maximum = Int64.min
        switch column.storage {
        case .int64(let values):
            let ranges = WordAlignedRanges(count: column.count)
            var partial = [(Int64, Int64)](repeating: (Int64.max, Int64.min), count: ranges.count)
            partial.withUnsafeMutableBufferPointer { partial in
                let work = UncheckedSendable((values.base, partial.baseAddress, column.validity))
                withExtendedLifetime(values) {
                    ParallelWork.run(ranges.count) { part in
                        let (source, partial, validity) = work.value
                        var low = Int64.max
                        var high = Int64.min
                        if let validity {
                            for row in ranges.range(part) where validity.isValid(row) {
                                low = min(low, source[row])
                                high = max(high, source[row])
                            }
                        } else {
                            for row in ranges.range(part) {
                                low = min(low, source[row])
                                high = max(high, source[row])
                            }
                        }
                        partial?[part] = (low, high)
                    }
                }
            }
            for (low, high) in partial {
                minimum = min(minimum, low)
                maximum = max(maximum, high)
            }
        case .bool:
            minimum = 0
            maximum = 1
        case .dictionary(let strings):
            // Ranks of the table's entries stand for the strings: 0 ..< entry count.
            let ranks = strings.ranks()
            var entries = [UInt32](repeating: 0, count: ranks.count)
            for (entry, rank) in ranks.enumerated() { entries[Int(rank)] = UInt32(truncatingIfNeeded: entry) }
            let range = UInt64(max(ranks.count, 1) - 1)
            var field = Field(column: column, descending: descending, minimum: 0, maximum: Int64(range),
                              valueBits: range == 0 ? 0 : 64 - range.leadingZeroBitCount, hasNulls: column.validity != nil)
            field.ranks = ranks
            field.entries = entries
            return field
        case .float64, .utf8:
            return nil
        }
        if minimum > maximum {
            // No valid values: every row is null.
            minimum = 0
            maximum = 0
        }
        let range = UInt64(bitPattern: maximum &- minimum)
        let valueBits = range == 0 ? 0 : 64 - range.leadingZeroBitCount
        return Field(column: column, descending: descending, minimum: minimum, maximum: maximum,
                     valueBits: valueBits, hasNulls: column.validity != nil)
    }

    /// One word per row: the fields, then the row number.
    static func pack(_ fields: [Field], count: Int, rowBits: Int) -> RawAllocation {
        let block = Memory.allocate(byteCount: max(count, 1) * 8)
        let ranges = WordAlignedRanges(count: count)
        let target = UncheckedSendable(block.address.assumingMemoryBound(to: UInt64.self))
        ParallelWork.run(ranges.count) { part in
            let range = ranges.range(part)
            for row in range { target.value[row] = UInt64(row) }
        }
        for field in fields {
            let shift = UInt64(field.shift)
            let nullBit: UInt64 = field.hasNulls ? 1 << UInt64(field.valueBits) : 0
            let validity = field.column.validity
            let minimum = field.minimum
            let maximum = field.maximum
            let descending = field.descending
            switch field.column.storage {
            case .int64(let values):
                let source = UncheckedSendable(values.base)
                withExtendedLifetime(values) {
                    ParallelWork.run(ranges.count) { part in
                        let words = target.value
                        let input = source.value
                        for row in ranges.range(part) {
                            let value = input[row]
                            var bits = descending
                                ? UInt64(bitPattern: maximum &- value) : UInt64(bitPattern: value &- minimum)
                            if let validity, !validity.isValid(row) { bits = nullBit }
                            words[row] |= bits &<< shift
                        }
                    }
                }
            case .bool(let values):
                let source = UncheckedSendable(values.base)
                withExtendedLifetime(values) {
                    ParallelWork.run(ranges.count) { part in
                        let words = target.value
                        let input = source.value
                        for row in ranges.range(part) {
                            let value = UInt64(input[row] & 1)
                            var bits = descending ? 1 &- value : value
                            if let validity, !validity.isValid(row) { bits = nullBit }
                            words[row] |= bits &<< shift
                        }
                    }
                }
            case .dictionary(let strings):
                let source = UncheckedSendable(strings.codes.base)
                field.ranks.withUnsafeBufferPointer { ranks in
                    let table = UncheckedSendable(ranks.baseAddress)
                    withExtendedLifetime(strings.codes) {
                        ParallelWork.run(ranges.count) { part in
                            let words = target.value
                            let input = source.value
                            guard let ranks = table.value else { return }
                            for row in ranges.range(part) {
                                let rank = Int64(ranks[Int(input[row])])
                                var bits = UInt64(bitPattern: descending ? maximum &- rank : rank)
                                if let validity, !validity.isValid(row) { bits = nullBit }
                                words[row] |= bits &<< shift
                            }
                        }
                    }
                }
            case .float64, .utf8:
                break
            }
        }
        return block
    }

    /// Row `index` of the sorted order's source row.
    @inline(__always) func row(_ index: Int) -> Int {
        let words = self.words.address.assumingMemoryBound(to: UInt64.self)
        return Int(words[index] & ((1 << UInt64(rowBits)) &- 1))
    }

    /// The source rows in sorted order, as 32-bit indices.
    func rowIndices() -> ColumnBuffer<UInt32> {
        let out = ColumnBuffer<UInt32>(uninitializedCount: count)
        let ranges = WordAlignedRanges(count: count)
        let work = UncheckedSendable((words.address.assumingMemoryBound(to: UInt64.self), out.base))
        let mask: UInt64 = (1 << UInt64(rowBits)) &- 1
        ParallelWork.run(ranges.count) { part in
            let (words, target) = work.value
            for index in ranges.range(part) { target[index] = UInt32(truncatingIfNeeded: words[index] & mask) }
        }
        return out
    }

    /// Key column `index`, sorted, rebuilt from the words rather than gathered.
    func keyColumn(_ index: Int) -> Column {
        let field = fields[index]
        let ranges = WordAlignedRanges(count: count)
        let shift = UInt64(field.shift)
        let valueMask: UInt64 = field.valueBits == 64 ? ~0 : (1 << UInt64(field.valueBits)) &- 1
        let nullBit: UInt64 = field.hasNulls ? 1 << UInt64(field.valueBits) : 0
        let words = UncheckedSendable(self.words.address.assumingMemoryBound(to: UInt64.self))
        var validity: Bitmap? = nil
        if field.hasNulls {
            let bitmap = ColumnBuffer<UInt64>(repeating: 0, count: Bitmap.wordCount(for: count))
            var valid = 0
            for index in 0..<count where (words.value[index] >> shift) & nullBit == 0 {
                bitmap.base[index >> 6] |= 1 << UInt64(index & 63)
                valid += 1
            }
            validity = Bitmap(count: count, nullCount: count - valid, words: bitmap)
        }
        let minimum = field.minimum
        let maximum = field.maximum
        let descending = field.descending
        let storage: ColumnStorage
        switch field.column.storage {
        case .bool:
            let out = ColumnBuffer<UInt8>(uninitializedCount: count)
            let target = UncheckedSendable(out.base)
            ParallelWork.run(ranges.count) { part in
                for index in ranges.range(part) {
                    let word = (words.value[index] >> shift)
                    let bits = word & valueMask
                    target.value[index] = word & nullBit != 0 ? 0 : UInt8(descending ? 1 &- bits : bits)
                }
            }
            storage = .bool(out)
        case .dictionary(let strings):
            let out = ColumnBuffer<UInt32>(uninitializedCount: count)
            let target = UncheckedSendable(out.base)
            field.entries.withUnsafeBufferPointer { entries in
                let table = UncheckedSendable(entries.baseAddress)
                ParallelWork.run(ranges.count) { part in
                    guard let entries = table.value else { return }
                    for index in ranges.range(part) {
                        let word = (words.value[index] >> shift)
                        let rank = Int64(bitPattern: word & valueMask)
                        // A null row keeps the code of rank 0, which is in range.
                        let bits = word & nullBit != 0 ? 0 : (descending ? maximum &- rank : rank)
                        target.value[index] = entries[Int(bits)]
                    }
                }
            }
            storage = .dictionary(DictionaryStrings(codes: out, values: strings.values))
        default:
            let out = ColumnBuffer<Int64>(uninitializedCount: count)
            let target = UncheckedSendable(out.base)
            ParallelWork.run(ranges.count) { part in
                for index in ranges.range(part) {
                    let word = (words.value[index] >> shift)
                    let bits = Int64(bitPattern: word & valueMask)
                    let value = descending ? maximum &- bits : minimum &+ bits
                    target.value[index] = word & nullBit != 0 ? 0 : value
                }
            }
            storage = .int64(out)
        }
        return Column(name: field.column.name, type: field.column.type, count: count, storage: storage,
                      validity: validity)
    }

    /// Gives the words back.
    func release() { Memory.release(words) }
}
