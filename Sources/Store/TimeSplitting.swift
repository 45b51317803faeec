import Frame

/// Time splits of training datasets, and applying a view's fitted transformations to any frame.
extension FeatureStore {
    /// Splits `dataset` by spine time: train rows before `testFrom − gap`, test rows from `testFrom`
    /// (to `testUntil`, exclusive). Refits the view's transformations on the train rows, stores the
    /// split and the parameters with the dataset, and returns both parts transformed.
    ///
    /// `gap` should be at least the longest rolling window behind any feature, so no train row's
    /// window reaches into the test period. A dataset a model was registered on keeps its split.
    public func splitByTime(
        _ dataset: TrainingDataset, testFrom: Int64, gap: Int64 = 0, testUntil: Int64? = nil
    ) throws(StoreError) -> TrainTestSplit {
        let context = "split of training dataset v\(dataset.version) of feature view '\(dataset.view)' v\(dataset.viewVersion)"
        if gap < 0 { throw StoreError(.invalidArgument, "\(context): gap must not be negative") }
        if let testUntil, testUntil <= testFrom {
            throw StoreError(.invalidArgument, "\(context): test_until must be after test_from")
        }
        guard let time = dataset.frame.column(named: dataset.spineTime) else {
            throw StoreError(.invalidArgument, "\(context): the dataset has no spine time to split on")
        }
        let view = try featureView(named: dataset.view, version: dataset.viewVersion)
        let split = TimeSplit(testFrom: testFrom, gap: gap, testUntil: testUntil)
        let models = try reading(context) { () throws -> [String] in
            try rows("SELECT name || ' v' || version FROM fti_model WHERE dataset_id = ? ORDER BY name, version", [.int(dataset.id)])
                .compactMap { $0[0].stringValue }
        }
        if let existing = dataset.split, existing != split, !models.isEmpty {
            throw StoreError(
                .invalidArgument,
                "\(context): model \(models[0]) was trained on its current split; create a new training dataset for another split")
        }
        let access = ColumnAccess(time)
        var trainRows: [Int] = []
        var testRows: [Int] = []
        let trainEnd = testFrom - gap
        for row in 0..<access.count where !access.isNull(row) {
            let value = access.int64(row)
            if value < trainEnd {
                trainRows.append(row)
            } else if value >= testFrom && testUntil.map({ value < $0 }) ?? true {
                testRows.append(row)
            }
        }
        if trainRows.isEmpty { throw StoreError(.invalidArgument, "\(context): no row falls before test_from − gap, so there is nothing to train on") }
        let train = dataset.frame.gather(trainRows)
        let test = dataset.frame.gather(testRows)
        let fitted = try Transformer.fit(view.transformations, on: train, context: context)
        let updated = try writing("cannot save the \(context)") { () throws -> TrainingDataset in
            try run(
                "UPDATE fti_training_dataset SET split_test_from = ?, split_gap = ?, split_test_until = ? WHERE id = ?",
                [.int(testFrom), .int(gap), testUntil.map(Scalar.int) ?? .null, .int(dataset.id)])
            try storeFit(fitted, datasetID: dataset.id)
            return try loadTrainingDataset(id: dataset.id)
        }
        return TrainTestSplit(
            dataset: updated, train: try Transformer.apply(fitted, to: train, context: context),
            test: try Transformer.apply(fitted, to: test, context: context))
    }

    /// `frame` with the view's transformations applied, using the parameters fitted for `dataset`
    /// (default: the view's latest training dataset). Columns the frame lacks are skipped.
    public func transform(_ frame: DataFrame, view: FeatureView, dataset: TrainingDataset? = nil) throws(StoreError) -> DataFrame {
        let current = try featureView(named: view.name, version: view.version)
        let fitted = try servingFit(current, dataset: dataset)
        return try Transformer.apply(fitted, to: frame, context: "transforming for \(current.label)")
    }

    /// The fitted parameters serving uses: those of `dataset`, else of the view's latest dataset.
    func servingFit(_ view: FeatureView, dataset: TrainingDataset?) throws(StoreError) -> [FittedTransformation] {
        if view.transformations.isEmpty { return [] }
        if let dataset {
            if dataset.view != view.name || dataset.viewVersion != view.version {
                throw StoreError(
                    .invalidArgument,
                    "training dataset v\(dataset.version) belongs to feature view '\(dataset.view)' v\(dataset.viewVersion), not to \(view.label)")
            }
            return dataset.fitted
        }
        return try reading("cannot read the transformations of \(view.label)") { () throws -> [FittedTransformation] in
            guard let row = try firstRow(
                """
                SELECT d.id, (SELECT COUNT(*) FROM fti_transform_fit AS f WHERE f.dataset_id = d.id),
                    d.split_test_from, d.split_gap, d.split_test_until
                FROM fti_training_dataset AS d WHERE d.view_id = ? ORDER BY d.version DESC LIMIT 1
                """, [.int(view.id)]),
                let id = row[0].integerValue
            else {
                throw StoreError(
                    .invalidArgument,
                    "\(view.label) has transformations but no training dataset to fit them on; create training data first")
            }
            // Refitting (a new split) changes the parameters in place, so the cache is keyed by the split too.
            let key = ServingFitKey(
                datasetID: id, fitCount: row[1].integerValue, testFrom: row[2].integerValue, gap: row[3].integerValue,
                testUntil: row[4].integerValue)
            if let cached = servingFits[view.id], cached.key == key { return cached.fitted }
            let fitted = try loadFit(datasetID: id)
            servingFits[view.id] = (key, fitted)
            return fitted
        }
    }
}

/// What the cached serving parameters of a view were read for: its latest dataset and that dataset's split.
struct ServingFitKey: Equatable {
    var datasetID: Int64
    var fitCount: Int64?
    var testFrom: Int64?
    var gap: Int64?
    var testUntil: Int64?
}
