import Frame
import Lang

/// A host object that stands for a frame wherever a verb expects one: an ingestion report is a
/// one-row frame, so `concat([insert(a, x), insert(b, y)])` stacks reports like any frames.
protocol FrameConvertible: HostObject {
    /// The frame the object stands for.
    func frame() throws(FrameError) -> DataFrame
}

extension Value {
    /// The frame this value is or stands for (a frame, or a `FrameConvertible` object); nil otherwise.
    func frameContents() throws(FrameError) -> DataFrame? {
        switch self {
        case .host(let object as FrameValue): return object.frame
        case .host(let object as any FrameConvertible): return try object.frame()
        default: return nil
        }
    }
}
