/// Numbers sasaran and their indicators the way LKIP tables do: "1." for each new sasaran, indicators
/// counted from 1 within it.
struct SasaranGrouping {
    private var sasaran: [String] = []
    private var indicatorsInCurrent = 0

    /// The sasaran number and the indicator's number within it for the next row.
    mutating func next(_ name: String) -> (sasaran: Int, indicator: Int) {
        if sasaran.last != name {
            sasaran.append(name)
            indicatorsInCurrent = 0
        }
        indicatorsInCurrent += 1
        return (sasaran.count, indicatorsInCurrent)
    }
}
