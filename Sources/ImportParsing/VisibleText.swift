import Foundation

/// Text from an upload or a job, made safe to show on a terminal: control characters (an ANSI escape that would
/// recolour or clear the operator's screen, a carriage return that would overwrite a line) are written out as
/// `\x1B`-style escapes. Line breaks become ⏎ where one line is wanted.
public enum VisibleText {
    public static func escaped(_ text: String, keepLineBreaks: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                out += keepLineBreaks ? "\n" : "⏎"
            } else if scalar == "\t" {
                out += keepLineBreaks ? "\t" : "\\t"
            } else if isControl(scalar) {
                out += String(format: "\\x%02X", scalar.value)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// C0 controls (but line breaks and tabs, which `escaped` handles), DEL and the C1 controls (0x9B starts an
    /// escape sequence on some terminals, as ESC [ does).
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
