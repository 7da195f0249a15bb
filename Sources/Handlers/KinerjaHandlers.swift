import JobQueue
import Producers

/// The handler registry of a Kinerja worker: every job kind it can run, with its attempt timeout.
public enum KinerjaHandlers {
    public static func registry() -> HandlerRegistry {
        var registry = HandlerRegistry()
        registry.register(JobKind.noop, timeoutSeconds: 3600, handler: NoopHandler.run)
        registry.register(JobKind.recomputeCapaian, timeoutSeconds: 3600, handler: RecomputeHandler.run)
        registry.register(
            JobKind.importRKA, timeoutSeconds: ImportHandler.timeoutSeconds, handler: ImportHandler.runRKA)
        registry.register(
            JobKind.importKinerja, timeoutSeconds: ImportHandler.timeoutSeconds, handler: ImportHandler.runKinerja)
        registry.register(JobKind.importNarasi, timeoutSeconds: 600, handler: NarasiHandler.run)
        for kind in [JobKind.purgeLines, JobKind.purgeRereadLines] {
            registry.register(kind, timeoutSeconds: ImportHandler.timeoutSeconds, handler: PurgeLinesHandler.run)
        }
        registry.register(
            JobKind.produceReport, timeoutSeconds: ReportHandler.timeoutSeconds, handler: ReportHandler.makeHandler())
        return registry
    }
}
