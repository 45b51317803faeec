/// The packed layout of ASOF join rows: (group id, compressed time, row) in one UInt64, sorted by a
/// radix sort of the group and time bits only.
///
/// Times enter as order-preserving keys (`AsofTimeKeys`) and are stored as their offset from the
/// smallest key, divided by the largest unit that divides every offset: a power of two (found by
/// the census from the low bits that never differ) times an odd factor (found only when needed,
/// with exact division by multiplication with the factor's inverse modulo 2^64). Whole seconds as
/// microsecond timestamps, or as floats, then take the bits of whole seconds.
struct AsofPackedLayout {
    let groupBits: Int
    let timeBits: Int
    /// The smallest time key of the rows that take part.
    let minimum: UInt64
    /// Offsets are divided by `odd << shift`.
    let shift: Int
    let odd: UInt64
    /// `odd`'s inverse modulo 2^64: `x &* inverse == x / odd` whenever `odd` divides `x`.
    let inverse: UInt64

    var keyBits: Int { groupBits + timeBits }

    /// The stored time of a key.
    @inline(__always) func compress(_ key: UInt64) -> UInt64 { ((key &- minimum) &>> UInt64(shift)) &* inverse }

    /// The key of a stored time.
    @inline(__always) func expand(_ time: UInt64) -> UInt64 { minimum &+ (time &* odd) &<< UInt64(shift) }

    /// A tolerance in key units (an exact integer distance) as a bound on stored times.
    func limit(_ tolerance: UInt64) -> UInt64 { (tolerance &>> UInt64(shift)) / odd }

    /// Bits needed to write values `0 ... maximum`.
    static func width(_ maximum: UInt64) -> Int { maximum == 0 ? 0 : 64 - maximum.leadingZeroBitCount }

    /// The inverse of an odd number modulo 2^64 (Newton's iteration doubles the correct bits).
    static func inverse(of odd: UInt64) -> UInt64 {
        var x = odd  // correct to 3 bits: odd · odd ≡ 1 (mod 8)
        for _ in 0..<5 { x = x &* (2 &- odd &* x) }
        return x
    }
}

extension AsofSorting {
    /// Per part of one side: how many rows take part, their smallest and largest time keys, and the
    /// bits in which their keys differ from the part's first key (for the power-of-two unit).
    struct Census {
        var count = 0
        var minimum = UInt64.max
        var maximum: UInt64 = 0
        var first: UInt64 = 0
        var differing: UInt64 = 0
    }

    /// One pass (split over `parts` workers) over the rows of one side.
    static func census<Keys: AsofTimeKeys>(_ side: AsofSideRows, times: Keys, parts: Int) -> [Census] {
        let partials = UnsafeMutablePointer<Census>.allocate(capacity: parts)
        defer { partials.deallocate() }
        partials.initialize(repeating: Census(), count: parts)
        let work = UncheckedSendable(partials)
        ParallelWork.run(parts) { part in
            var census = Census()
            for position in side.range(part, of: parts) {
                let row = side.row(at: position)
                if !side.takesPart(row) { continue }
                let key = times.key(row)
                if census.count == 0 { census.first = key }
                census.count &+= 1
                census.minimum = min(census.minimum, key)
                census.maximum = max(census.maximum, key)
                census.differing |= key ^ census.first
            }
            work.value[part] = census
        }
        return Array(UnsafeBufferPointer(start: partials, count: parts))
    }

    /// The layout for both sides' census, or nil when group, time and row bits do not fit in 64
    /// (then the columnar layout is used). The odd unit is looked for only when the rest does not fit.
    static func layout<Keys: AsofTimeKeys>(
        _ censuses: [Census], sides: [(AsofSideRows, Keys)], groupBits: Int, rowBits: Int, threads: Int
    ) -> AsofPackedLayout? {
        var minimum = UInt64.max
        var maximum: UInt64 = 0
        var differing: UInt64 = 0
        var anchor: UInt64? = nil
        for census in censuses where census.count > 0 {
            minimum = min(minimum, census.minimum)
            maximum = max(maximum, census.maximum)
            let first = anchor ?? census.first
            anchor = first
            differing |= census.differing | (census.first ^ first)
        }
        guard anchor != nil else { return nil }
        let shift = differing == 0 ? 0 : differing.trailingZeroBitCount
        let span = (maximum &- minimum) &>> UInt64(shift)
        let room = 64 - groupBits - rowBits
        if AsofPackedLayout.width(span) <= min(room, 63) {
            return AsofPackedLayout(
                groupBits: groupBits, timeBits: AsofPackedLayout.width(span), minimum: minimum, shift: shift, odd: 1, inverse: 1)
        }
        let odd = oddUnit(sides, minimum: minimum, shift: shift, threads: threads)
        let timeBits = AsofPackedLayout.width(span / odd)
        guard timeBits <= min(room, 63) else { return nil }
        return AsofPackedLayout(
            groupBits: groupBits, timeBits: timeBits, minimum: minimum, shift: shift, odd: odd,
            inverse: AsofPackedLayout.inverse(of: odd))
    }

    /// The greatest odd number dividing every offset (shifted right by `shift`), per part and then
    /// combined; divisibility is tested by multiplying with the inverse (no division per row).
    static func oddUnit<Keys: AsofTimeKeys>(
        _ sides: [(AsofSideRows, Keys)], minimum: UInt64, shift: Int, threads: Int
    ) -> UInt64 {
        var unit: UInt64 = 0
        for (side, times) in sides {
            let parts = threads > 1 && side.height >= AsofMatching.parallelRows ? 2 * threads : 1
            let partials = UnsafeMutablePointer<UInt64>.allocate(capacity: parts)
            defer { partials.deallocate() }
            let work = UncheckedSendable(partials)
            ParallelWork.run(parts) { part in
                var odd: UInt64 = 0
                var inverse: UInt64 = 1
                var limit = UInt64.max
                for position in side.range(part, of: parts) {
                    let row = side.row(at: position)
                    if !side.takesPart(row) { continue }
                    let offset = (times.key(row) &- minimum) &>> UInt64(shift)
                    if offset == 0 || (odd != 0 && offset &* inverse <= limit) { continue }
                    odd = gcd(odd, offset &>> UInt64(offset.trailingZeroBitCount))
                    if odd == 1 { break }
                    inverse = AsofPackedLayout.inverse(of: odd)
                    limit = UInt64.max / odd
                }
                work.value[part] = odd
            }
            for part in 0..<parts { unit = gcd(unit, partials[part]) }
        }
        return max(unit, 1)
    }

    static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }

    /// The packed words of one side, sorted; part `part` of the census writes from the sum of the
    /// earlier parts' counts, so rows keep their visiting order before the (stable) sort. The
    /// caller releases the returned block.
    static func packed<Keys: AsofTimeKeys>(
        _ side: AsofSideRows, times: Keys, layout: AsofPackedLayout, rowBits: Int, census: [Census], parts: Int
    ) -> (block: RawAllocation, rows: PackedAsofRows) {
        var starts = [Int](repeating: 0, count: parts + 1)
        for part in 0..<parts { starts[part + 1] = starts[part] + census[part].count }
        let count = starts[parts]
        var block = Memory.allocate(byteCount: max(count, 1) * 8)
        let timeShift = UInt64(rowBits)
        let groupShift = UInt64(rowBits + layout.timeBits)
        let work = UncheckedSendable((block.address.assumingMemoryBound(to: UInt64.self), starts))
        ParallelWork.run(parts) { part in
            let (words, starts) = work.value
            var out = starts[part]
            for position in side.range(part, of: parts) {
                let row = side.row(at: position)
                let group = side.group(row)
                if group < 0 { continue }
                if let usable = side.usable, !usable.isValid(row) { continue }
                let time = layout.compress(times.key(row))
                words[out] = UInt64(group) &<< groupShift | time &<< timeShift | UInt64(row)
                out &+= 1
            }
        }
        block = WordRadixSort.sort(block, count: count, lowBit: rowBits, highBit: rowBits + layout.keyBits)
        let sorted = UnsafePointer(block.address.assumingMemoryBound(to: UInt64.self))
        return (block, PackedAsofRows(words: sorted, count: count, rowBits: UInt64(rowBits), timeBits: UInt64(layout.timeBits)))
    }
}
