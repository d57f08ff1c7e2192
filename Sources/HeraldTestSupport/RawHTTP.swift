import NIOCore
import NIOPosix

/// Sends bytes to a server and returns every byte it answers, unparsed: for tests about the
/// wire itself (headers split by CR LF), which an HTTP client would hide or refuse to send.
public enum RawHTTP {
    public static func exchange(port: Int, _ request: String) async throws -> String {
        let collector = Collector()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in channel.pipeline.addHandler(collector) }
            .connect(host: "127.0.0.1", port: port).get()
        try await channel.writeAndFlush(ByteBuffer(string: request)).get()
        try await channel.closeFuture.get()
        return collector.received()
    }

    /// `GET target` with `Connection: close` and any extra header lines.
    public static func get(port: Int, _ target: String, headers: [String] = []) async throws -> String {
        let lines = ["GET \(target) HTTP/1.1", "Host: 127.0.0.1:\(port)", "Connection: close"] + headers
        return try await exchange(port: port, lines.joined(separator: "\r\n") + "\r\n\r\n")
    }

    /// The header lines of a raw response (status line excluded), as sent.
    public static func headerLines(_ response: String) -> [String] {
        let head = response.components(separatedBy: "\r\n\r\n").first ?? ""
        return Array(head.components(separatedBy: "\r\n").dropFirst())
    }

    private final class Collector: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        private var buffer = ByteBuffer()

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var part = unwrapInboundIn(data)
            buffer.writeBuffer(&part)
        }

        func received() -> String { String(buffer: buffer) }
    }
}
