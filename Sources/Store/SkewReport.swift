import Frame

/// One check of a skew report: which training/serving skew cause it looks at, what it found.
public struct SkewFinding: Sendable, Equatable {
    /// The four causes of training/serving skew in the FTI book.
    public enum Cause: String, Sendable, Equatable, CaseIterable {
        /// Model-dependent transformations fitted (or applied) differently at serving.
        case transformations
        /// On-demand features computed on one side only, or differently.
        case onDemand = "on_demand"
        /// Training rows that saw values from after their spine time.
        case leakage
        /// Training data read from a different source than serving reads.
        case source
    }

    /// The verdict of one check.
    public enum Status: String, Sendable, Equatable {
        /// Nothing wrong found.
        case ok
        /// Training and serving differ: predictions will not be what validation promised.
        case skew
        /// The check could not be made, or found something worth a look that need not be skew.
        case warning
    }

    /// The cause it checks.
    public var cause: Cause
    /// A short name for the check, such as `serving_parameters`.
    public var check: String
    /// What it found.
    public var status: Status
    /// One line: the evidence, and what to do about skew.
    public var detail: String

    /// A finding.
    public init(_ cause: Cause, _ check: String, _ status: Status, _ detail: String) {
        self.cause = cause
        self.check = check
        self.status = status
        self.detail = detail
    }
}

/// What a skew report knows about how a model was trained: its input columns, and the registered
/// model, the training dataset or the plain frame it was trained on (whichever the caller has).
public struct SkewSubject: Sendable {
    /// The columns the model reads, in order.
    public var features: [String]
    /// The registry entry, for a registered model (its training dataset is then known).
    public var registered: RegisteredModel?
    /// The training dataset, when the caller names one (else the registered model's).
    public var dataset: TrainingDataset?
    /// A frame the model was trained on that the store did not make (audited against the store).
    public var frame: DataFrame?
    /// The frame's time column (default: the view's event time).
    public var spineTime: String?

    /// A subject; give what is known.
    public init(
        features: [String], registered: RegisteredModel? = nil, dataset: TrainingDataset? = nil, frame: DataFrame? = nil,
        spineTime: String? = nil
    ) {
        self.features = features
        self.registered = registered
        self.dataset = dataset
        self.frame = frame
        self.spineTime = spineTime
    }
}

/// The skew checks of one model served through one feature view, cause by cause.
public struct SkewReport: Sendable, Equatable {
    /// The serving view, e.g. `feature view 'fatigue' v1`.
    public var view: String
    /// The model, e.g. `model 'race_time' v2` or `an unregistered model`.
    public var model: String
    /// Every check, grouped by cause in the order of `SkewFinding.Cause.allCases`.
    public var findings: [SkewFinding]

    /// Checks that found skew.
    public var skewCount: Int { findings.filter { $0.status == .skew }.count }
    /// Checks that warn.
    public var warningCount: Int { findings.filter { $0.status == .warning }.count }

    /// The findings as a frame: `cause, check, status, detail`.
    public func frame() throws(StoreError) -> DataFrame {
        do throws(FrameError) {
            return try DataFrame(columns: [
                Column(name: "cause", strings: findings.map { $0.cause.rawValue }),
                Column(name: "check", strings: findings.map(\.check)),
                Column(name: "status", strings: findings.map { $0.status.rawValue }),
                Column(name: "detail", strings: findings.map(\.detail)),
            ])
        } catch {
            throw StoreError.frame(error, "skew report")
        }
    }
}

/// Training/serving skew: how `view` serves features now against how the model was trained.
extension FeatureStore {
    /// Checks the four skew causes for a model served through `view`: the transformations serving
    /// applies against those the model was trained with; the inputs the model reads and the
    /// on-demand features each side computes; point-in-time correctness of the training rows (and a
    /// label read as a feature, transformations fitted before a time split); and where training
    /// and serving read their data (the same view and groups, online tables, online = offline).
    public func skewReport(_ view: FeatureView, _ subject: SkewSubject) throws(StoreError) -> SkewReport {
        let context = try SkewContext(store: self, view: view, subject: subject)
        let findings = try context.transformationFindings() + context.onDemandFindings() + context.leakageFindings()
            + context.sourceFindings()
        let model = subject.registered.map { "model '\($0.name)' v\($0.version)" } ?? "an unregistered model"
        return SkewReport(view: context.serving.label, model: model, findings: findings)
    }
}
