import Foundation
import HeraldCore
import Testing

@Suite("Brand voice")
struct BrandVoiceTests {
    @Test("banned terms: whole words, any case, wildcard endings, replacements")
    func banned() {
        let voice = BrandVoice(bannedTerms: [
            .init("дёшево", replacement: "выгодно", severity: .block),
            .init("скидк*", severity: .warning),
            .init("best ever"),
        ])
        let findings = voice.lint("Дёшево и сердито! Скидками не балуем. The BEST  ever deal. Бездёшево")
        #expect(findings.map(\.rule) == ["banned_term", "banned_term", "banned_term"])
        #expect(findings.first?.severity == .block, "blocks come first")
        #expect(findings[0].message.rendered(in: .ru) == "Избегайте «Дёшево»; пишите «выгодно».")
        #expect(findings[0].suggestion == "выгодно")
        #expect(findings.map { $0.message.rendered(in: .en) }.contains("Avoid “Скидками”."))
        #expect(findings.map { $0.message.rendered(in: .en) }.contains("Avoid “BEST  ever”."))
    }

    @Test("required hashtags and signature")
    func required() {
        let voice = BrandVoice(requiredHashtags: ["#Acme", "весна2026"], requiredHashtagsSeverity: .block,
                               signature: "— команда Acme")
        let missing = voice.lint("Новая коллекция #acme")
        #expect(missing.map(\.rule) == ["required_hashtags", "signature"])
        #expect(missing[0].message.rendered(in: .en) == "Add the required hashtags: #весна2026")
        #expect(missing[0].severity == .block)
        #expect(voice.lint("Новая коллекция #ACME #Весна2026\n— команда Acme").isEmpty)
    }

    @Test("counts, capitals, punctuation", arguments: [
        ("Nice #a #b #c", ["max_hashtags"]),
        ("Wow 🎉🎉🔥", ["max_emoji"]),
        ("Big SALE today", ["all_caps"]),
        ("Really?!", ["repeated_punctuation"]),
        ("Visit https://EXAMPLE.COM #SALE @ACME ok", []),
        ("Nice #a #b 🎉🎉 OK USA!", []),
    ])
    func style(text: String, rules: [String]) {
        let voice = BrandVoice(maxHashtags: .init(2), maxEmoji: .init(2), allCaps: .warning, repeatedPunctuation: .warning)
        #expect(voice.lint(text).map(\.rule) == rules)
    }

    @Test("language by script on longer texts only")
    func language() {
        let russian = BrandVoice(language: .ru, languageSeverity: .block)
        #expect(russian.lint("This whole post is written in English, not Russian.").map(\.rule) == ["language"])
        #expect(russian.lint("Этот пост написан по-русски, с брендом Acme и ссылкой https://acme.example/en/page").isEmpty)
        #expect(russian.lint("Acme Pro").isEmpty, "too short to judge")
    }

    @Test("a voice survives a round trip through JSON (it is stored per workspace)")
    func codable() throws {
        let voice = BrandVoice(toneNotes: "Дружелюбно, на «вы»", bannedTerms: [.init("дёшево", replacement: "выгодно")],
                               maxEmoji: .init(3, .block), language: .ru)
        let data = try JSONEncoder().encode(voice)
        #expect(try JSONDecoder().decode(BrandVoice.self, from: data) == voice)
    }
}

@Suite("Ad labelling")
struct AdLabelTests {
    @Test("advertiser and token are required; the token is checked")
    func validation() throws {
        #expect(throws: ValidationError.self) { try AdLabel.parse(advertiser: " ", token: "2VtzqvXYZ") }
        do { _ = try AdLabel.parse(advertiser: "ООО «Ромашка»", token: nil) } catch {
            #expect(error.field == "ad_token")
            #expect(error.message.rendered(in: .ru) == "Для рекламы нужен токен (erid).")
        }
        do { _ = try AdLabel.parse(advertiser: "ООО «Ромашка»", token: "erid: 2Vtz") } catch {
            #expect(error.code == "ad_token_invalid")
        }
        #expect(try AdLabel.parse(advertiser: " ООО «Ромашка» ", token: " 2VtzqvXYZ ")
                == AdLabel(advertiser: "ООО «Ромашка»", token: "2VtzqvXYZ"))
    }

    @Test("label text from the template, placed per platform, counted in the limit")
    func placement() {
        let label = AdLabel(advertiser: "ООО «Ромашка»", token: "2VtzqvXYZ")
        #expect(label.text() == "Реклама. ООО «Ромашка». erid: 2VtzqvXYZ")
        #expect(label.text(template: "Ad by {advertiser} ({token})") == "Ad by ООО «Ромашка» (2VtzqvXYZ)")
        #expect(label.applied(to: "Весенняя коллекция", platform: .vk)
                == "Весенняя коллекция\n\nРеклама. ООО «Ромашка». erid: 2VtzqvXYZ")
        #expect(label.applied(to: "Весенняя коллекция", platform: .x)
                == "Реклама. ООО «Ромашка». erid: 2VtzqvXYZ\n\nВесенняя коллекция")
        let long = String(repeating: "а", count: 260)
        let text = label.applied(to: long, platform: .bluesky)
        #expect(PlatformRules.defaults(for: .bluesky).check(text: text).map(\.code) == ["text_too_long"],
                "the label's 40 characters push 260 over 300")
    }
}

@Suite("Variant checks")
struct VariantCheckTests {
    @Test("platform rules block, voice warns or blocks, a broken ad blocks; blocks first")
    func combined() {
        let voice = BrandVoice(bannedTerms: [.init("дёшево", replacement: "выгодно")], maxEmoji: .init(1, .block))
        let check = VariantCheck.check(text: String(repeating: "ж", count: 295) + " дёшево 🎉🎉", rules: .defaults(for: .bluesky),
                                       voice: voice, adLabel: nil)
        #expect(check.findings.map(\.code) == ["text_too_long", "max_emoji", "banned_term"])
        #expect(check.findings.map(\.severity) == [.block, .block, .warning])
        #expect(!check.isPublishable)
        #expect(check.length == 305 && check.limit == 300)

        let clean = VariantCheck.check(text: "Весна!", rules: .defaults(for: .vk), voice: voice,
                                       adLabel: .init(advertiser: "ООО «Ромашка»", token: "2VtzqvXYZ"))
        #expect(clean.isPublishable)
        #expect(clean.finalText.hasSuffix("erid: 2VtzqvXYZ"))

        let missingToken = VariantCheck.check(text: "Весна!", rules: .defaults(for: .vk), voice: .none, adLabel: nil,
                                              adError: .init(code: "ad_token_required", field: "ad_token",
                                                             message: .init(.adTokenRequired)))
        #expect(missingToken.findings.map(\.code) == ["ad_token_required"])
        #expect(!missingToken.isPublishable)
    }
}

@Suite("Post workflow")
struct PostWorkflowTests {
    @Test("transitions by role", arguments: [
        (PostStatus.draft, PostWorkflow.Action.submit, PostWorkflow.Actor.member(.editor), PostStatus?.some(.inReview)),
        (.draft, .submit, .member(.approver), nil),
        (.inReview, .approve, .member(.approver), .approved),
        (.inReview, .approve, .clientLink, .approved),
        (.inReview, .approve, .member(.editor), nil),
        (.inReview, .requestChanges, .member(.admin), .draft),
        (.draft, .approve, .member(.owner), nil),
        (.approved, .submit, .member(.editor), nil),
        (.scheduled, .comment, .member(.viewer), .scheduled),
        (.inReview, .submit, .clientLink, nil),
    ] as [(PostStatus, PostWorkflow.Action, PostWorkflow.Actor, PostStatus?)])
    func transitions(from: PostStatus, action: PostWorkflow.Action, actor: PostWorkflow.Actor, expected: PostStatus?) {
        let result = try? PostWorkflow.next(from: from, action: action, by: actor)
        #expect(result == expected)
    }

    @Test("editing an approved post resets the approval only when approval is required")
    func edits() {
        #expect(PostWorkflow.afterEdit(.approved, approvalRequired: true) == .draft)
        #expect(PostWorkflow.afterEdit(.approved, approvalRequired: false) == .approved)
        #expect(PostWorkflow.afterEdit(.scheduled, approvalRequired: true) == .draft)
        #expect(PostWorkflow.afterEdit(.scheduled, approvalRequired: false) == .scheduled)
    }
}

@Suite("Hashtag sets")
struct HashtagSetTests {
    @Test("normalised, deduplicated, refused by name when not hashtags")
    func normalise() throws {
        #expect(try HashtagSet.normalise("весна, #Скидки #весна  acme2027") == "#весна #Скидки #acme2027")
        do { _ = try HashtagSet.normalise("#ok not-a-tag") } catch { #expect(error.message.rendered(in: .en) == "“not-a-tag” is not a hashtag.") }
        #expect(throws: ValidationError.self) { try HashtagSet.normalise("  ") }
        #expect(throws: ValidationError.self) { try HashtagSet.normalise("#2027") }
    }
}
