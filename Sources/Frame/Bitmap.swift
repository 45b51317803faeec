/// A validity bitmap: bit `i` is 1 when row `i` holds a value and 0 when it is null.
///
/// Columns without nulls carry no bitmap at all (nil), so kernels test for that once and run
/// the all-valid loop. Bits past `count` in the last word are always 0.
public struct Bitmap: Sendable, Equatable {
    /// Number of rows covered.
    public let count: Int
    /// Number of 0 bits (nulls) among the first `count`.
    public let nullCount: Int
    @usableFromInline let words: ColumnBuffer<UInt64>

    @usableFromInline init(count: Int, nullCount: Int, words: ColumnBuffer<UInt64>) {
        self.count = count
        self.nullCount = nullCount
        self.words = words
    }

    /// True when row `index` holds a value.
    @inlinable public func isValid(_ index: Int) -> Bool {
        (words.base[index &>> 6] &>> UInt64(index & 63)) & 1 == 1
    }

    /// Number of 64-bit words backing `count` bits.
    @inlinable static func wordCount(for count: Int) -> Int { (count + 63) >> 6 }

    /// Compares the valid bits, ignoring storage identity.
    public static func == (lhs: Bitmap, rhs: Bitmap) -> Bool {
        guard lhs.count == rhs.count, lhs.nullCount == rhs.nullCount else { return false }
        for word in 0..<wordCount(for: lhs.count) where lhs.words.base[word] != rhs.words.base[word] {
            return false
        }
        return true
    }

    /// Bitmap from per-row flags, or nil when every flag is true.
    static func from(_ flags: [Bool]) -> Bitmap? {
        var builder = BitmapBuilder(count: flags.count)
        for (index, flag) in flags.enumerated() where !flag { builder.setNull(index) }
        return builder.finish()
    }

    /// The AND of two optional bitmaps (a row is valid when valid in both); nil means all valid.
    static func and(_ lhs: Bitmap?, _ rhs: Bitmap?) -> Bitmap? {
        guard let lhs else { return rhs }
        guard let rhs else { return lhs }
        let count = lhs.count
        let wordCount = Bitmap.wordCount(for: count)
        let words = ColumnBuffer<UInt64>(uninitializedCount: wordCount)
        var valid = 0
        withExtendedLifetime((lhs.words, rhs.words)) {
            for word in 0..<wordCount {
                let value = lhs.words.base[word] & rhs.words.base[word]
                words.base[word] = value
                valid += value.nonzeroBitCount
            }
        }
        return valid == count ? nil : Bitmap(count: count, nullCount: count - valid, words: words)
    }

    /// The OR of two optional bitmaps (valid when valid in either); nil means all valid.
    static func or(_ lhs: Bitmap?, _ rhs: Bitmap?) -> Bitmap? {
        guard let lhs, let rhs else { return nil }
        let count = lhs.count
        let wordCount = Bitmap.wordCount(for: count)
        let words = ColumnBuffer<UInt64>(uninitializedCount: wordCount)
        var valid = 0
        withExtendedLifetime((lhs.words, rhs.words)) {
            for word in 0..<wordCount {
                let value = lhs.words.base[word] | rhs.words.base[word]
                words.base[word] = value
                valid += value.nonzeroBitCount
            }
        }
        return valid == count ? nil : Bitmap(count: count, nullCount: count - valid, words: words)
    }

    /// A bitmap of `count` rows that are all null.
    static func allNull(count: Int) -> Bitmap? {
        if count == 0 { return nil }
        return Bitmap(
            count: count, nullCount: count,
            words: ColumnBuffer(repeating: 0, count: wordCount(for: count)))
    }
}

/// Builds a bitmap that starts all valid; rows are cleared one at a time, and `finish` drops it if none were.
@usableFromInline struct BitmapBuilder {
    @usableFromInline let count: Int
    @usableFromInline let words: ColumnBuffer<UInt64>
    @usableFromInline var cleared = false

    @usableFromInline init(count: Int) {
        self.count = count
        let wordCount = Bitmap.wordCount(for: count)
        words = ColumnBuffer(repeating: ~0, count: wordCount)
        if count & 63 != 0 {
            words.base[wordCount - 1] = (1 &<< UInt64(count & 63)) &- 1
        }
    }

    /// Marks row `index` null.
    @inlinable mutating func setNull(_ index: Int) {
        words.base[index &>> 6] &= ~(1 &<< UInt64(index & 63))
        cleared = true
    }

    /// Sets row `index` to valid or null.
    @inlinable mutating func set(_ index: Int, valid: Bool) {
        if !valid { setNull(index) }
    }

    /// The finished bitmap, or nil when every row is valid.
    @usableFromInline func finish() -> Bitmap? {
        if !cleared { return nil }
        var valid = 0
        for word in 0..<Bitmap.wordCount(for: count) { valid += words.base[word].nonzeroBitCount }
        if valid == count { return nil }
        return Bitmap(count: count, nullCount: count - valid, words: words)
    }
}
