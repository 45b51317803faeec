/// Where each x position of a chart lands in the columns of a text plot, and where the
/// reference/analysis divider goes.
///
/// Categories get equal slots (a step per slot, its marker in the middle) and a column of their own
/// for the divider; numbers and timestamps are placed to scale with the divider between the last
/// reference and the first analysis position.
struct ChartTextLayout {
    /// A run of columns owned by one x position.
    struct Slot: Equatable {
        var start: Int
        var end: Int
        var center: Int { (start + end) / 2 }
    }

    /// Plot columns.
    let width: Int
    /// One slot per x position; nil when the position cannot be placed (a NaN number).
    let slots: [Slot?]
    /// The divider's column, if one is drawn.
    let divider: Int?
    /// Positions before this index are in the reference period.
    let referenceCount: Int
    /// Whether a period split was asked for.
    let hasPeriods: Bool
    /// The range of finite numeric x positions (nil for categories or when there is none).
    let extent: (low: Double, high: Double)?
    /// True for category slots, false for positions placed to scale.
    let isCategorical: Bool

    init(spec: ChartSpec, width: Int) {
        self.width = width
        let count = spec.x.count
        hasPeriods = spec.periods != nil
        referenceCount = min(max(spec.periods?.referenceCount ?? count, 0), count)
        let split = hasPeriods && referenceCount > 0 && referenceCount < count
        switch spec.x {
        case .categories:
            extent = nil
            isCategorical = true
            let usable = max(1, width - (split ? 1 : 0))
            var slots: [Slot?] = []
            slots.reserveCapacity(count)
            for index in 0..<count {
                let start = index * usable / count
                var slot = Slot(start: start, end: max(start, (index + 1) * usable / count - 1))
                if split && index >= referenceCount {
                    slot.start += 1
                    slot.end += 1
                }
                slots.append(slot)
            }
            self.slots = slots
            divider = split ? referenceCount * usable / count : nil
        case .numbers(let values):
            isCategorical = false
            (slots, extent) = Self.scaled(values, width: width)
            divider = split ? Self.between(slots, referenceCount) : nil
        case .timestamps(let values):
            isCategorical = false
            (slots, extent) = Self.scaled(values.map { Double($0) }, width: width)
            divider = split ? Self.between(slots, referenceCount) : nil
        }
    }

    /// One-column slots for values placed to scale between their minimum and maximum.
    static func scaled(_ values: [Double], width: Int) -> ([Slot?], (low: Double, high: Double)?) {
        let extent = ChartScale.extent([values])
        var slots: [Slot?] = []
        slots.reserveCapacity(values.count)
        for value in values {
            guard value.isFinite, let extent else {
                slots.append(nil)
                continue
            }
            let fraction = ChartScale.fraction(value, low: extent.low, high: extent.high)
            let column = ChartScale.index(fraction * Double(width - 1), limit: width - 1)
            slots.append(Slot(start: column, end: column))
        }
        return (slots, extent)
    }

    /// The column halfway between the last reference and the first analysis position.
    static func between(_ slots: [Slot?], _ referenceCount: Int) -> Int? {
        guard referenceCount > 0, referenceCount < slots.count,
            let last = slots[referenceCount - 1], let first = slots[referenceCount]
        else { return nil }
        return ChartScale.roundedDivision(last.center + first.center, 2)
    }

    /// The column of a data coordinate (an index for categories, a value otherwise).
    func column(of position: Double) -> Int {
        if isCategorical {
            guard position >= 0, position < Double(slots.count), let slot = slots[Int(position)] else { return 0 }
            return slot.center
        }
        guard let extent else { return 0 }
        let fraction = ChartScale.fraction(position, low: extent.low, high: extent.high)
        return ChartScale.index(fraction * Double(width - 1), limit: width - 1)
    }

    /// The period of an x position: 0 reference, 1 analysis (everything is one period without a split).
    func period(of index: Int) -> Int {
        hasPeriods && index >= referenceCount ? 1 : 0
    }
}
