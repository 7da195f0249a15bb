import ArgumentParser
import JobQueue
import Kinerja
import Report

// The closed sets the CLI takes as options: ArgumentParser lists their values in the help and refuses others.

extension JobState: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}
extension BudgetVersion: ExpressibleByArgument {}
