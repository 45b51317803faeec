import Trees

extension TrainingParameters {
    /// LightGBM's defaults as far as our trainer has them, which NannyML's internal models use:
    /// 100 rounds at learning rate 0.1, leaf-wise growth to 31 leaves without a depth limit, 255
    /// bins, no L1/L2 penalty, no row or column sampling. Callers set the minimum leaf hessian,
    /// which stands in for LightGBM's rows-per-leaf rule differently per objective.
    static func lightGBMDefaults(objective: Objective, minChildWeight: Double) -> TrainingParameters {
        var parameters = TrainingParameters()
        parameters.objective = objective
        parameters.rounds = 100
        parameters.learningRate = 0.1
        parameters.growth = .leafWise
        parameters.maxLeaves = 31
        parameters.maxDepth = 0
        parameters.maxBins = 255
        parameters.lambda = 0
        parameters.alpha = 0
        parameters.gamma = 0
        parameters.minChildWeight = minChildWeight
        parameters.subsample = 1
        parameters.colsample = 1
        return parameters
    }
}
