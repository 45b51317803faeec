import Frame

/// The inputs of DLE's loss models, fitted on the reference: the monitored features followed by
/// the monitored model's own prediction (NannyML feeds `y_pred` to the loss model too).
///
/// Numeric columns pass through (nulls stay nulls, which the trees route by their learned default
/// direction; `TreeFeatures.train` swaps them for LightGBM bin numbers). String and bool columns
/// are categorical: NannyML ordinal-encodes them with the sorted reference categories plus 1 (null
/// being a category of its own, a category the reference never had becoming 0) and lets LightGBM
/// split them as categories. Here a column with at most `TreeFeatures.oneHotLimit` categories (null
/// counted) becomes one 0/1 indicator per reference category (LightGBM's one-vs-rest splits); a
/// larger one becomes NannyML's code (null coded after the reference categories).
struct DirectLossFeatures: Sendable {
    /// One input column and how it is encoded.
    struct Feature: Sendable {
        let name: String
        let type: DataType
        /// The category encoder, for categorical columns.
        let encoder: CategoryEncoder?
        /// Whether the reference had nulls (a category of its own).
        let hasNulls: Bool
        /// Whether the categories become indicator columns.
        let oneHot: Bool
    }

    let features: [Feature]
    /// The tree feature names, in matrix order.
    let names: [String]
    /// Per tree feature: whether it is numeric (binned as LightGBM bins it) rather than a category
    /// indicator or code.
    let binned: [Bool]

    /// Fits on `columns` of `reference` (the prediction column last), rows in `order`; returns the
    /// encoding and the reference matrix (one array per tree feature).
    static func fit(
        _ reference: DataFrame, columns: [String], order: [Int]?
    ) throws(MonitorError) -> (features: DirectLossFeatures, matrix: [[Double]]) {
        var features: [Feature] = []
        var names: [String] = []
        var binned: [Bool] = []
        var matrix: [[Double]] = []
        for name in columns {
            let column = try ColumnValues.require(reference, name, role: "a DLE feature")
            let kind = try UnivariateDriftCalculator.kind(of: column, forcedCategorical: false, forcedContinuous: false)
            if kind == .categorical {
                var encoder = CategoryEncoder(type: column.type)
                let codes = encoder.fitReference(column, order: order)
                let hasNulls = codes.contains(-1)
                let categoryCount = encoder.referenceCount + (hasNulls ? 1 : 0)
                let feature = Feature(
                    name: name, type: column.type, encoder: encoder, hasNulls: hasNulls,
                    oneHot: categoryCount <= TreeFeatures.oneHotLimit)
                features.append(feature)
                let encoded = feature.encode(codes)
                matrix.append(contentsOf: encoded)
                names.append(contentsOf: feature.treeNames(count: encoded.count))
                binned.append(contentsOf: repeatElement(false, count: encoded.count))
            } else {
                features.append(Feature(name: name, type: column.type, encoder: nil, hasNulls: false, oneHot: false))
                matrix.append(try ColumnValues.doubles(column, order: order, role: "a DLE feature"))
                names.append(name)
                binned.append(true)
            }
        }
        return (DirectLossFeatures(features: features, names: names, binned: binned), matrix)
    }

    /// The matrix of `frame` (rows in `order`) encoded as the reference was.
    func matrix(of frame: DataFrame, order: [Int]?) throws(MonitorError) -> [[Double]] {
        var matrix: [[Double]] = []
        for feature in features {
            let column = try ColumnValues.require(frame, feature.name, role: "a DLE feature")
            if var encoder = feature.encoder {
                if !CategoryEncoder.compatible(column.type, feature.type) || column.type == .timestamp
                    || column.type == .duration
                {
                    throw MonitorError(
                        .wrongType,
                        "column '\(feature.name)' is \(column.type.name) in the analysis data, \(feature.type.name) in the reference",
                        column: feature.name)
                }
                matrix.append(contentsOf: feature.encode(encoder.encode(column, order: order)))
            } else {
                matrix.append(try ColumnValues.doubles(column, order: order, role: "a DLE feature"))
            }
        }
        return matrix
    }
}

extension DirectLossFeatures.Feature {
    /// Number of reference categories (categorical columns).
    var referenceCount: Int { encoder?.referenceCount ?? 0 }

    /// The tree columns of categorical `codes` (−1 null, reference categories first, later ones
    /// unseen).
    func encode(_ codes: [Int32]) -> [[Double]] {
        let count = referenceCount
        if oneHot {
            var categories = (0..<count).map { Int32($0) }
            if hasNulls { categories.append(-1) }
            return TreeFeatures.indicators(codes, categories: categories)
        }
        // NannyML's ordinal code + 1: unseen categories (and nulls the reference never had) are 0.
        var table = [Double](repeating: 0, count: count + 1)
        table[0] = hasNulls ? Double(count + 1) : 0
        for code in 0..<count { table[code + 1] = Double(code + 1) }
        return [TreeFeatures.lookup(codes, table: table, unseen: 0)]
    }

    /// Names for the `count` tree columns of this feature.
    func treeNames(count: Int) -> [String] {
        if !oneHot { return [name] }
        return (0..<count).map { $0 < referenceCount ? "\(name)=\($0)" : "\(name)=null" }
    }
}
