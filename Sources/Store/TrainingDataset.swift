import Frame

/// A saved point-in-time training dataset: a version under its feature view, the rows, their
/// statistics, the commit each group was read at (so it can be recreated exactly), the transformation
/// parameters fitted on its train rows, and its time split if one was made.
public struct TrainingDataset: Sendable, Equatable {
    /// Registry id.
    let id: Int64
    /// The view's name.
    public let view: String
    /// The view's version.
    public let viewVersion: Int
    /// The dataset's version (1, 2, … per view version).
    public let version: Int
    /// One row per spine row, in spine order: spine columns, then features, then labels.
    public let frame: DataFrame
    /// The spine's time column.
    public let spineTime: String
    /// The spine-time range it was built for, `[start, end)`; nil = open.
    public let start: Int64?
    /// End of that range (exclusive).
    public let end: Int64?
    /// Per source group, the last commit visible when the dataset was made.
    public let watermarks: [GroupWatermark]
    /// Statistics per column.
    public let statistics: [ColumnStatistics]
    /// Transformation parameters fitted on the train rows (all rows until a split is made).
    public let fitted: [FittedTransformation]
    /// The time split, once `splitByTime` made one.
    public let split: TimeSplit?
}

/// The last commit of a group a training dataset saw.
public struct GroupWatermark: Sendable, Equatable {
    /// The group's name.
    public var group: String
    /// The group's version.
    public var version: Int
    /// The commit sequence number (0 when the group had none).
    public var commit: Int64
}

/// A time split of a training dataset: train rows have spine time `< testFrom − gap`, test rows
/// `≥ testFrom` (and `< testUntil` when given); rows in the gap are in neither.
public struct TimeSplit: Sendable, Equatable {
    /// First spine time of the test rows.
    public var testFrom: Int64
    /// Rows this long before `testFrom` are left out, so that no rolling window of a train row
    /// reaches into the test period (at least the longest window).
    public var gap: Int64
    /// End of the test rows (exclusive); nil = open.
    public var testUntil: Int64?

    /// A split.
    public init(testFrom: Int64, gap: Int64 = 0, testUntil: Int64? = nil) {
        self.testFrom = testFrom
        self.gap = gap
        self.testUntil = testUntil
    }
}

/// Train and test rows of a split training dataset, with the view's transformations applied
/// (fitted on the train rows).
public struct TrainTestSplit: Sendable, Equatable {
    /// The dataset, now recording the split and the train-fitted parameters.
    public var dataset: TrainingDataset
    /// Train rows, transformed.
    public var train: DataFrame
    /// Test rows, transformed.
    public var test: DataFrame
}
