/// How `concat` puts frames together.
public enum ConcatMode: String, Sendable, CaseIterable {
    /// Rows of each frame after the previous one's; columns are matched by name.
    case vertical
    /// Columns of each frame after the previous one's; heights must be equal.
    case horizontal
    /// Rows stacked over the union of the columns (first appearance order); a frame's missing
    /// columns are null in its rows (Polars' `how="diagonal"`).
    case diagonal
}

extension DataFrame {
    /// Frames stacked vertically or side by side.
    ///
    /// Vertical: every frame must have the same column names (in any order; the first frame's order
    /// wins) and each column the same type in every frame, except that int and float mix to float.
    /// Frames without columns are skipped. Horizontal: equal heights and distinct column names.
    public static func concat(_ frames: [DataFrame], how: ConcatMode = .vertical) throws(FrameError) -> DataFrame {
        switch how {
        case .vertical: return try concatVertical(frames)
        case .horizontal: return try concatHorizontal(frames)
        case .diagonal: return try concatDiagonal(frames)
        }
    }

    private static func concatVertical(_ frames: [DataFrame]) throws(FrameError) -> DataFrame {
        let numbered = frames.enumerated().filter { $0.element.width > 0 }
        guard let (firstPosition, first) = numbered.first else { return DataFrame() }
        if numbered.count == 1 { return first }
        var output: [Column] = []
        output.reserveCapacity(first.width)
        for column in first.columns {
            var parts: [Column] = []
            var type = column.type
            for (position, frame) in numbered {
                guard let part = frame.column(named: column.name) else {
                    throw FrameError(
                        .columnNotFound,
                        "concat: frame \(position + 1) has no column \(columnReference(column.name)) (frame \(firstPosition + 1) has)",
                        column: column.name)
                }
                if part.type != type {
                    guard part.type.isNumeric && type.isNumeric else {
                        throw FrameError(
                            .typeMismatch,
                            "concat: column \(columnReference(column.name)) is \(column.type.name) in frame \(firstPosition + 1) and \(part.type.name) in frame \(position + 1)",
                            column: column.name, hint: "cast one of them first, e.g. cast(df, \(column.name): \"\(column.type.name)\")")
                    }
                    type = .float
                }
                parts.append(part)
            }
            if type == .float { parts = parts.map { $0.type == .int ? $0.asFloat() : $0 } }
            output.append(Column.concatenated(parts, name: column.name))
        }
        for (position, frame) in numbered where frame.width != first.width {
            let extra = frame.columnNames.first { first.column(named: $0) == nil } ?? ""
            throw FrameError(
                .columnNotFound,
                "concat: frame \(position + 1) has column \(columnReference(extra)) that frame \(firstPosition + 1) lacks",
                column: extra)
        }
        return DataFrame(unchecked: output, height: output.first?.count ?? 0)
    }

    private static func concatHorizontal(_ frames: [DataFrame]) throws(FrameError) -> DataFrame {
        var columns: [Column] = []
        var height: Int? = nil
        var heightFrame = 0
        for (position, frame) in frames.enumerated() where frame.width > 0 {
            if let height, frame.height != height {
                throw FrameError(
                    .shapeMismatch,
                    "concat horizontal needs equal heights: frame \(heightFrame + 1) has \(height) rows, frame \(position + 1) has \(frame.height)")
            }
            if height == nil {
                height = frame.height
                heightFrame = position
            }
            for column in frame.columns {
                if columns.contains(where: { $0.name == column.name }) {
                    throw FrameError(
                        .duplicateColumn,
                        "concat horizontal: column \(columnReference(column.name)) appears in more than one frame (again in frame \(position + 1))",
                        column: column.name, hint: "rename it first, e.g. rename(df, \(column.name): \"\(column.name)_2\")")
                }
                columns.append(column)
            }
        }
        return DataFrame(unchecked: columns, height: height ?? 0)
    }
}

extension Column {
    /// This int column's values as floats (same name and validity); other columns are returned unchanged.
    func asFloat() -> Column {
        guard type == .int, let values = int64Values else { return self }
        return withFloatValues(convertToDoubles(values))
    }

    /// The parts one after another; every part must have the same storage layout and type.
    static func concatenated(_ parts: [Column], name: String) -> Column {
        let total = parts.reduce(0) { $0 + $1.count }
        let type = parts.first?.type ?? .int
        var validity: Bitmap? = nil
        if parts.contains(where: { $0.validity != nil }) {
            var builder = BitmapBuilder(count: total)
            var offset = 0
            for part in parts {
                if let partValidity = part.validity {
                    for row in 0..<part.count where !partValidity.isValid(row) { builder.setNull(offset + row) }
                }
                offset += part.count
            }
            validity = builder.finish()
        }
        let storage: ColumnStorage
        switch parts.first?.storage {
        case .float64?: storage = .float64(joinFixed(parts.compactMap(\.float64Values), total))
        case .bool?: storage = .bool(joinFixed(parts.compactMap(\.boolValues), total))
        case .utf8?, .dictionary?:
            let dictionaries = parts.compactMap(\.dictionaryValues)
            if dictionaries.count == parts.count {
                storage = .dictionary(joinDictionaries(dictionaries, total))
            } else {
                storage = .utf8(joinStrings(parts.compactMap(\.stringValues), total))
            }
        case .int64?, nil: storage = .int64(joinFixed(parts.compactMap(\.int64Values), total))
        }
        return Column(name: name, type: type, count: total, storage: storage, validity: validity)
    }

    private static func joinFixed<T>(_ buffers: [ColumnBuffer<T>], _ total: Int) -> ColumnBuffer<T> {
        let out = ColumnBuffer<T>(uninitializedCount: total)
        var offset = 0
        for buffer in buffers {
            (out.base + offset).update(from: buffer.base, count: buffer.count)
            offset += buffer.count
        }
        return out
    }

    /// Dictionary parts over one merged table: each part's codes mapped to the merged codes (a part
    /// that already uses the merged table's codes, like the first, is copied as it is).
    private static func joinDictionaries(_ parts: [DictionaryStrings], _ total: Int) -> DictionaryStrings {
        let (values, remaps) = DictionaryMerge.merge(parts.map(\.values))
        let out = ColumnBuffer<UInt32>(uninitializedCount: total)
        var offset = 0
        for (part, remap) in zip(parts, remaps) {
            let target = out.base + offset
            let source = part.codes.base
            let identity = remap.indices.allSatisfy { remap[$0] == UInt32(truncatingIfNeeded: $0) }
            if identity {
                target.update(from: source, count: part.count)
            } else {
                remap.withUnsafeBufferPointer { remap in
                    for row in 0..<part.count { target[row] = remap[Int(source[row])] }
                }
            }
            offset += part.count
        }
        return withExtendedLifetime(parts) { DictionaryStrings(codes: out, values: values) }
    }

    private static func joinStrings(_ parts: [StringStorage], _ total: Int) -> StringStorage {
        // Offsets start at 0; the last one (not the buffer size) is how many bytes a part uses.
        let byteTotal = parts.reduce(0) { $0 + Int($1.offsets.base[$1.count]) }
        let offsets = ColumnBuffer<Int64>(uninitializedCount: total + 1)
        let bytes = ColumnBuffer<UInt8>(uninitializedCount: byteTotal)
        offsets.base[0] = 0
        var row = 0
        var byteOffset: Int64 = 0
        for part in parts {
            let used = Int(part.offsets.base[part.count])
            (bytes.base + Int(byteOffset)).update(from: part.bytes.base, count: used)
            for index in 0..<part.count {
                offsets.base[row + 1] = byteOffset + part.offsets.base[index + 1]
                row += 1
            }
            byteOffset += Int64(used)
        }
        return StringStorage(offsets: offsets, bytes: bytes)
    }
}
