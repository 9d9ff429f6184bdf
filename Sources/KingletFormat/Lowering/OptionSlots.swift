/// Option values being filled for one operator record, addressed by the kind's option enum.
struct OptionSlots<Options: OperatorOptions> {
    private(set) var values = [Int32](repeating: 0, count: FormatSpec.optionSlots)

    subscript(slot: Options) -> Int32 {
        get { values[slot.rawValue] }
        set { values[slot.rawValue] = newValue }
    }
}
