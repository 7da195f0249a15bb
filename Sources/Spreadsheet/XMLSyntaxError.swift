/// Malformed XML found by `XMLPullParser`; the XLSX reader adds file, part and row.
struct XMLSyntaxError: Error, CustomStringConvertible {
    let description: String
}
