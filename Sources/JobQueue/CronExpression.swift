import Foundation

/// A five-field cron expression (minute hour day-of-month month day-of-week) read in a time zone: `*`, lists,
/// ranges, steps (`*/15`, `1-5/2`), names (`mon`, `jan`), and `@hourly`, `@daily`, `@weekly`, `@monthly`,
/// `@yearly`. When both day fields are restricted, either matching is enough (as in classic cron).
public struct CronExpression: Sendable, Equatable {
    let minutes: Set<Int>
    let hours: Set<Int>
    let days: Set<Int>
    let months: Set<Int>
    let weekdays: Set<Int>
    let daysRestricted: Bool
    let weekdaysRestricted: Bool
    public let source: String

    public init(_ text: String) throws {
        let macros = [
            "@hourly": "0 * * * *", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@weekly": "0 0 * * 0",
            "@monthly": "0 0 1 * *", "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *",
        ]
        let expanded = macros[text.lowercased()] ?? text
        let fields = expanded.split(whereSeparator: \.isWhitespace).map(String.init)
        guard fields.count == 5 else { throw CronError(text: text, reason: "five fields expected") }
        source = text
        minutes = try Self.field(fields[0], 0...59, names: [:], text: text)
        hours = try Self.field(fields[1], 0...23, names: [:], text: text)
        days = try Self.field(fields[2], 1...31, names: [:], text: text)
        let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        months = try Self.field(
            fields[3], 1...12, names: Dictionary(uniqueKeysWithValues: monthNames.enumerated().map { ($1, $0 + 1) }),
            text: text)
        let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
        let weekdaysRaw = try Self.field(
            fields[4], 0...7, names: Dictionary(uniqueKeysWithValues: dayNames.enumerated().map { ($1, $0) }),
            text: text)
        weekdays = Set(weekdaysRaw.map { $0 % 7 })
        daysRestricted = fields[2] != "*"
        weekdaysRestricted = fields[4] != "*"
    }

    /// True when the minute of `date` in `timeZone` is a tick.
    public func matches(_ date: Date, in timeZone: TimeZone) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.minute, .hour, .day, .month, .weekday], from: date)
        guard let minute = c.minute, let hour = c.hour, let day = c.day, let month = c.month, let weekday = c.weekday
        else { return false }
        guard minutes.contains(minute), hours.contains(hour), months.contains(month) else { return false }
        let dayOK = days.contains(day)
        let weekdayOK = weekdays.contains(weekday - 1)
        if daysRestricted && weekdaysRestricted { return dayOK || weekdayOK }
        return dayOK && weekdayOK
    }

    /// The latest tick at or before `date`, looking back at most `window` seconds; nil when there is none.
    public func latestTick(atOrBefore date: Date, in timeZone: TimeZone, window: TimeInterval) -> Date? {
        var minute = (date.timeIntervalSince1970 / 60).rounded(.down) * 60
        let earliest = date.timeIntervalSince1970 - window
        while minute >= earliest {
            let candidate = Date(timeIntervalSince1970: minute)
            if matches(candidate, in: timeZone) { return candidate }
            minute -= 60
        }
        return nil
    }

    private static func field(_ text: String, _ range: ClosedRange<Int>, names: [String: Int], text whole: String)
        throws
        -> Set<Int>
    {
        func value(_ s: Substring) throws -> Int {
            if let n = Int(s), range.contains(n) { return n }
            if let n = names[s.lowercased()] { return n }
            throw CronError(text: whole, reason: "'\(s)' is not in \(range.lowerBound)-\(range.upperBound)")
        }
        var out = Set<Int>()
        for part in text.split(separator: ",") {
            let pieces = part.split(separator: "/", maxSplits: 1)
            var step = 1
            if pieces.count == 2 {
                guard let s = Int(pieces[1]), s > 0 else {
                    throw CronError(text: whole, reason: "bad step in '\(part)'")
                }
                step = s
            }
            let base = pieces[0]
            let lower: Int
            let upper: Int
            if base == "*" {
                (lower, upper) = (range.lowerBound, range.upperBound)
            } else if let dash = base.firstIndex(of: "-") {
                (lower, upper) = (try value(base[..<dash]), try value(base[base.index(after: dash)...]))
                guard lower <= upper else { throw CronError(text: whole, reason: "empty range '\(base)'") }
            } else {
                lower = try value(base)
                upper = pieces.count == 2 ? range.upperBound : lower
            }
            out.formUnion(stride(from: lower, through: upper, by: step))
        }
        guard !out.isEmpty else { throw CronError(text: whole, reason: "empty field") }
        return out
    }
}

/// A cron expression that could not be read.
public struct CronError: Error, CustomStringConvertible, Sendable {
    public let text: String
    public let reason: String
    public var description: String { "cron expression '\(text)': \(reason)" }
}
