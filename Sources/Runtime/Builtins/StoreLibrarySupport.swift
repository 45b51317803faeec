import Frame
import Lang
import Store

/// Reading store objects out of builtin arguments, and turning store errors into diagnostics
/// with the caret under the argument at fault.
enum StoreSupport {
    /// Runs store work; a `StoreError` becomes a diagnostic at the argument `blame` picks (the whole
    /// call when it picks none), naming the store's path as the user wrote it.
    static func run<T>(
        _ args: Arguments, _ owner: StoreValue?, blame: (StoreError) -> Int? = { _ in nil }, _ body: () throws(StoreError) -> T
    ) throws(Diagnostic) -> T {
        do throws(StoreError) {
            return try body()
        } catch {
            throw diagnostic(error, owner, at: blame(error).map { args.span($0) } ?? args.callSpan)
        }
    }

    /// Runs store work outside a call (members of values); an error has no caret.
    static func run<T>(_ owner: StoreValue?, at span: SourceSpan?, _ body: () throws(StoreError) -> T) throws(Diagnostic) -> T {
        do throws(StoreError) {
            return try body()
        } catch {
            throw diagnostic(error, owner, at: span)
        }
    }

    /// Runs frame work; its error becomes a diagnostic at `span` (none when nil).
    static func frameWork<T>(at span: SourceSpan?, _ body: () throws(FrameError) -> T) throws(Diagnostic) -> T {
        do throws(FrameError) {
            return try body()
        } catch {
            throw Diagnostic(error.message, at: span, hint: error.hint)
        }
    }

    /// The diagnostic for a store error at `span`, with a hint where one helps.
    static func diagnostic(_ error: StoreError, _ owner: StoreValue?, at span: SourceSpan?) -> Diagnostic {
        var message = error.message
        if let owner, owner.resolved != owner.path {
            message = message.replacingOccurrences(of: owner.resolved, with: owner.path)
        }
        var hint: String? = nil
        switch error.kind {
        case .validationFailed: hint = "validation_reports(fg) holds every report; a lenient policy writes the good rows"
        case .schemaChange: hint = "feature_group(s, name, version: next, …) creates the next version"
        default: break
        }
        return Diagnostic(message, at: span, hint: hint)
    }

    /// The argument to blame for an error about a batch or spine given as argument `frame`.
    static func frameBlame(_ frame: Int) -> (StoreError) -> Int? {
        { error in
            switch error.kind {
            case .missingColumn, .typeMismatch, .nullKey, .schemaChange, .immutableReference, .validationFailed, .duplicateName,
                .invalidName:
                return frame
            case .notFound: return 0
            default: return nil
            }
        }
    }

    /// A time bound given as a timestamp (or an int, for int event times); nil when omitted.
    static func instant(_ args: Arguments, _ index: Int, _ name: String) throws(Diagnostic) -> Int64? {
        guard let value = args.value(index) else { return nil }
        switch value {
        case .timestamp(let micros): return micros
        case .int(let number): return number
        default:
            throw args.error(index, "\(args.callee) expects '\(name)' to be a timestamp such as @2024-06-01, found \(value.typeName)")
        }
    }

    /// A list argument's items (a single value counts as a one-item list).
    static func items(_ args: Arguments, _ index: Int, _ name: String) throws(Diagnostic) -> [Value] {
        let value = try args.required(index, name)
        if case .list(let list) = value {
            try checkMaterializable(list, args)
            return list.items
        }
        return [value]
    }

    /// A list of strings.
    static func strings(_ args: Arguments, _ index: Int, _ name: String) throws(Diagnostic) -> [String] {
        var names: [String] = []
        for item in try items(args, index, name) {
            guard case .string(let text) = item else {
                throw args.error(index, "\(args.callee) expects '\(name)' to be a list of strings, found \(item.typeName)")
            }
            names.append(text)
        }
        return names
    }
}

extension Arguments {
    /// Parameter `index` as an open store.
    func storeValue(_ index: Int, _ name: String) throws(Diagnostic) -> StoreValue {
        let value = try required(index, name)
        guard case .host(let object as StoreValue) = value else {
            throw error(index, "\(callee) expects '\(name)' to be a store (from store(\"path.db\")), found \(value.typeName)")
        }
        return object
    }

    /// Parameter `index` as a feature group.
    func featureGroupValue(_ index: Int, _ name: String) throws(Diagnostic) -> FeatureGroupValue {
        let value = try required(index, name)
        guard case .host(let object as FeatureGroupValue) = value else {
            throw error(index, "\(callee) expects '\(name)' to be a feature group (from feature_group), found \(value.typeName)")
        }
        return object
    }

    /// Parameter `index` as a feature view.
    func featureViewValue(_ index: Int, _ name: String) throws(Diagnostic) -> FeatureViewValue {
        let value = try required(index, name)
        guard case .host(let object as FeatureViewValue) = value else {
            throw error(index, "\(callee) expects '\(name)' to be a feature view (from feature_view), found \(value.typeName)")
        }
        return object
    }

    /// Parameter `index` as a training dataset.
    func trainingDatasetValue(_ index: Int, _ name: String) throws(Diagnostic) -> TrainingDatasetValue {
        let value = try required(index, name)
        guard case .host(let object as TrainingDatasetValue) = value else {
            throw error(index, "\(callee) expects '\(name)' to be a training dataset (from training_data), found \(value.typeName)")
        }
        return object
    }
}
