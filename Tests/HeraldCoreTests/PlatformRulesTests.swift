import HeraldCore
import Testing

@Suite("Platform rules")
struct PlatformRulesTests {
    func codes(_ platform: Platform, _ text: String, _ media: [MediaItem] = []) -> [String] {
        PlatformRules.defaults(for: platform).check(text: text, media: media).map(\.code)
    }

    func messages(_ platform: Platform, _ text: String, _ media: [MediaItem] = [], in language: Language = .en) -> [String] {
        PlatformRules.defaults(for: platform).check(text: text, media: media).map { $0.message.rendered(in: language) }
    }

    static let jpeg = MediaItem(name: "photo.jpg", format: .jpeg, bytes: 500_000, width: 1080, height: 1080)

    @Test("every platform has rules, and text right at each limit passes")
    func atTheLimit() {
        for platform in Platform.allCases {
            let rules = PlatformRules.defaults(for: platform)
            let media = rules.requiresMedia ? [Self.jpeg] : []
            let text = String(repeating: "a", count: rules.textLimit(withMedia: !media.isEmpty).maximum)
            #expect(rules.check(text: text, media: media).isEmpty, "\(platform)")
            #expect(rules.check(text: text + "a", media: media).map(\.code) == ["text_too_long"], "\(platform)")
        }
    }

    @Test("Bluesky: graphemes and bytes, with the excess stated")
    func bluesky() {
        #expect(messages(.bluesky, String(repeating: "a", count: 317)) == ["Bluesky: 17 characters over the 300 limit."])
        #expect(codes(.bluesky, String(repeating: "ж", count: 300)).isEmpty, "600 bytes is fine")
        let families = String(repeating: TextMeasureTests.family, count: 300)
        #expect(messages(.bluesky, families) == ["Bluesky: 4500 bytes over the 3000-byte limit."])
        #expect(messages(.bluesky, String(repeating: "a", count: 317), in: .ru) == ["Bluesky: на 17 симв. больше лимита в 300."])
    }

    @Test("X: weighted count, links 23")
    func x() {
        #expect(codes(.x, String(repeating: "ж", count: 280)).isEmpty, "Cyrillic weighs 1")
        #expect(messages(.x, String(repeating: "日", count: 141)).first?.hasPrefix("X: 2 over the 280 limit") == true)
        let withLinks = String(repeating: "a", count: 257) + " https://example.com/" + String(repeating: "x", count: 300)
        #expect(TextMeasure.xWeighted(withLinks) == 281, "257 + a space + 23 for the link")
        #expect(codes(.x, withLinks) == ["text_too_long"])
    }

    @Test("Telegram: 4096 for text, 1024 for a caption, in UTF-16 units")
    func telegram() {
        let text = String(repeating: "a", count: 1100)
        #expect(codes(.telegram, text).isEmpty)
        #expect(messages(.telegram, text, [Self.jpeg]) == ["Telegram: 76 characters over the 1024 limit."])
        #expect(codes(.telegram, String(repeating: TextMeasureTests.thumbs, count: 1025)) == ["text_too_long"],
                "1025 emoji are 4100 UTF-16 units")
    }

    @Test("Threads: emoji count by their UTF-8 length")
    func threads() {
        #expect(messages(.threads, String(repeating: "a", count: 499) + TextMeasureTests.thumbs)
                == ["Threads: 7 characters over the 500 limit."])
        #expect(codes(.threads, "#один #два") == ["too_many_hashtags"])
    }

    @Test("Instagram: needs media, JPEG only, aspect 4:5 to 1.91:1, 30 hashtags")
    func instagram() {
        #expect(messages(.instagram, "Just text") == ["Instagram: needs at least one image or video."])
        let png = MediaItem(name: "a.png", format: .png, bytes: 1000, width: 1000, height: 1000)
        #expect(messages(.instagram, "x", [png]) == ["Instagram: a.png is PNG, which is not accepted; use JPEG, MP4."])
        let tall = MediaItem(name: "story.jpg", format: .jpeg, bytes: 1000, width: 1080, height: 1920)
        #expect(messages(.instagram, "x", [tall]) == ["Instagram: story.jpg has aspect ratio 0.56:1; allowed from 0.8:1 to 1.91:1."])
        let tags = (1...31).map { "#tag\($0)" }.joined(separator: " ")
        #expect(messages(.instagram, tags, [Self.jpeg]) == ["Instagram: at most 30 hashtags; this post has 31."])
        #expect(!PlatformRules.defaults(for: .instagram).clickableLinks)
    }

    @Test("media count, size, video mixing and alt text")
    func media() {
        let five = Array(repeating: Self.jpeg, count: 5)
        #expect(messages(.x, "x", five) == ["X: at most 4 attachments; this post has 5."])
        let video = MediaItem(name: "clip.mp4", format: .mp4, bytes: 1000)
        #expect(codes(.x, "x", [video, Self.jpeg]) == ["video_mix"])
        let big = MediaItem(name: "big.jpg", format: .jpeg, bytes: 6 * 1_048_576)
        #expect(messages(.x, "x", [big]) == ["X: big.jpg is 6 MB, over the 5 MB limit."])
        var described = Self.jpeg
        described.altText = "Фото команды"
        #expect(codes(.vk, "x", [described]) == ["alt_text_unsupported"])
        described.altText = String(repeating: "a", count: 1001)
        #expect(messages(.x, "x", [described]) == ["X: alt text of photo.jpg is 1 characters over the 1000 limit."])
        #expect(codes(.mastodon, "", []) == ["empty"])
        #expect(codes(.mastodon, "", [Self.jpeg]).isEmpty, "media without text is a post")
    }

    @Test("a Mastodon server's reported limits override the defaults")
    func mastodonInstance() {
        let text = String(repeating: "a", count: 600)
        let defaults = PlatformRules.defaults(for: .mastodon)
        #expect(defaults.check(text: text).map(\.code) == ["text_too_long"])
        let server = defaults.overriding(.init(maxCharacters: 1000, charactersReservedPerURL: 30, maxMediaAttachments: 8,
                                               imageSizeLimit: 2_000_000, descriptionLimit: 300))
        #expect(server.check(text: text).isEmpty)
        #expect(server.check(text: "a", media: Array(repeating: Self.jpeg, count: 8)).isEmpty)
        #expect(server.text.measure("https://example.com") == 30)
        var described = Self.jpeg
        described.altText = String(repeating: "a", count: 301)
        #expect(server.check(text: "a", media: [described]).map(\.code) == ["alt_text_too_long"])
        #expect(server.check(text: "a", media: [MediaItem(name: "b.jpg", format: .jpeg, bytes: 3_000_000)]).map(\.code)
                == ["media_too_large"])
    }
}

@Suite("Platform options")
struct PlatformOptionTests {
    @Test("every choice of every platform reads as words in English and Russian, never the value the platform takes")
    func choiceLabels() throws {
        for platform in Platform.allCases {
            for option in PlatformOption.catalogue(for: platform) {
                guard case .choice(let values) = option.kind else { continue }
                for value in values {
                    let label = try #require(PlatformOption.label(ofChoice: value), "\(platform) \(option.key)=\(value)")
                    for language in Language.allCases {
                        #expect(label.text(in: language) != value && !label.text(in: language).isEmpty, "\(value) in \(language)")
                    }
                }
            }
        }
    }

    @Test("each platform takes only its own options, with checked values")
    func validate() throws {
        #expect(try PlatformOption.validate(["visibility": "unlisted", "sensitive": "on", "spoiler_text": " "], for: .mastodon, field: "options")
                == ["visibility": "unlisted", "sensitive": "true"])
        do { _ = try PlatformOption.validate(["visibility": "secret"], for: .mastodon, field: "options") } catch {
            #expect(error.field == "options.visibility")
            #expect(error.message.rendered(in: .en) == "“secret” is not allowed; use: public, unlisted, private, direct.")
        }
        do { _ = try PlatformOption.validate(["visibility": "public"], for: .telegram, field: "variants[0].options") } catch {
            #expect(error.field == "variants[0].options.visibility" && error.code == "unknown_option")
        }
        #expect(try PlatformOption.validate(["disable_notification": "false"], for: .telegram, field: "o").isEmpty)
    }
}
