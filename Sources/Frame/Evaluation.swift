/// Whole-frame operations driven by expressions: evaluate, filter, with.
extension DataFrame {
    /// Evaluates `expr` over whole columns; the result has `height` rows (literals are broadcast).
    public func evaluate(_ expr: Expr) throws(FrameError) -> Column {
        let name = expr.outputName
        return try Evaluator(frame: self).evaluate(expr).materialize(count: height, name: name)
    }

    /// Keeps the rows where `predicate` is true; null counts as false. A non-bool predicate is a typeMismatch.
    public func filter(_ predicate: Expr) throws(FrameError) -> DataFrame {
        let result = try Evaluator(frame: self).evaluate(predicate)
        switch result {
        case .scalar(.null), .scalar(.bool(false)): return head(0)
        case .scalar(.bool(true)): return self
        case .scalar(let value):
            throw FrameError(
                .typeMismatch, "filter predicate must be bool, found \(value.type?.name ?? "null")")
        case .column(let mask):
            guard case .bool(let values) = mask.storage else {
                throw FrameError(.typeMismatch, "filter predicate must be bool, found \(mask.type.name)")
            }
            return selecting(values, mask.validity)
        }
    }

    /// Row indices where a bool column is valid and true.
    static func selectedRows(_ values: ColumnBuffer<UInt8>, _ validity: Bitmap?) -> [Int] {
        let count = values.count
        let bytes = values.base
        var kept = 0
        for index in 0..<count { kept &+= Int(bytes[index]) }
        var rows: [Int] = []
        rows.reserveCapacity(kept)
        if let validity {
            for index in 0..<count where bytes[index] != 0 && validity.isValid(index) { rows.append(index) }
        } else {
            for index in 0..<count where bytes[index] != 0 { rows.append(index) }
        }
        return rows
    }

    /// Adds or replaces columns one assignment at a time, so later expressions see earlier results.
    /// A name that exists is replaced in place; a new name is appended.
    public func with(_ assignments: [(name: String, expr: Expr)]) throws(FrameError) -> DataFrame {
        var frame = self
        for assignment in assignments {
            let column = try frame.evaluate(assignment.expr).renamed(assignment.name)
            frame = try frame.setting(column)
        }
        return frame
    }
}

/// Evaluates an expression tree against one frame, keeping constants unbroadcast as long as possible.
struct Evaluator {
    let frame: DataFrame

    var count: Int { frame.height }

    func evaluate(_ expr: Expr) throws(FrameError) -> Operand {
        switch expr {
        case .column(let name):
            return .column(try frame.requireColumn(name))
        case .literal(let value):
            return .scalar(value)
        case .binary(let op, let lhs, let rhs):
            let left = try evaluate(lhs)
            let right = try evaluate(rhs)
            return try lift(left, right, name: expr.outputName) { (count, name) throws(FrameError) in
                try BinaryEvaluation.apply(op, left, right, count: count, name: name)
            }
        case .unary(let op, let operand):
            let value = try evaluate(operand)
            return try lift(value, name: expr.outputName) { (count, name) throws(FrameError) in
                try ColumnFunctions.unary(op, value, count: count, name: name)
            }
        case .call(let function, let arguments):
            // Aggregates, windows and over() see the whole frame (WindowExpressions.swift).
            if let result = try evaluateWindowOrAggregate(function, arguments) { return result }
            var values: [Operand] = []
            values.reserveCapacity(arguments.count)
            for argument in arguments { values.append(try evaluate(argument)) }
            return try ColumnFunctions.call(
                function, values, arguments: arguments, count: count, name: expr.outputName)
        }
    }

    /// Runs a column operation; if every input is a constant, runs it on one row and unboxes the result.
    func lift(
        _ operands: Operand..., name: String,
        _ body: (_ count: Int, _ name: String) throws(FrameError) -> Column
    ) throws(FrameError) -> Operand {
        let allConstant = operands.allSatisfy {
            if case .scalar = $0 { return true }
            return false
        }
        if allConstant {
            return .scalar(try body(1, name).scalar(at: 0))
        }
        return .column(try body(count, name))
    }
}
