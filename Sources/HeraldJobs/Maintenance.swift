import FluentKit
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldStore
import Logging

/// What the scheduler leader does every hour besides scheduling: refresh credentials that
/// expire soon (through the connector), warn days ahead about those that cannot be refreshed,
/// and sweep for posts that should have gone out and did not. Each finding becomes a `Notice`
/// (once) and a log line. Finished jobs past their retention are removed.
public struct Maintenance: Sendable {
    public let box: SecretBox
    public let platform: @Sendable (Platform) -> (any SocialPlatform)?
    public var logger: Logger
    /// Refreshable credentials are refreshed this long before they expire.
    public var refreshAhead: TimeInterval = 3 * 86_400
    /// Short-lived tokens (an hour) are renewed this long before they run out, by the frequent round.
    public var renewAhead: TimeInterval = 15 * 60
    /// Others are warned about this long before.
    public var warnAhead: TimeInterval = 7 * 86_400
    /// A post this late and not out everywhere is reported.
    public var missedAfter: TimeInterval = 15 * 60
    /// Finished jobs are kept this long (`HERALD_JOB_RETENTION_DAYS`), then removed: without it
    /// the queue table keeps a row for every post ever published.
    public var keepFinishedJobs: TimeInterval = 14 * 86_400
    /// Where uploads arrive: files a crash or a dropped connection left there over a day ago are removed.
    public var mediaStorage: MediaStorage?
    /// Tells owners and administrators of channels whose access runs out (nil: no mail server or bot).
    public var notifier: Notifier?

    public init(box: SecretBox, platform: @escaping @Sendable (Platform) -> (any SocialPlatform)?, logger: Logger) {
        self.box = box
        self.platform = platform
        self.logger = logger
    }

    public struct Report: Sendable, Equatable {
        public var refreshed = 0
        public var expiring = 0
        public var expired = 0
        public var missed = 0
        public var resolved = 0
        /// Finished jobs removed (older than `keepFinishedJobs`).
        public var purged = 0
        /// Abandoned partial uploads removed.
        public var abandonedUploads = 0
        /// Monthly reports for clients made (a month ended).
        public var monthlyReports = 0
        /// Workspaces whose members got their morning digest.
        public var digests = 0
    }

    public func run(now: Date = Date(), on database: any Database) async throws -> Report {
        var report = Report()
        try await credentials(now: now, report: &report, on: database)
        try await sweep(now: now, report: &report, on: database)
        report.purged = try await JobStore.purgeFinished(before: now.addingTimeInterval(-keepFinishedJobs), on: database)
        if report.purged > 0 { logger.info("removed \(report.purged) finished jobs older than \(Int(keepFinishedJobs / 86_400)) days") }
        report.monthlyReports = try await ClientReports.makeMonthly(now: now, on: database, announce: notifier?.reportAnnouncer(now: now))
        if report.monthlyReports > 0 { logger.info("made \(report.monthlyReports) monthly reports for clients") }
        report.digests = try await notifier?.dailyDigests(now: now, on: database) ?? 0
        if report.digests > 0 { logger.info("sent the daily digest of \(report.digests) workspaces") }
        // Statistics help the planner; a round that cannot refresh them (the writer busy past its
        // wait) still does the rest, and tries again in an hour.
        do { try await PlannerStatistics.refresh(on: database) } catch {
            logger.warning("planner statistics not refreshed: \(String(reflecting: error))")
        }
        report.abandonedUploads = mediaStorage?.removeAbandonedUploads(now: now) ?? 0
        if report.abandonedUploads > 0 { logger.info("removed \(report.abandonedUploads) abandoned partial uploads") }
        return report
    }

    private func credentials(now: Date, report: inout Report, on database: any Database) async throws {
        let channels = try await SocialChannel.query(on: database)
            .filter(\.$credentialExpiresAt != nil).filter(\.$credentialExpiresAt < now.addingTimeInterval(warnAhead))
            .filter(\.$stateName != ChannelState.needsReconnect.rawValue).filter(\.$archivedAt == nil).all()
        for channel in channels {
            guard let expiry = channel.credentialExpiresAt, let channelID = channel.id else { continue }
            let day = ISO8601DateFormatter.string(from: expiry, timeZone: .gmt, formatOptions: [.withFullDate])
            // Renewed when it can be, even once run out (a refresh token outlives its access token).
            if expiry < now.addingTimeInterval(refreshAhead), await renew(channel, on: database) {
                report.refreshed += 1
                continue
            }
            if expiry <= now {
                channel.stateName = ChannelState.needsReconnect.rawValue
                channel.stateReason = "The access token expired on \(day)"
                try await channel.save(on: database)
                if try await notice(channel, kind: .credentialExpired, day: day, now: now, on: database) {
                    report.expired += 1
                    logger.warning("channel \(channel.name) (\(channelID)): credential expired on \(day); needs reconnecting")
                }
                continue
            }
            if try await notice(channel, kind: .credentialExpiring, day: day, now: now, on: database) {
                report.expiring += 1
                logger.warning("channel \(channel.name) (\(channelID)): credential expires on \(day) and cannot be refreshed")
            }
        }
    }

    /// Records the finding once (answers whether it is new) and, in the same transaction, tells
    /// the workspace's owners and administrators.
    private func notice(_ channel: SocialChannel, kind: Notice.Kind, day: String, now: Date, on database: any Database) async throws -> Bool {
        guard let channelID = channel.id else { return false }
        let notifier = self.notifier
        return try await database.writeTransaction { tx in
            let expired = kind == .credentialExpired
            guard try await Notice(workspaceID: channel.$workspace.id, kind: kind, channelID: channelID, detail: day,
                                   dedupeKey: "\(expired ? "expired" : "expiring"):\(channelID.text):\(day)", at: now).record(on: tx) else { return false }
            try await notifier?.channelAccess(channel: channel, expired: expired, day: day, now: now, on: tx)
            return true
        }
    }

    /// Tokens that live an hour (VK ID) cannot wait for the hourly round: the leader's frequent
    /// round renews those running out within `renewAhead`. Answers how many were renewed.
    @discardableResult
    public func renewShortLived(now: Date = Date(), on database: any Database) async throws -> Int {
        let channels = try await SocialChannel.query(on: database)
            .filter(\.$stateName != ChannelState.needsReconnect.rawValue).filter(\.$archivedAt == nil)
            .filter(\.$credentialExpiresAt != nil).filter(\.$credentialExpiresAt < now.addingTimeInterval(renewAhead)).all()
        var renewed = 0
        for channel in channels where await renew(channel, on: database) { renewed += 1 }
        return renewed
    }

    /// Asks the platform for a fresh credential and keeps it; false when it has none to give or refused.
    private func renew(_ channel: SocialChannel, on database: any Database) async -> Bool {
        guard let channelID = channel.id, let kind = channel.platform, let connector = platform(kind),
              let stored = try? channel.openCredential(with: box) else { return false }
        do {
            guard let fresh = try await connector.refresh(ChannelCredential.parse(stored)) else { return false }
            channel.sealedCredentials = try box.seal(Data(fresh.encoded.utf8), context: SocialChannel.credentialContext(
                workspaceID: channel.$workspace.id, channelID: channelID))
            channel.credentialExpiresAt = fresh.expiresAt
            try await channel.save(on: database)
            logger.info("channel \(channel.name) (\(channelID)): credential refreshed")
            return true
        } catch {
            logger.warning("channel \(channel.name) (\(channelID)): refreshing the credential failed: \(PlatformHTTP.describe(error))")
            return false
        }
    }

    /// Posts `missedAfter` late and not out everywhere become notices (once each); notices of
    /// posts that have gone out since are closed. Run by the leader every `Worker.missedInterval`
    /// as well as in the hourly round, so a late post is told within minutes, not within the hour.
    public func sweepMissed(now: Date = Date(), on database: any Database) async throws -> (missed: Int, resolved: Int) {
        var report = Report()
        try await sweep(now: now, report: &report, on: database)
        return (report.missed, report.resolved)
    }

    private func sweep(now: Date, report: inout Report, on database: any Database) async throws {
        for missed in try await MissedPosts.find(dueBefore: now.addingTimeInterval(-missedAfter), on: database) {
            let notice = Notice(workspaceID: missed.workspaceID, kind: .missedPost, postID: missed.postID, detail: missed.local,
                                dedupeKey: "missed:\(missed.postID.text):\(Int(missed.due.timeIntervalSince1970))", at: now)
            if try await notice.record(on: database) {
                report.missed += 1
                logger.warning("post \(missed.postID) was due at \(missed.local) and is not out on every channel yet")
            }
        }
        report.resolved = try await MissedPosts.resolveNotices(now: now, on: database)
    }
}
