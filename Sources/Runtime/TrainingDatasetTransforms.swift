import Frame
import Store

/// `td.transforms`: the transformation parameters a training dataset fitted on its train rows,
/// as a frame a notebook can read (one row per transformed column), so a reader can see what
/// serving will apply: the train values' `mean`, `std`, `min` and `max` (scalers), `categories`
/// (one_hot and label_encoder, in their sorted order, comma-separated); null where a parameter does
/// not apply.
enum TrainingDatasetTransforms {
    /// The frame of `fitted`, in the dataset's order.
    static func frame(_ fitted: [FittedTransformation]) throws(FrameError) -> DataFrame {
        func numbers(_ name: String, _ pick: (FittedTransformation) -> Double?) -> Column {
            let values = fitted.map(pick)
            return Column(name: name, floats: values.map { $0 ?? 0 }, validity: values.map { $0 != nil })
        }
        let categories: [String?] = fitted.map { fit in
            fit.categories.isEmpty && fit.kind != .oneHot && fit.kind != .labelEncoder
                ? nil : fit.categories.map(text).joined(separator: ", ")
        }
        return try DataFrame(columns: [
            Column(name: "column", strings: fitted.map(\.column)),
            Column(name: "kind", strings: fitted.map(\.kind.rawValue)),
            numbers("mean", \.mean),
            numbers("std", \.std),
            numbers("min", \.min),
            numbers("max", \.max),
            Column(name: "categories", strings: categories),
        ])
    }

    /// A category as text (strings as they are).
    private static func text(_ value: Scalar) -> String {
        switch value {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .float(let number): return NumberFormatting.shortest(number)
        case .null: return "null"
        case .timestamp(let micros): return NumberFormatting.timestamp(micros)
        case .duration(let micros): return NumberFormatting.duration(micros)
        }
    }
}
