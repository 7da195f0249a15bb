extension String {
    /// Nil for an empty cell: stored as NULL, not as an empty string.
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
