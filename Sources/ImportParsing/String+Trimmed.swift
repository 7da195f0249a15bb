import Kinerja

extension String {
    /// Without surrounding spaces, tabs, line breaks and the no-break spaces spreadsheets insert.
    package var trimmed: String { Blank.trim(self) }
}
