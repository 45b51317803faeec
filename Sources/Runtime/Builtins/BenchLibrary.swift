import Frame
import Lang

/// Builtins for timing code and checking results, used by `bench/` and for ad-hoc measurements.
///
/// Timings are volatile, so in notebook mode they are replaced by placeholders and a replay stays
/// byte-identical; `bench_checks` is deterministic and behaves the same everywhere.
enum BenchLibrary {
    /// What notebooks see instead of a measured time.
    static let timePlaceholder = "<time>"

    static let builtins: [Builtin] = [
        Builtin(name: "time_runs", parameters: ["function", "runs", "warmup"], required: 1,
                signature: "time_runs(function, runs: 5, warmup: 1)",
                summary: "Calls a function of no arguments warmup times, then runs times; the wall time of each timed call in seconds",
                group: "bench") { args, vm throws(Diagnostic) in
            let function = try args.function(0, "function")
            let runs = try args.int(1, "runs", default: 5)
            let warmup = try args.int(2, "warmup", default: 1)
            guard runs >= 1 && runs <= 1_000 else { throw args.error(1, "time_runs needs 1 to 1000 runs, found \(runs)") }
            guard warmup >= 0 && warmup <= 1_000 else { throw args.error(2, "time_runs needs 0 to 1000 warm-up runs, found \(warmup)") }
            for _ in 0..<warmup { _ = try vm.call(function, [], at: args.callSpan) }
            var seconds: [Double] = []
            for _ in 0..<runs {
                let start = monotonicNanoseconds()
                let result = try vm.call(function, [], at: args.callSpan)
                let end = monotonicNanoseconds()
                // The result is released after the clock stops, as peers' results are.
                withExtendedLifetime(result) {}
                seconds.append(Double(end &- start) / 1e9)
            }
            if vm.session?.options.isNotebook == true {
                return .list(seconds.map { _ in .string(timePlaceholder) })
            }
            return .list(seconds.map(Value.float))
        },
        Builtin(name: "monotonic", parameters: [], signature: "monotonic()",
                summary: "Seconds on the system's monotonic clock (CLOCK_MONOTONIC), for timing windows",
                group: "bench") { _, vm throws(Diagnostic) in
            if vm.session?.options.isNotebook == true { return .string(timePlaceholder) }
            return .float(Double(monotonicNanoseconds()) / 1e9)
        },
        Builtin(name: "bench_checks", parameters: ["df"], signature: "bench_checks(df)",
                summary: "Check values of a frame for comparing results across libraries: rows, and per numeric column sum, nulls, ordered checksum",
                group: "bench") { args, _ throws(Diagnostic) in
            let checks = BenchChecks(try args.frame(0, "df"))
            return .record(RecordValue(keys: checks.names, values: checks.values))
        },
    ]
}

/// The check values `bench/checks.py` defines: `rows` and `bytes` (the frame's buffer bytes);
/// per int-like column c `c_sum`, `c_ordered` and `c_nulls`; per float or bool column `c_sum` and `c_nulls`.
/// `c_ordered` is Σ over rows i (from 1) of (i · (v mod M)) mod M, mod M = 2^31 − 1, nulls as 0.
struct BenchChecks {
    static let modulus: Int64 = 2_147_483_647
    private(set) var names: [String] = []
    private(set) var values: [Value] = []

    init(_ frame: DataFrame) {
        add("rows", .int(Int64(frame.height)))
        add("bytes", .int(Int64(BenchChecks.bufferBytes(frame))))
        for column in frame.columns {
            switch column.storage {
            case .int64(let buffer):
                var sum: Int64 = 0
                var ordered: Int64 = 0
                buffer.withUnsafeBufferPointer { values in
                    for row in 0..<values.count where !column.isNull(row) {
                        sum &+= values[row]
                        let residue = ((values[row] % BenchChecks.modulus) + BenchChecks.modulus) % BenchChecks.modulus
                        ordered = (ordered + (Int64(row + 1) * residue) % BenchChecks.modulus) % BenchChecks.modulus
                    }
                }
                add(column.name + "_sum", .int(sum))
                add(column.name + "_ordered", .int(ordered))
            case .float64(let buffer):
                var sum = 0.0
                buffer.withUnsafeBufferPointer { values in
                    for row in 0..<values.count where !column.isNull(row) { sum += values[row] }
                }
                add(column.name + "_sum", .float(sum))
            case .bool(let buffer):
                var sum: Int64 = 0
                buffer.withUnsafeBufferPointer { values in
                    for row in 0..<values.count where !column.isNull(row) { sum += Int64(values[row]) }
                }
                add(column.name + "_sum", .int(sum))
            case .utf8, .dictionary:
                continue
            }
            add(column.name + "_nulls", .int(Int64(column.nullCount)))
        }
    }

    private mutating func add(_ name: String, _ value: Value) {
        names.append(name)
        values.append(value)
    }

    /// Bytes held by the frame's value buffers, string bytes and offsets, and validity bitmaps.
    static func bufferBytes(_ frame: DataFrame) -> Int {
        var total = 0
        for column in frame.columns {
            switch column.storage {
            case .int64(let buffer): total += buffer.count * 8
            case .float64(let buffer): total += buffer.count * 8
            case .bool(let buffer): total += buffer.count
            case .utf8(let strings): total += strings.offsets.count * 8 + strings.bytes.count
            case .dictionary(let strings):
                total += strings.codes.count * 4 + strings.values.offsets.count * 8 + strings.values.bytes.count
            }
            if column.validity != nil { total += (column.count + 63) / 64 * 8 }
        }
        return total
    }
}
