/// Filtering by a bool mask through a selection vector: the rows to keep as 32-bit indices,
/// built without a branch per row, then one gather per column, split over the cores.
///
/// (Stream compaction, which copies each column straight from the mask, was measured too: it
/// reads the mask again for every column and runs about four times the instructions per row, and
/// was 25% slower on 10M rows.)
extension DataFrame {
    /// The rows where `mask` is valid and 1, in order.
    func selecting(_ mask: ColumnBuffer<UInt8>, _ validity: Bitmap?) -> DataFrame {
        let n = mask.count
        if n > Int(UInt32.max) { return gather(DataFrame.selectedRows(mask, validity)) }
        let parts = WordAlignedRanges(count: n)
        var kept = [Int](repeating: 0, count: parts.count)
        let source = UncheckedSendable((mask.base, validity?.words.base))
        kept.withUnsafeMutableBufferPointer { kept in
            let counts = UncheckedSendable(kept.baseAddress)
            withExtendedLifetime((mask, validity)) {
                ParallelWork.run(parts.count) { part in
                    let (bytes, words) = source.value
                    var total = 0
                    for row in parts.range(part) { total &+= Int(DataFrame.keepBit(bytes, words, row)) }
                    counts.value?[part] = total
                }
            }
        }
        let total = kept.reduce(0, +)
        if total == n { return self }
        if total == 0 { return head(0) }
        var firsts = [0]
        for part in 0..<parts.count { firsts.append(firsts[part] + kept[part]) }
        let selection = ColumnBuffer<UInt32>(uninitializedCount: total)
        let target = UncheckedSendable(selection.base)
        withExtendedLifetime((mask, validity)) {
            ParallelWork.run(parts.count) { part in
                let (bytes, words) = source.value
                let out = target.value
                var position = firsts[part]
                let stop = firstsEnd(firsts, part)
                // Every row is written and the position advances only past kept ones; the loop ends
                // once this part's slots are full, so it never writes the next part's first slot.
                var row = parts.range(part).lowerBound
                while position < stop {
                    out[position] = UInt32(truncatingIfNeeded: row)
                    position &+= Int(DataFrame.keepBit(bytes, words, row))
                    row &+= 1
                }
            }
        }
        return withExtendedLifetime(selection) {
            DataFrame(unchecked: Column.gathered(columns, selection.base, count: total), height: total)
        }
    }

    /// 1 when row `row` of the mask is 1 and valid, else 0.
    @inline(__always)
    static func keepBit(_ bytes: UnsafePointer<UInt8>, _ words: UnsafePointer<UInt64>?, _ row: Int) -> UInt8 {
        guard let words else { return bytes[row] }
        return bytes[row] & UInt8(truncatingIfNeeded: (words[row &>> 6] &>> UInt64(row & 63)) & 1)
    }
}

/// The end of part `part`'s slots.
@inline(__always) private func firstsEnd(_ firsts: [Int], _ part: Int) -> Int { firsts[part + 1] }
