/// A column's raw buffers, for writers that walk a frame row by row (CSV, SQLite inserts).
///
/// Holds plain pointers so the per-cell loop does no enum matching on class payloads and no
/// reference counting; the caller keeps the frame alive (`withExtendedLifetime`) while using it.
struct RowMajorColumn {
    /// Which buffer `values` points to.
    enum Layout { case int64, float64, bool, utf8, dictionary }

    let layout: Layout
    let type: DataType
    /// Int64, Double or UInt8 values, or a string column's bytes.
    let values: UnsafeRawPointer
    /// A string column's `count + 1` offsets, or a dictionary column's table offsets (otherwise the
    /// same address as `values`, unused).
    let offsets: UnsafePointer<Int64>
    /// A dictionary column's codes (nil for other layouts).
    let codes: UnsafePointer<UInt32>?
    let validity: Bitmap?

    init(_ column: Column) {
        type = column.type
        validity = column.validity
        codes = column.dictionaryValues.map { UnsafePointer($0.codes.base) }
        switch column.storage {
        case .int64(let buffer):
            layout = .int64
            values = UnsafeRawPointer(buffer.base)
            offsets = UnsafePointer(buffer.base)
        case .float64(let buffer):
            layout = .float64
            values = UnsafeRawPointer(buffer.base)
            offsets = UnsafeRawPointer(buffer.base).assumingMemoryBound(to: Int64.self)
        case .bool(let buffer):
            layout = .bool
            values = UnsafeRawPointer(buffer.base)
            offsets = UnsafeRawPointer(buffer.base).assumingMemoryBound(to: Int64.self)
        case .utf8(let strings):
            layout = .utf8
            values = UnsafeRawPointer(strings.bytes.base)
            offsets = UnsafePointer(strings.offsets.base)
        case .dictionary(let strings):
            layout = .dictionary
            values = UnsafeRawPointer(strings.values.bytes.base)
            offsets = UnsafePointer(strings.values.offsets.base)
        }
    }

    @inline(__always) func isNull(_ row: Int) -> Bool {
        guard let validity else { return false }
        return !validity.isValid(row)
    }

    @inline(__always) func int64(_ row: Int) -> Int64 { values.assumingMemoryBound(to: Int64.self)[row] }
    @inline(__always) func double(_ row: Int) -> Double { values.assumingMemoryBound(to: Double.self)[row] }
    @inline(__always) func bool(_ row: Int) -> Bool { values.assumingMemoryBound(to: UInt8.self)[row] != 0 }

    /// The UTF-8 bytes of row `row` of a string column (plain or dictionary: decoded per row,
    /// so writing a dictionary column never materialises it).
    @inline(__always) func text(_ row: Int) -> UnsafeBufferPointer<UInt8> {
        let index = codes.map { Int($0[row]) } ?? row
        let start = Int(offsets[index])
        let end = Int(offsets[index + 1])
        return UnsafeBufferPointer(start: values.assumingMemoryBound(to: UInt8.self) + start, count: end - start)
    }
}
