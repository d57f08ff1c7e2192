import Foundation
import HeraldConnectors
import HeraldCore
import HeraldTestSupport
import Testing

/// The requests connectors build, recorded for ../shared/tools/contract-check.py (scripts/test
/// runs it), plus the shape checks that do not need the checker.
@Suite("Request shapes against the platforms' specs")
struct RequestContractTests {
    static let texts = [
        FormattingTests.post,
        "Plain text",
        "Скидки 50%! 👨‍👩‍👧‍👦 https://shop.ru #sale (до 31.12)",
        "日本語のテスト #テスト see example.com",
    ]

    @Test("Bluesky createRecord with facets", arguments: texts)
    func bluesky(text: String) throws {
        let input = BlueskyRequests.createPost(
            repo: "did:plc:abc123", recordKey: "3kabcdefghi22", text: text, languages: ["ru"],
            createdAt: Date(timeIntervalSince1970: 1_767_258_000)) { $0 == "alice.bsky.social" ? "did:plc:alice" : nil }
        #expect(input["record"]?["text"] == .string(text))
        #expect(input["record"]?["createdAt"] == "2026-01-01T09:00:00.000Z")
        try ContractRecorder.bluesky(nsid: "com.atproto.repo.createRecord", input: input, file: "bluesky-formatting")
    }

    @Test("Telegram sendMessage in every markup", arguments: texts)
    func telegram(text: String) throws {
        for markup in [TelegramRequests.Markup.entities, .html, .markdownV2] {
            let params = TelegramRequests.sendMessage(chatID: "@herald_demo", text: text, markup: markup,
                                                      disableLinkPreview: markup == .html)
            try ContractRecorder.telegram(method: "sendMessage", params: params, file: "telegram-formatting")
        }
    }
}

/// The facet expectations live with the Core tests; repeated here only as the shared sample text.
enum FormattingTests {
    static let post = "Привет @alice.bsky.social! Смотри https://example.com/путь #запуск 👋🏽 #launch"
}
