import Frame
import Lang

/// Every builtin the runtime registers, grouped by library; the order here is the order of `:help`.
enum Library {
    static var all: [Builtin] {
        // The frame `join` and `unique` also take lists and stand in for the list/string versions.
        CoreLibrary.builtins + ConversionLibrary.builtins + MathLibrary.builtins + ListLibrary.builtins.filter { $0.name != "unique" } + RecordLibrary.builtins
            + StringLibrary.builtins.filter { $0.name != "join" }
            + TimeLibrary.builtins + RandomLibrary.builtins + RandomColumnLibrary.builtins
            + FrameBuildingLibrary.builtins + FrameLibrary.builtins
            + FrameBuildingLibrary.joinAllowingCross(JoinLibrary.builtins) + AsofLibrary.builtins + FrameVerbLibrary.builtins
            + RepeatRowsLibrary.builtins
            + AggregateLibrary.builtins + WindowLibrary.builtins + RollingLibrary.builtins
            + IOLibrary.builtins + SandboxLibrary.builtins + TreesLibrary.builtins + MetricsLibrary.builtins
            + MonitorLibrary.builtins + ChartLibrary.builtins
            + StoreLibrary.builtins + StoreExpectationLibrary.builtins + StoreViewLibrary.builtins
            + StoreServingLibrary.builtins + StoreRegistryLibrary.builtins
            + BenchLibrary.builtins
    }
}

extension Arguments {
    /// Parameter `index` as a frame.
    func frame(_ index: Int, _ name: String) throws(Diagnostic) -> DataFrame {
        let value = try required(index, name)
        let contents: DataFrame?
        do throws(FrameError) { contents = try value.frameContents() } catch { throw Diagnostic(error, at: span(index)) }
        guard let contents else {
            throw error(index, "\(callee) expects '\(name)' to be a frame, found \(value.typeName)")
        }
        return contents
    }

    /// Parameter `index` as a list.
    func list(_ index: Int, _ name: String) throws(Diagnostic) -> [Value] {
        let value = try required(index, name)
        guard case .list(let list) = value else {
            throw error(index, "\(callee) expects '\(name)' to be a list, found \(value.typeName)")
        }
        try checkMaterializable(list, self)
        return list.items
    }

    /// Parameter `index` as a list value, without copying its elements out (ranges stay lazy).
    func listValue(_ index: Int, _ name: String) throws(Diagnostic) -> ListValue {
        let value = try required(index, name)
        guard case .list(let list) = value else {
            throw error(index, "\(callee) expects '\(name)' to be a list, found \(value.typeName)")
        }
        return list
    }

    /// Parameter `index` as a function value.
    func function(_ index: Int, _ name: String) throws(Diagnostic) -> Value {
        let value = try required(index, name)
        switch value {
        case .closure, .builtin: return value
        default: throw error(index, "\(callee) expects '\(name)' to be a function, found \(value.typeName)", hint: "write a lambda such as x => x * 2")
        }
    }
}

extension Interpreter {
    /// The session that owns this interpreter.
    var session: Session? { context as? Session }
}
