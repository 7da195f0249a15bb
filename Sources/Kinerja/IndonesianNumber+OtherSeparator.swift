import Foundation

extension IndonesianNumber {
    /// A number in the column's style; failing that, one written with the other style's decimal mark where it cannot
    /// be anything else (`4.65` among `4,10`: one mark, no mark of the column's own style, not three digits after it,
    /// so not a group of thousands). `otherStyle` says the second happened, for a finding. Ambiguous text (`1.234`) is
    /// read in the column's style, and text that is no number throws the column style's error.
    public static func parseTolerant(
        _ text: String, style: NumberStyle, percent: Bool = false
    ) throws(NumberError) -> (value: Decimal?, otherStyle: Bool) {
        let other: NumberStyle = style == .indonesian ? .us : .indonesian
        do throws(NumberError) {
            // A percent column already reads `95.51` as a decimal (`parse`); it is still the other mark.
            return (try parse(text, style: style, percent: percent), onlyOtherMark(text, other: other, own: style))
        } catch {
            guard onlyOtherMark(text, other: other, own: style),
                let value = try? parse(text, style: other, percent: percent)
            else { throw error }
            return (value, true)
        }
    }

    /// One decimal mark of `other`, none of `own`, and not three digits after it (which could be thousands).
    private static func onlyOtherMark(_ text: String, other: NumberStyle, own: NumberStyle) -> Bool {
        let body = trimmed(text)
        guard body.filter({ $0 == other.decimalSeparator }).count == 1, !body.contains(own.decimalSeparator),
            let after = body.split(separator: other.decimalSeparator).last?.prefix(while: \.isNumber)
        else { return false }
        return after.count != 3
    }
}
