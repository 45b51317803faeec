import Frame

/// NannyML's preprocessing for data-reconstruction drift, fitted on the reference: impute (the mean
/// of a continuous column, the most frequent category of a categorical one), encode each category
/// by its share of the imputed reference (category_encoders' normalised CountEncoder: a category
/// the reference never had becomes 0), then standardise every column by the reference mean and
/// population standard deviation. The matrix keeps the order the columns were named in.
struct ReconstructionEncoding: Sendable {
    /// One column's fitted steps.
    struct Feature: Sendable {
        let name: String
        let type: DataType
        /// The category encoder (categorical columns only).
        let encoder: CategoryEncoder?
        /// Continuous: the reference mean nulls are replaced with.
        let fill: Double
        /// Categorical: the most frequent reference category (ties to the smallest), for nulls.
        let fillCode: Int32
        /// Categorical: each reference category's share of the imputed reference, by code.
        let frequencies: [Double]
        /// Standardisation: the encoded reference column's mean and population std.
        let center: Double
        let scale: Double
    }

    let features: [Feature]

    /// Number of matrix columns.
    var dimension: Int { features.count }

    /// Fits on `frame`'s `columns` (rows in `order`) and returns the encoding with the
    /// standardised reference matrix (row-major, rows in `order`).
    static func fit(
        _ frame: DataFrame, columns: [(name: String, categorical: Bool)], order: [Int]?
    ) throws(MonitorError) -> (encoding: ReconstructionEncoding, matrix: [Double]) {
        var features: [Feature] = []
        var encodedColumns: [[Double]] = []
        for entry in columns {
            try MonitorError.checkInterrupt()
            let column = try ColumnValues.require(frame, entry.name, role: "a reconstruction column")
            var values: [Double]
            var encoder: CategoryEncoder? = nil
            var fill = 0.0
            var fillCode: Int32 = -1
            var frequencies: [Double] = []
            if entry.categorical {
                var fitted = CategoryEncoder(type: column.type)
                var codes = fitted.fitReference(column, order: order)
                if fitted.count == 0 {
                    throw MonitorError(
                        .nullValues, "column '\(entry.name)' has no values in the reference data", column: entry.name)
                }
                var counts = CategoricalDriftReference.tally(codes, 0..<codes.count, categoryCount: fitted.count)
                // scikit-learn's most-frequent imputer breaks ties towards the smallest value, which
                // is the lowest code (codes follow sorted order).
                var best = 0
                for code in 1..<counts.count where counts[code] > counts[best] { best = code }
                fillCode = Int32(best)
                for i in 0..<codes.count where codes[i] < 0 {
                    codes[i] = fillCode
                    counts[best] += 1
                }
                let total = Double(codes.count)
                frequencies = counts.map { Double($0) / total }
                values = ReconstructionEncoding.frequencyValues(codes, frequencies)
                encoder = fitted
            } else {
                values = try ColumnValues.doubles(column, order: order, role: "a reconstruction column")
                let present = ColumnValues.present(values, 0..<values.count)
                if present.isEmpty {
                    throw MonitorError(
                        .nullValues, "column '\(entry.name)' has no values in the reference data", column: entry.name)
                }
                try ReconstructionEncoding.checkFinite(present, entry.name)
                fill = NumPySum.mean(present)
                for i in 0..<values.count where values[i].isNaN { values[i] = fill }
            }
            var smallest = Double.infinity
            var largest = -Double.infinity
            for value in values {
                smallest = min(smallest, value)
                largest = max(largest, value)
            }
            if smallest == largest {
                throw MonitorError(
                    .invalidArgument,
                    "column '\(entry.name)' is constant in the reference data, so it cannot be standardised; leave it out",
                    column: entry.name)
            }
            let center = NumPySum.mean(values)
            let scale = NumPySum.standardDeviation(values)
            features.append(
                Feature(
                    name: entry.name, type: column.type, encoder: encoder, fill: fill, fillCode: fillCode,
                    frequencies: frequencies, center: center, scale: scale))
            encodedColumns.append(values)
        }
        let encoding = ReconstructionEncoding(features: features)
        return (encoding, encoding.standardize(encodedColumns))
    }

    /// The standardised matrix of `frame` (row-major, rows in `order`), imputed and encoded with the
    /// reference's fitted values.
    func matrix(of frame: DataFrame, order: [Int]?) throws(MonitorError) -> [Double] {
        var encodedColumns: [[Double]] = []
        for feature in features {
            let column = try ColumnValues.require(frame, feature.name, role: "a reconstruction column")
            if var encoder = feature.encoder {
                if !CategoryEncoder.compatible(column.type, feature.type) || column.type == .timestamp
                    || column.type == .duration
                {
                    throw MonitorError(
                        .wrongType,
                        "column '\(feature.name)' is \(column.type.name) in the analysis data, \(feature.type.name) in the reference",
                        column: feature.name)
                }
                var codes = encoder.encode(column, order: order)
                for i in 0..<codes.count where codes[i] < 0 { codes[i] = feature.fillCode }
                encodedColumns.append(ReconstructionEncoding.frequencyValues(codes, feature.frequencies))
            } else {
                var values = try ColumnValues.doubles(column, order: order, role: "a reconstruction column")
                for i in 0..<values.count {
                    if values[i].isNaN {
                        values[i] = feature.fill
                    } else if values[i].isInfinite {
                        throw MonitorError(
                            .outOfRange, "column '\(feature.name)' holds an infinite value at row \(order?[i] ?? i)",
                            column: feature.name)
                    }
                }
                encodedColumns.append(values)
            }
        }
        return standardize(encodedColumns)
    }

    /// Row-major `(x − center) / scale` of the encoded columns.
    private func standardize(_ columns: [[Double]]) -> [Double] {
        let d = features.count
        let n = columns.first?.count ?? 0
        var matrix = [Double](repeating: 0, count: n * d)
        matrix.withUnsafeMutableBufferPointer { target in
            for (j, feature) in features.enumerated() {
                columns[j].withUnsafeBufferPointer { source in
                    for row in 0..<n { target[row * d + j] = (source[row] - feature.center) / feature.scale }
                }
            }
        }
        return matrix
    }

    /// Each code's reference share; codes the reference never had give 0.
    private static func frequencyValues(_ codes: [Int32], _ frequencies: [Double]) -> [Double] {
        var values = [Double](repeating: 0, count: codes.count)
        for i in 0..<codes.count {
            let code = Int(codes[i])
            if code >= 0 && code < frequencies.count { values[i] = frequencies[code] }
        }
        return values
    }

    /// scikit-learn refuses infinite inputs; so does this port.
    private static func checkFinite(_ values: [Double], _ name: String) throws(MonitorError) {
        for value in values where value.isInfinite {
            throw MonitorError(.outOfRange, "column '\(name)' holds an infinite reference value", column: name)
        }
    }
}
