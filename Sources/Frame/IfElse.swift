/// `if_else(condition, then, else)`: per row, the then value where the condition is true and the
/// else value where it is false; a null condition gives null.
///
/// Types: a null constant takes the other branch's type; int and float unify to float; otherwise
/// both branches must have the same type. The values are picked by one branch-free loop per type
/// over raw buffers (a constant branch reads one value for every row), and the validity by a
/// loop over 64-row words: valid = condition valid ∧ (condition ? then valid : else valid).
enum IfElse {
    /// The column for an `if_else` call, or nil when `function` is another function.
    static func call(_ function: String, _ values: [Operand], count: Int, name: String) throws(FrameError) -> Column? {
        guard function == "if_else" else { return nil }
        try ColumnFunctions.expectArity(function, values, 3...3)
        return try select(values[0], values[1], values[2], count: count, name: name)
    }

    /// The type both branches become.
    static func resultType(_ then: Operand, _ otherwise: Operand) throws(FrameError) -> DataType {
        switch (then.type, otherwise.type) {
        case (nil, nil): return .int  // as an untyped null literal broadcasts (`Column(repeating: .null)`)
        case (let type?, nil), (nil, let type?): return type
        case (let left?, let right?):
            if left == right { return left }
            if left.isNumeric && right.isNumeric { return .float }
            throw FrameError(.typeMismatch, "if_else branches must have the same type, found \(left.name) and \(right.name)")
        }
    }

    static func select(_ condition: Operand, _ then: Operand, _ otherwise: Operand, count: Int, name: String) throws(FrameError) -> Column {
        let type = try resultType(then, otherwise)
        let mask: Column
        switch condition {
        case .scalar(.null):
            return Column(name: name, nullsOf: type, count: count)
        case .scalar(.bool(let value)):
            return try branch(value ? then : otherwise, as: type, count: count, name: name)
        case .scalar(let value):
            throw FrameError(.typeMismatch, "if_else's condition must be bool, found \(value.type?.name ?? "null")")
        case .column(let column):
            guard column.type == .bool else {
                throw FrameError(.typeMismatch, "if_else's condition must be bool, found \(column.type.name)")
            }
            mask = column
        }
        guard let flags = mask.boolValues else { return Column(name: name, nullsOf: type, count: count) }
        let validity = combinedValidity(flags, mask.validity, then, otherwise, count: count)
        let storage: ColumnStorage
        switch type {
        case .float: storage = .float64(pick(flags, then.doubles(), otherwise.doubles()))
        case .bool: storage = .bool(pick(flags, then.bools(), otherwise.bools()))
        case .string: storage = .utf8(pickStrings(flags, then, otherwise, validity: validity, count: count))
        case .int, .timestamp, .duration: storage = .int64(pick(flags, then.int64s(), otherwise.int64s()))
        }
        return Column(name: name, type: type, count: count, storage: storage, validity: validity)
    }

    /// One branch as the whole result (constant condition), widened to float when the other is.
    static func branch(_ operand: Operand, as type: DataType, count: Int, name: String) throws(FrameError) -> Column {
        if operand.isNullConstant { return Column(name: name, nullsOf: type, count: count) }
        if type == .float && operand.type == .int { return try BinaryEvaluation.convertedToFloat(operand, count: count, name: name) }
        return try operand.materialize(count: count, name: name)
    }

    // MARK: values

    /// `flags[i] != 0 ? then[i] : else[i]` for every row, dispatched once on the operand shapes.
    static func pick<T: BitwiseCopyable>(_ flags: ColumnBuffer<UInt8>, _ then: Fixed<T>, _ otherwise: Fixed<T>) -> ColumnBuffer<T> {
        let count = flags.count
        let out = ColumnBuffer<T>(uninitializedCount: count)
        withExtendedLifetime(flags) {
            let condition = UnsafePointer(flags.base)
            switch (then, otherwise) {
            case (.buffer(let a), .buffer(let b)):
                withExtendedLifetime((a, b)) { pickLoop(condition, PointerSource(a.base), PointerSource(b.base), out.base, count) }
            case (.buffer(let a), .constant(let b)):
                withExtendedLifetime(a) { pickLoop(condition, PointerSource(a.base), ConstantSource(b), out.base, count) }
            case (.constant(let a), .buffer(let b)):
                withExtendedLifetime(b) { pickLoop(condition, ConstantSource(a), PointerSource(b.base), out.base, count) }
            case (.constant(let a), .constant(let b)):
                pickLoop(condition, ConstantSource(a), ConstantSource(b), out.base, count)
            }
        }
        return out
    }

    @inlinable
    static func pickLoop<T, Then: ElementSource<T>, Else: ElementSource<T>>(
        _ condition: UnsafePointer<UInt8>, _ then: Then, _ otherwise: Else, _ out: UnsafeMutablePointer<T>, _ count: Int
    ) {
        for row in 0..<count { out[row] = condition[row] != 0 ? then[row] : otherwise[row] }
    }

    /// Strings: lengths of the picked rows (0 for null rows), then one copy of their bytes.
    static func pickStrings(_ flags: ColumnBuffer<UInt8>, _ then: Operand, _ otherwise: Operand, validity: Bitmap?, count: Int) -> StringStorage {
        let a = StringSource(then)
        let b = StringSource(otherwise)
        let offsets = ColumnBuffer<Int64>(uninitializedCount: count + 1)
        var total: Int64 = 0
        offsets.base[0] = 0
        return withExtendedLifetime((flags, a.storage, b.storage)) { () -> StringStorage in
            let (aOffsets, aBytes, aStride) = (a.offsets, a.bytes, a.stride)
            let (bOffsets, bBytes, bStride) = (b.offsets, b.bytes, b.stride)
            for row in 0..<count {
                if let validity, !validity.isValid(row) {
                    offsets.base[row + 1] = total
                    continue
                }
                let picked = flags.base[row] != 0
                let source = picked ? aOffsets : bOffsets
                let at = row &* (picked ? aStride : bStride)
                total &+= source[at &+ 1] &- source[at]
                offsets.base[row + 1] = total
            }
            let bytes = ColumnBuffer<UInt8>(uninitializedCount: Int(total))
            for row in 0..<count {
                let length = Int(offsets.base[row + 1] &- offsets.base[row])
                if length == 0 { continue }
                let picked = flags.base[row] != 0
                let sourceOffsets = picked ? aOffsets : bOffsets
                let start = Int(sourceOffsets[row &* (picked ? aStride : bStride)])
                (bytes.base + Int(offsets.base[row])).update(from: (picked ? aBytes : bBytes) + start, count: length)
            }
            return StringStorage(offsets: offsets, bytes: bytes)
        }
    }

    /// A string branch as raw offsets and bytes: a column (stride 1) or one value for every row (stride 0).
    struct StringSource {
        let storage: StringStorage
        let stride: Int
        var offsets: UnsafePointer<Int64> { UnsafePointer(storage.offsets.base) }
        var bytes: UnsafePointer<UInt8> { UnsafePointer(storage.bytes.base) }

        init(_ operand: Operand) {
            switch operand {
            case .column(let column):
                storage = column.stringValues ?? Self.single("")
                stride = 1
            case .scalar(.string(let text)):
                storage = Self.single(text)
                stride = 0
            case .scalar:
                storage = Self.single("")
                stride = 0
            }
        }

        static func single(_ text: String) -> StringStorage {
            var builder = StringColumnBuilder(expectedCount: 1)
            builder.append(text)
            return builder.finish(name: "").stringValues
                ?? StringStorage(offsets: ColumnBuffer(repeating: 0, count: 2), bytes: ColumnBuffer(uninitializedCount: 0))
        }
    }

    // MARK: validity

    /// How a branch contributes to validity, word by word.
    enum BranchValidity {
        case allValid, allNull
        case bitmap(Bitmap)

        init(_ operand: Operand) {
            switch operand {
            case .scalar(.null): self = .allNull
            case .scalar: self = .allValid
            case .column(let column): self = column.validity.map(BranchValidity.bitmap) ?? .allValid
            }
        }

        func word(_ index: Int) -> UInt64 {
            switch self {
            case .allValid: ~0
            case .allNull: 0
            case .bitmap(let bitmap): bitmap.words.base[index]
            }
        }
    }

    /// Valid where the condition is valid and the picked branch is valid; nil when every row is.
    static func combinedValidity(
        _ flags: ColumnBuffer<UInt8>, _ conditionValidity: Bitmap?, _ then: Operand, _ otherwise: Operand, count: Int
    ) -> Bitmap? {
        let a = BranchValidity(then)
        let b = BranchValidity(otherwise)
        if conditionValidity == nil, case .allValid = a, case .allValid = b { return nil }
        let wordCount = Bitmap.wordCount(for: count)
        let words = ColumnBuffer<UInt64>(uninitializedCount: wordCount)
        var valid = 0
        withExtendedLifetime((flags, conditionValidity, a, b)) {
            let conditionWords = conditionValidity.map { UnsafePointer($0.words.base) }
            for word in 0..<wordCount {
                let start = word &<< 6
                let end = min(count, start &+ 64)
                var picked: UInt64 = 0
                for row in start..<end { picked |= UInt64(flags.base[row] & 1) &<< UInt64(row & 63) }
                let inRange: UInt64 = end - start == 64 ? ~0 : (1 &<< UInt64(end - start)) &- 1
                let conditionWord = conditionWords?[word] ?? ~0
                let value = conditionWord & ((picked & a.word(word)) | (~picked & b.word(word))) & inRange
                words.base[word] = value
                valid &+= value.nonzeroBitCount
            }
        }
        return valid == count ? nil : Bitmap(count: count, nullCount: count - valid, words: words)
    }
}

extension Column {
    /// Per row, `then` where `condition` is true, `otherwise` where it is false, null where it is
    /// null (`if_else`); the three columns must have the same length.
    public static func ifElse(_ condition: Column, then: Column, otherwise: Column, name: String) throws(FrameError) -> Column {
        guard then.count == condition.count, otherwise.count == condition.count else {
            throw FrameError(
                .shapeMismatch,
                "if_else needs columns of one length, found \(condition.count), \(then.count) and \(otherwise.count) rows")
        }
        return try IfElse.select(.column(condition), .column(then), .column(otherwise), count: condition.count, name: name)
    }
}
