import Foundation
import HeraldConnectors
import HeraldCore
import HeraldStore
import Logging

/// Every setting Herald reads, from environment variables (and `.env`, which Vapor loads into
/// the environment at start). README.md lists them; keep the two in step.
public struct HeraldConfiguration: Sendable {
    /// Called with every request a connector sends (tests record them for the contract checker);
    /// not read from the environment.
    public var connectorRecorder: (@Sendable (JSONValue) -> Void)? = nil
    /// How often each channel's comments and messages are read into the inbox (`HERALD_INBOX_POLL_SECONDS`).
    public var inboxPollSeconds = 120
    /// How much of an SQLite database file its connections read through a memory map
    /// (`HERALD_SQLITE_MMAP_MIB`, 256; 0 reads every page with a system call). See `SQLiteMemoryMap`.
    public var sqliteMapBytes = SQLiteMemoryMap.defaultBytes
    /// Whether platforms can reach `baseURL` to push updates (`HERALD_RECEIVE_PUSH`; default: when it is https).
    public var receivePush = false
    /// The installation's VK ID app (`HERALD_VK_CLIENT_ID`, and `HERALD_VK_ID_URL` for a test
    /// server): VK communities can then be connected by an administrator's sign-in.
    public var vkID: VKIDApp?
    /// The mail server notifications go through (`HERALD_SMTP_HOST` and the rest); nil: in-app only.
    public var smtp: SMTPSettings?
    /// The installation's Telegram bot for notices (`HERALD_TELEGRAM_BOT_TOKEN`); nil: none.
    public var telegramBot: TelegramNoticeBot.Settings?
    public var dataDirectory: String
    public var host: String
    public var port: Int
    public var database: DatabaseTarget
    public var secretKey: String?
    public var baseURL: String
    public var secureCookies: Bool
    public var maxBodyBytes: Int
    public var maxUploadBytes: Int
    public var bcryptCost: Int
    public var loginMaxFailures: Int
    public var loginWindowSeconds: Int
    public var sessionLifetimeSeconds: Int
    public var autoMigrate: Bool
    public var metricsToken: String?
    /// `/metrics` without a token (HERALD_METRICS_PUBLIC=true): only behind a private network.
    public var metricsPublic: Bool
    /// How long a web request may take before it is answered 503 and cancelled.
    public var requestDeadlineSeconds: Int
    /// Requests handled at once; the rest wait their turn in arrival order (health and metrics never wait).
    public var maxConcurrentRequests: Int
    /// Identical calendar reads that overlap run once (HERALD_SHARED_READS; see `SharedReads`).
    public var sharedReads: Bool = true
    /// Pages, scripts, styles and JSON are sent compressed to clients that accept gzip or deflate
    /// (HERALD_COMPRESS_RESPONSES; off when a proxy in front compresses).
    public var compressResponses: Bool = true
    /// Hosts and networks that outbound requests (webhooks, platform servers) may reach although
    /// they are private, loopback or link-local (HERALD_ALLOW_PRIVATE_URLS: `10.0.0.0/8, mastodon.lan`).
    public var allowPrivateURLs: [String]
    /// `herald serve` also publishes (a worker in the same process).
    public var runWorker: Bool
    public var workerPollMilliseconds: Int
    /// How many publish jobs a worker takes at a time (a batch; each sends as many posts at once
    /// as the HTTP client keeps connections to a host).
    public var workerBatch: Int
    /// How long before their time a worker prepares posts (never sends them early).
    public var workerLeadMilliseconds: Int
    /// Batches a worker has in flight at once (prepared ahead or being sent): 48 × 250 covers a
    /// burst of 12,000 posts due at one instant, prepared before it.
    public var workerDepth: Int
    /// Connections the HTTP client keeps to one platform host at once.
    public var httpConnectionsPerHost: Int
    /// How long a worker holds a job before others may take it (a crashed worker's jobs wait this long).
    public var jobLeaseSeconds: Int
    /// How long finished jobs are kept before the hourly round removes them.
    public var jobRetentionDays: Int
    public var logLevel: Logger.Level
    public var logFormat: LogFormat

    public enum LogFormat: String, Sendable { case text, json }

    /// Reads the configuration; a bad value fails start-up with a message naming the variable.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> Self {
        let reader = Reader(env: env)
        let dataDirectory = reader.string("HERALD_DATA_DIR") ?? "./herald-data"
        let host = reader.string("HERALD_HOST") ?? "127.0.0.1"
        let port = try reader.int("HERALD_PORT", default: 8080, range: 0...65535)
        let database = try DatabaseTarget.resolve(databaseURL: reader.string("DATABASE_URL"), dataDirectory: dataDirectory)
        let baseURL = reader.string("HERALD_BASE_URL") ?? "http://\(host):\(port)"
        guard let base = URL(string: baseURL), base.scheme == "http" || base.scheme == "https", base.host != nil else {
            throw ConfigurationError(variable: "HERALD_BASE_URL", message: "“\(baseURL)” is not an http(s) URL")
        }
        let configuration = Self(
            dataDirectory: dataDirectory,
            host: host,
            port: port,
            database: database,
            secretKey: reader.string("HERALD_SECRET_KEY"),
            baseURL: baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL,
            secureCookies: try reader.bool("HERALD_SECURE_COOKIES", default: base.scheme == "https"),
            maxBodyBytes: try reader.int("HERALD_MAX_BODY_BYTES", default: 1_048_576, range: 1024...1_073_741_824),
            maxUploadBytes: try reader.int("HERALD_MAX_UPLOAD_BYTES", default: 104_857_600, range: 1024...4_294_967_296),
            bcryptCost: try reader.int("HERALD_BCRYPT_COST", default: 12, range: 4...31),
            loginMaxFailures: try reader.int("HERALD_LOGIN_MAX_FAILURES", default: 5, range: 1...1000),
            loginWindowSeconds: try reader.int("HERALD_LOGIN_WINDOW_MINUTES", default: 15, range: 1...1440) * 60,
            sessionLifetimeSeconds: try reader.int("HERALD_SESSION_DAYS", default: 30, range: 1...365) * 86_400,
            autoMigrate: try reader.bool("HERALD_AUTO_MIGRATE", default: true),
            metricsToken: reader.string("HERALD_METRICS_TOKEN"),
            metricsPublic: try reader.bool("HERALD_METRICS_PUBLIC", default: false),
            requestDeadlineSeconds: try reader.int("HERALD_REQUEST_DEADLINE_SECONDS", default: 30, range: 1...3600),
            maxConcurrentRequests: try reader.int("HERALD_MAX_CONCURRENT_REQUESTS",
                                                  default: 8 * ProcessInfo.processInfo.activeProcessorCount, range: 1...10_000),
            allowPrivateURLs: (reader.string("HERALD_ALLOW_PRIVATE_URLS") ?? "").split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
            runWorker: try reader.bool("HERALD_WORKER", default: true),
            workerPollMilliseconds: try reader.int("HERALD_WORKER_POLL_MS", default: 1000, range: 10...60_000),
            workerBatch: try reader.int("HERALD_WORKER_BATCH", default: 250, range: 1...1000),
            workerLeadMilliseconds: try reader.int("HERALD_WORKER_LEAD_MS", default: 5000, range: 0...30_000),
            workerDepth: try reader.int("HERALD_WORKER_DEPTH", default: 48, range: 1...128),
            httpConnectionsPerHost: try reader.int("HERALD_HTTP_CONNECTIONS_PER_HOST", default: 16, range: 1...256),
            jobLeaseSeconds: try reader.int("HERALD_JOB_LEASE_SECONDS", default: 60, range: 1...3600),
            jobRetentionDays: try reader.int("HERALD_JOB_RETENTION_DAYS", default: 14, range: 1...3650),
            logLevel: try reader.logLevel("HERALD_LOG_LEVEL", default: .info),
            logFormat: try reader.logFormat("HERALD_LOG_FORMAT")
        )
        var result = configuration
        result.inboxPollSeconds = try reader.int("HERALD_INBOX_POLL_SECONDS", default: 120, range: 10...86_400)
        result.receivePush = try reader.bool("HERALD_RECEIVE_PUSH", default: base.scheme == "https")
        result.sqliteMapBytes = try reader.int("HERALD_SQLITE_MMAP_MIB", default: SQLiteMemoryMap.defaultBytes >> 20,
                                               range: 0...65_536) << 20
        result.sharedReads = try reader.bool("HERALD_SHARED_READS", default: true)
        result.compressResponses = try reader.bool("HERALD_COMPRESS_RESPONSES", default: true)
        if let client = reader.string("HERALD_VK_CLIENT_ID") {
            guard client.allSatisfy(\.isNumber), client.count <= 20 else {
                throw ConfigurationError(variable: "HERALD_VK_CLIENT_ID", message: "“\(client)” is not a VK app id (its number)")
            }
            let idURL = reader.string("HERALD_VK_ID_URL") ?? VKIDApp.defaultBase
            guard let url = URL(string: idURL), url.scheme == "https" || url.scheme == "http", url.host != nil else {
                throw ConfigurationError(variable: "HERALD_VK_ID_URL", message: "“\(idURL)” is not an http(s) URL")
            }
            result.vkID = VKIDApp(clientID: client, base: idURL)
        }
        result.smtp = try Self.smtp(reader)
        if let token = reader.string("HERALD_TELEGRAM_BOT_TOKEN") {
            guard TelegramPlatform.isBotToken(token) else {
                throw ConfigurationError(variable: "HERALD_TELEGRAM_BOT_TOKEN", message: "this is not a bot token (123456:ABC…, from @BotFather)")
            }
            let api = reader.string("HERALD_TELEGRAM_API_URL") ?? "https://api.telegram.org"
            guard let url = URL(string: api), url.scheme == "https" || url.scheme == "http", url.host != nil else {
                throw ConfigurationError(variable: "HERALD_TELEGRAM_API_URL", message: "“\(api)” is not an http(s) URL")
            }
            result.telegramBot = .init(token: token, apiURL: api, username: reader.string("HERALD_TELEGRAM_BOT_NAME").map { $0.hasPrefix("@") ? String($0.dropFirst()) : $0 })
        }
        return result
    }

    /// `HERALD_SMTP_HOST` switches e-mail on; `HERALD_MAIL_FROM` is then required.
    private static func smtp(_ reader: Reader) throws -> SMTPSettings? {
        guard let host = reader.string("HERALD_SMTP_HOST") else { return nil }
        let securityName = reader.string("HERALD_SMTP_SECURITY") ?? "starttls"
        guard let security = SMTPSettings.Security(rawValue: securityName.lowercased()) else {
            throw ConfigurationError(variable: "HERALD_SMTP_SECURITY", message: "“\(securityName)” is not starttls, tls or none")
        }
        guard let from = reader.string("HERALD_MAIL_FROM"), MailMessage.isAddress(from) else {
            throw ConfigurationError(variable: "HERALD_MAIL_FROM",
                                     message: "the sender's address is needed with HERALD_SMTP_HOST (e.g. herald@agency.example)")
        }
        let caFile = reader.string("HERALD_SMTP_CA_FILE")
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw ConfigurationError(variable: "HERALD_SMTP_CA_FILE", message: "“\(caFile)” cannot be read")
        }
        return SMTPSettings(host: host, port: try reader.int("HERALD_SMTP_PORT", default: security == .tls ? 465 : 587, range: 1...65535),
                            security: security, username: reader.string("HERALD_SMTP_USERNAME"), password: reader.string("HERALD_SMTP_PASSWORD"),
                            from: from, caFile: caFile)
    }

    private struct Reader {
        package let env: [String: String]

        package func string(_ name: String) -> String? {
            guard let value = env[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return value
        }

        package func int(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
            guard let raw = string(name) else { return fallback }
            guard let value = Int(raw), range.contains(value) else {
                throw ConfigurationError(variable: name,
                                         message: "“\(raw)” is not a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return value
        }

        package func bool(_ name: String, default fallback: Bool) throws -> Bool {
            guard let raw = string(name)?.lowercased() else { return fallback }
            switch raw {
            case "1", "true", "yes", "on": return true
            case "0", "false", "no", "off": return false
            default: throw ConfigurationError(variable: name, message: "“\(raw)” is not true or false")
            }
        }

        package func logLevel(_ name: String, default fallback: Logger.Level) throws -> Logger.Level {
            guard let raw = string(name) ?? string("LOG_LEVEL") else { return fallback }
            guard let level = Logger.Level(rawValue: raw.lowercased()) else {
                throw ConfigurationError(variable: name, message: "“\(raw)” is not one of trace, debug, info, notice, warning, error, critical")
            }
            return level
        }

        package func logFormat(_ name: String) throws -> LogFormat {
            guard let raw = string(name) else { return .text }
            guard let format = LogFormat(rawValue: raw.lowercased()) else {
                throw ConfigurationError(variable: name, message: "“\(raw)” is not text or json")
            }
            return format
        }
    }
}

public struct ConfigurationError: Error, CustomStringConvertible {
    public var variable: String
    public var message: String
    public var description: String { "\(variable): \(message)" }
}
