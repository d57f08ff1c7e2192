import AsyncHTTPClient
import FluentKit
import Foundation
import HeraldConnectors
import HeraldJobs
import HeraldStore
import Logging

/// What the use cases, the worker and the commands need besides their arguments, composed once
/// per process: configuration, the credential sealer, the platform HTTP client and connectors,
/// password hashing, media storage. The web server builds one on its Vapor application; the
/// commands that need no server (`herald worker`, `migrate`, `user`, `import`, `sweep`) build one
/// with `StandaloneRuntime`, without Vapor.
package struct HeraldRuntime: Sendable {
    package let configuration: HeraldConfiguration
    package let secretBox: SecretBox
    package let httpClient: HTTPClient
    package let passwords: any PasswordHashing
    package let logger: Logger
    /// A database connection source for work outside a request (the Sandbox network, the demo).
    package let database: @Sendable () -> any Database
    package let sandbox: SandboxPlatform
    package let connectors: Connectors

    package init(configuration: HeraldConfiguration, secretBox: SecretBox, httpClient: HTTPClient,
                 passwords: any PasswordHashing, logger: Logger, database: @escaping @Sendable () -> any Database) {
        self.configuration = configuration
        self.secretBox = secretBox
        self.httpClient = httpClient
        self.passwords = passwords
        self.logger = logger
        self.database = database
        self.sandbox = SandboxPlatform(storage: DatabaseSandboxStorage(database: database))
        var connectors = Connectors(sandbox: sandbox, client: httpClient, outbound: OutboundGuard(allowed: configuration.allowPrivateURLs),
                                    recorder: configuration.connectorRecorder)
        if configuration.receivePush { connectors.pushBase = configuration.baseURL }
        connectors.vk.idApp = configuration.vkID
        self.connectors = connectors
    }

    package var mediaStorage: MediaStorage { MediaStorage(dataDirectory: configuration.dataDirectory) }

    /// A publishing worker on `database` (its own pool, so pages can never starve publishing).
    /// Who hears about what by e-mail; nil without a mail server (in-app only).
    package var notifier: Notifier? {
        guard configuration.smtp != nil || configuration.telegramBot != nil else { return nil }
        return Notifier(baseURL: configuration.baseURL, email: configuration.smtp != nil, telegram: configuration.telegramBot != nil)
    }

    /// The installation's notice bot, talking through the shared client (nil: none configured).
    package var noticeBot: TelegramNoticeBot? {
        configuration.telegramBot.map { TelegramNoticeBot(settings: $0, client: httpClient, recorder: configuration.connectorRecorder,
                                                          outbound: connectors.outbound) }
    }

    package func makeWorker(database: @escaping @Sendable () -> any Database) -> Worker {
        let queue = JobQueue(owner: JobQueue.workerName(), leaseSeconds: Double(configuration.jobLeaseSeconds))
        let connectors = self.connectors
        var publisher = Publisher(queue: queue, box: secretBox, platform: { connectors.connector(for: $0) })
        publisher.mediaStorage = mediaStorage
        publisher.sendConcurrency = configuration.httpConnectionsPerHost
        publisher.notifier = notifier
        var worker = Worker(publisher: publisher, leadership: SchedulerLeadership(target: configuration.database, logger: logger),
                            pollInterval: .milliseconds(configuration.workerPollMilliseconds), batch: configuration.workerBatch,
                            logger: logger, webhookClient: httpClient, database: database)
        worker.outbound = connectors.outbound
        worker.mailClient = configuration.smtp.map(SMTPClient.init(settings:))
        worker.noticeBot = noticeBot
        var steps = StepPublisher(queue: queue, box: secretBox, platform: { connectors.connector(for: $0) })
        steps.notifier = notifier
        worker.steps = steps
        var inbox = InboxSync(queue: queue, box: secretBox, platform: { connectors.connector(for: $0) })
        inbox.interval = TimeInterval(configuration.inboxPollSeconds)
        worker.inbox = inbox
        worker.metrics = MetricsSync(queue: queue, box: secretBox, platform: { connectors.connector(for: $0) })
        worker.replies = InboxReplies(box: secretBox, platform: { connectors.connector(for: $0) })
        worker.maintenance = makeMaintenance()
        worker.lead = .milliseconds(configuration.workerLeadMilliseconds)
        worker.depth = configuration.workerDepth
        return worker
    }

    /// The hourly round of credentials and the missed-post sweep (`herald sweep` runs it once).
    package func makeMaintenance() -> Maintenance {
        let connectors = self.connectors
        var maintenance = Maintenance(box: secretBox, platform: { connectors.connector(for: $0) }, logger: logger)
        maintenance.keepFinishedJobs = TimeInterval(configuration.jobRetentionDays) * 86_400
        maintenance.mediaStorage = mediaStorage
        maintenance.notifier = notifier
        return maintenance
    }
}
