import Foundation

/// Times as the report prints them: Western Indonesian Time (WIB, Asia/Jakarta, UTC+7 without daylight saving
/// since 1964), Indonesian month names, `.` between hours and minutes: "29 November 2026 10.15 WIB".
///
/// A fixed offset rather than the tz database: the result cannot depend on which tzdata the host has installed.
public enum ReportTimestamp {
    static let offsetSeconds = 7 * 3600

    static let months = [
        "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
        "November", "Desember",
    ]

    /// "29 November 2026 10.15 WIB".
    public static func format(_ date: Date) -> String {
        var seconds = time_t(Int64((date.timeIntervalSince1970).rounded(.down)) + Int64(offsetSeconds))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let minute = Int(parts.tm_min)
        let hour = Int(parts.tm_hour)
        return "\(parts.tm_mday) \(months[Int(parts.tm_mon)]) \(Int(parts.tm_year) + 1900) "
            + (hour < 10 ? "0" : "") + "\(hour)." + (minute < 10 ? "0" : "") + "\(minute) WIB"
    }

    /// ISO 8601 in UTC with milliseconds, for machine-read fields (the report's `inputs.generated_at`).
    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        return formatter.string(from: date)
    }
}
