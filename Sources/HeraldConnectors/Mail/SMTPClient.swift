import Foundation
import HeraldCore
import NIOCore
import NIOPosix
import NIOSSL

/// Where and how Herald sends e-mail: an SMTP server with STARTTLS (port 587, the default), TLS
/// from the first byte (465), or plain (a relay on the same machine only), with AUTH PLAIN when
/// a user name is set.
public struct SMTPSettings: Sendable, Equatable {
    public enum Security: String, Sendable, CaseIterable {
        case starttls, tls, none
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    /// The sender, e.g. `herald@agency.example`.
    public var from: String
    /// A PEM file of certificates to trust instead of the system's (a private mail server).
    public var caFile: String?

    public init(host: String, port: Int, security: Security, username: String?, password: String?, from: String, caFile: String? = nil) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.from = from
        self.caFile = caFile
    }
}

/// Why a message did not go: said in words, with whether trying later may help.
public struct SMTPFailure: Error, Sendable, CustomStringConvertible {
    public var description: String
    /// A 4xx answer, a dropped connection or a timeout: the next attempt may succeed. A 5xx
    /// answer (the address refused, authentication failed) will not.
    public var retryable: Bool
}

/// One message per connection, over SwiftNIO: greeting, EHLO, STARTTLS and EHLO again, AUTH,
/// MAIL, RCPT, DATA (dot-stuffed), QUIT. Each answer is awaited with a deadline.
public struct SMTPClient: Sendable {
    public let settings: SMTPSettings
    public var timeout: TimeAmount = .seconds(30)

    public init(settings: SMTPSettings) {
        self.settings = settings
    }

    public func send(_ message: MailMessage, messageID: String) async throws {
        guard MailMessage.isAddress(settings.from), MailMessage.isAddress(message.to) else {
            throw SMTPFailure(description: "not an e-mail address: \(MailMessage.isAddress(settings.from) ? message.to : settings.from)",
                              retryable: false)
        }
        let tls = try tlsContext()
        let replies = ReplyReader()
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(10))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if settings.security == .tls, let tls {
                            try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: serverName))
                        }
                        try channel.pipeline.syncOperations.addHandler(replies)
                    }
                }
                .connect(host: settings.host, port: settings.port).get()
        } catch {
            throw SMTPFailure(description: "cannot reach the mail server \(settings.host):\(settings.port) (\(Self.describe(error)))", retryable: true)
        }
        do {
            try await converse(channel: channel, replies: replies, tls: tls, message: message, messageID: messageID)
            _ = try? await command("QUIT", on: channel, replies: replies)
            try? await channel.close()
        } catch {
            try? await channel.close()
            if let failure = error as? SMTPFailure { throw failure }
            throw SMTPFailure(description: "the mail server connection failed (\(Self.describe(error)))", retryable: true)
        }
    }

    private var serverName: String? {
        // SNI takes names only, not addresses.
        settings.host.contains(where: \.isLetter) ? settings.host : nil
    }

    private func tlsContext() throws -> NIOSSLContext? {
        guard settings.security != .none else { return nil }
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caFile = settings.caFile {
            configuration.trustRoots = .file(caFile)
        }
        do { return try NIOSSLContext(configuration: configuration) } catch {
            throw SMTPFailure(description: "the mail server's TLS settings cannot be used (\(Self.describe(error)))", retryable: false)
        }
    }

    private func converse(channel: any Channel, replies: ReplyReader, tls: NIOSSLContext?, message: MailMessage, messageID: String) async throws {
        try expect(try await replies.next(timeout: timeout), 220, "greeting")
        var extensions = try expect(try await command("EHLO herald.local", on: channel, replies: replies), 250, "EHLO")
        if settings.security == .starttls, let tls {
            guard extensions.lines.contains(where: { $0.uppercased().hasPrefix("STARTTLS") }) else {
                throw SMTPFailure(description: "the mail server does not offer STARTTLS", retryable: false)
            }
            try expect(try await command("STARTTLS", on: channel, replies: replies), 220, "STARTTLS")
            let handler = try NIOSSLClientHandler(context: tls, serverHostname: serverName)
            try await channel.pipeline.addHandler(handler, position: .first).get()
            extensions = try expect(try await command("EHLO herald.local", on: channel, replies: replies), 250, "EHLO")
        }
        if let username = settings.username, !username.isEmpty {
            let token = Data(("\0" + username + "\0" + (settings.password ?? "")).utf8).base64EncodedString()
            try expect(try await command("AUTH PLAIN \(token)", on: channel, replies: replies, shown: "AUTH PLAIN …"), 235, "AUTH")
        }
        try expect(try await command("MAIL FROM:<\(settings.from)>", on: channel, replies: replies), 250, "MAIL FROM")
        let recipient = try await command("RCPT TO:<\(message.to)>", on: channel, replies: replies)
        guard recipient.code == 250 || recipient.code == 251 else { throw refusal(recipient, "RCPT TO") }
        try expect(try await command("DATA", on: channel, replies: replies), 354, "DATA")
        let body = message.rendered(messageID: messageID).split(separator: "\r\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(".") ? "." + $0 : String($0) }.joined(separator: "\r\n")
        let ending = body.hasSuffix("\r\n") ? ".\r\n" : "\r\n.\r\n"
        try await channel.writeAndFlush(ByteBuffer(string: body + ending)).get()
        try expect(try await replies.next(timeout: timeout), 250, "the message")
    }

    private func command(_ line: String, on channel: any Channel, replies: ReplyReader, shown: String? = nil) async throws -> ReplyReader.Reply {
        try await channel.writeAndFlush(ByteBuffer(string: line + "\r\n")).get()
        var reply = try await replies.next(timeout: timeout)
        reply.command = shown ?? line
        return reply
    }

    @discardableResult
    private func expect(_ reply: ReplyReader.Reply, _ code: Int, _ step: String) throws -> ReplyReader.Reply {
        guard reply.code == code else { throw refusal(reply, step) }
        return reply
    }

    private func refusal(_ reply: ReplyReader.Reply, _ step: String) -> SMTPFailure {
        let words = reply.lines.joined(separator: " ").prefix(300)
        return SMTPFailure(description: "the mail server refused \(step): \(reply.code) \(words)", retryable: reply.code < 500)
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as NIOSSLError: "TLS: \(error)"
        case let error as BoringSSLError: "TLS: \(error)"
        case is ChannelError: "the connection closed"
        case let error as IOError: error.description
        default: String(describing: type(of: error))
        }
    }
}

/// Collects the server's lines into replies (a multi-line reply ends with `NNN ` and text).
final class ReplyReader: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    struct Reply: Sendable {
        var code: Int
        var lines: [String]
        var command = ""
    }

    private let lock = NSLock()
    private var pending = ""
    private var current: [String] = []
    private var ready: [Reply] = []
    private var closed = false
    private var waiter: (id: UUID, continuation: CheckedContinuation<Reply, any Error>)?
    /// Longer than any answer a server has reason to give.
    private let maximum = 64 * 1024

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        let text = buffer.readString(length: buffer.readableBytes) ?? ""
        lock.lock()
        pending += text
        if pending.utf8.count > maximum { closed = true }
        while let range = pending.range(of: "\r\n") ?? pending.range(of: "\n") {
            let line = String(pending[..<range.lowerBound])
            pending.removeSubrange(..<range.upperBound)
            current.append(line)
            let code = line.count >= 3 ? Int(line.prefix(3)) : nil
            let last = line.count == 3 || (line.count > 3 && line[line.index(line.startIndex, offsetBy: 3)] == " ")
            if code == nil || last {
                ready.append(Reply(code: code ?? 0, lines: current.map { String($0.dropFirst(4)) }))
                current = []
            }
        }
        let resume = deliver()
        lock.unlock()
        resume?()
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish()
        context.close(promise: nil)
    }

    private func finish() {
        lock.lock()
        closed = true
        let resume = deliver()
        lock.unlock()
        resume?()
    }

    /// Under the lock: hands a ready reply (or the end) to the one waiting; run the answer outside the lock.
    private func deliver() -> (() -> Void)? {
        guard let waiter else { return nil }
        if !ready.isEmpty {
            let reply = ready.removeFirst()
            self.waiter = nil
            return { waiter.continuation.resume(returning: reply) }
        }
        if closed {
            self.waiter = nil
            return { waiter.continuation.resume(throwing: SMTPFailure(description: "the mail server closed the connection", retryable: true)) }
        }
        return nil
    }

    private func expire(_ id: UUID, after timeout: TimeAmount) {
        lock.lock()
        let expired = waiter?.id == id ? waiter : nil
        if expired != nil { waiter = nil }
        lock.unlock()
        expired?.continuation.resume(throwing: SMTPFailure(
            description: "the mail server did not answer in \(timeout.nanoseconds / 1_000_000_000) s", retryable: true))
    }

    /// The next reply, or a failure after `timeout`.
    func next(timeout: TimeAmount) async throws -> Reply {
        let id = UUID()
        let timer = Task {
            try await Task.sleep(for: .nanoseconds(timeout.nanoseconds))
            expire(id, after: timeout)
        }
        defer { timer.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            lock.lock()
            waiter = (id, continuation)
            let resume = deliver()
            lock.unlock()
            resume?()
        }
    }
}
