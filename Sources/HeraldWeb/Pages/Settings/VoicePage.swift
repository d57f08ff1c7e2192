import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// The workspace's brand voice and ad label, as a form.
enum VoicePage {
    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        return .page(render(try await PageContext.make(req, access: access), access: access, form: nil, error: nil,
                            groups: try await HashtagGroupService.list(access, on: req.db)))
    }

    @Sendable static func addGroup(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        do {
            _ = try await HashtagGroupService.create(access, name: req.formValue("group_name"), tags: req.formValue("group_tags"), on: req.db)
            return req.redirect(to: SiteURL.workspace(access.workspaceID, .voice).path + "?done=\(L.hashtagGroupSaved.rawValue)#hashtags")
        } catch var error as ValidationError {
            error.field = error.field == "name" ? "group_name" : "group_tags"
            return .page(render(try await PageContext.make(req, access: access), access: access, form: nil, error: error,
                                groups: try await HashtagGroupService.list(access, on: req.db)), status: .unprocessableEntity)
        }
    }

    @Sendable static func deleteGroup(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        try await HashtagGroupService.delete(access, id: req.uuidParameter("group"), on: req.db)
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .voice).path + "#hashtags")
    }

    @Sendable static func save(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        try access.require(.manageSettings)
        let form = Form(req)
        do {
            try await VoiceService.update(access, voice: try form.voice(), adTemplate: form.adTemplate, on: req.db)
            return req.redirect(to: SiteURL.workspace(access.workspaceID, .voice).path + "?done=\(L.voiceSaved.rawValue)")
        } catch let error as ValidationError {
            return .page(render(try await PageContext.make(req, access: access), access: access, form: form, error: error,
                                groups: try await HashtagGroupService.list(access, on: req.db)), status: .unprocessableEntity)
        }
    }

    /// The submitted form, kept as typed so a mistake does not lose the rest.
    struct Form {
        var values: [String: String]

        init(_ req: Request) {
            let names = ["tone_notes", "banned_terms", "required_hashtags", "required_hashtags_severity", "signature",
                         "signature_severity", "max_hashtags", "max_hashtags_severity", "max_emoji", "max_emoji_severity",
                         "all_caps", "repeated_punctuation", "language", "language_severity", "ad_label_template"]
            values = Dictionary(uniqueKeysWithValues: names.compactMap { name in req.formValue(name).map { (name, $0) } })
        }

        init(_ voice: BrandVoice, adTemplate: String?) {
            values = [
                "tone_notes": voice.toneNotes, "banned_terms": BrandVoice.formatBannedTerms(voice.bannedTerms),
                "required_hashtags": voice.requiredHashtags.map { "#" + $0.trimmingPrefix("#") }.joined(separator: " "),
                "required_hashtags_severity": voice.requiredHashtagsSeverity.rawValue,
                "signature": voice.signature ?? "", "signature_severity": voice.signatureSeverity.rawValue,
                "max_hashtags": voice.maxHashtags.map { String($0.maximum) } ?? "",
                "max_hashtags_severity": voice.maxHashtags?.severity.rawValue ?? "warning",
                "max_emoji": voice.maxEmoji.map { String($0.maximum) } ?? "",
                "max_emoji_severity": voice.maxEmoji?.severity.rawValue ?? "warning",
                "all_caps": voice.allCaps?.rawValue ?? "", "repeated_punctuation": voice.repeatedPunctuation?.rawValue ?? "",
                "language": voice.language?.rawValue ?? "", "language_severity": voice.languageSeverity.rawValue,
                "ad_label_template": adTemplate ?? "",
            ]
        }

        var adTemplate: String? { values["ad_label_template"] }

        func severity(_ name: String) -> BrandVoice.Severity? { values[name].flatMap(BrandVoice.Severity.init(rawValue:)) }

        func limit(_ name: String) throws(ValidationError) -> BrandVoice.Limit? {
            guard let raw = values[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            guard let value = Int(raw), (0...1000).contains(value) else {
                throw ValidationError(code: "out_of_range", field: name, message: .init(.errorOutOfRange, "0", "1000"))
            }
            return .init(value, severity(name + "_severity") ?? .warning)
        }

        func voice() throws(ValidationError) -> BrandVoice {
            let tags = (values["required_hashtags"] ?? "").split(whereSeparator: { $0.isWhitespace || $0 == "," })
                .map { String($0.trimmingPrefix("#")) }.filter { !$0.isEmpty }
            let signature = values["signature"]?.trimmingCharacters(in: .whitespacesAndNewlines)
            return BrandVoice(
                toneNotes: values["tone_notes"] ?? "",
                bannedTerms: try BrandVoice.parseBannedTerms(values["banned_terms"] ?? ""),
                requiredHashtags: tags, requiredHashtagsSeverity: severity("required_hashtags_severity") ?? .warning,
                signature: signature?.isEmpty == false ? signature : nil,
                signatureSeverity: severity("signature_severity") ?? .warning,
                maxHashtags: try limit("max_hashtags"), maxEmoji: try limit("max_emoji"),
                allCaps: severity("all_caps"), repeatedPunctuation: severity("repeated_punctuation"),
                language: values["language"].flatMap(Language.init(rawValue:)),
                languageSeverity: severity("language_severity") ?? .warning)
        }
    }

    static func render(_ context: PageContext, access: WorkspaceAccess, form: Form?, error: ValidationError?,
                       groups: [HashtagGroup]) -> HTML {
        let form = form ?? Form(access.workspace.brandVoice, adTemplate: access.workspace.adLabelTemplate)
        let v = form.values
        let severities = [("warning", context.t(.severityWarning)), ("block", context.t(.severityBlock))]
        let optional = [("", context.t(.severityOff))] + severities
        /// How strictly the rule above is held (its name read out with the choice).
        func severity(_ name: String, of rule: L) -> HTML {
            Layout.select(context, name: name, label: context.t(LocalizedText(.voiceSeverityFor, context.t(rule))), options: severities,
                          selected: v[name] ?? "warning", hiddenLabel: true)
        }
        func textarea(_ name: String, _ label: L, rows: Int, hint: L? = nil) -> HTML {
            let problem = error?.problem(with: name)
            let describedBy = [problem.map { _ in "\(name)-error" }, hint.map { _ in "\(name)-hint" }].compactMap { $0 }.joined(separator: " ")
            return """
            <label for="\(name)">\(context.t(label))</label>
            <textarea id="\(name)" name="\(name)" rows="\(rows)"\(problem != nil ? " aria-invalid=\"true\"" as HTML : .empty)\(describedBy.isEmpty ? .empty : " aria-describedby=\"\(describedBy)\"" as HTML)>\(v[name] ?? "")</textarea>
            \(hint.map { "<small id=\"\(name)-hint\">\(context.t($0))</small>" as HTML })
            \(Layout.fieldError(context, problem, name: name))
            """
        }
        let editable = access.can(.manageSettings)
        let body: HTML = context.form(SiteURL.workspace(access.workspaceID, .voice).path, """
            <fieldset\(editable ? .empty : " disabled" as HTML)>
            \(Layout.formError(context, error, fields: ["tone_notes", "banned_terms", "required_hashtags", "signature", "max_hashtags", "max_emoji", "ad_label_template"]))
            \(textarea("tone_notes", .voiceTone, rows: 3))
            \(textarea("banned_terms", .voiceBannedTerms, rows: 5, hint: .voiceBannedHint))
            \(Layout.field(context, name: "required_hashtags", label: context.t(.voiceRequiredHashtags), value: v["required_hashtags"] ?? "", error: error, required: false))
            \(severity("required_hashtags_severity", of: .voiceRequiredHashtags))
            \(Layout.field(context, name: "signature", label: context.t(.voiceSignature), value: v["signature"] ?? "", error: error, required: false))
            \(severity("signature_severity", of: .voiceSignature))
            \(Layout.field(context, name: "max_hashtags", label: context.t(.voiceMaxHashtags), value: v["max_hashtags"] ?? "", type: "number", error: error, required: false))
            \(severity("max_hashtags_severity", of: .voiceMaxHashtags))
            \(Layout.field(context, name: "max_emoji", label: context.t(.voiceMaxEmoji), value: v["max_emoji"] ?? "", type: "number", error: error, required: false))
            \(severity("max_emoji_severity", of: .voiceMaxEmoji))
            \(Layout.select(context, name: "all_caps", label: context.t(.voiceAllCapsRule), options: optional, selected: v["all_caps"] ?? ""))
            \(Layout.select(context, name: "repeated_punctuation", label: context.t(.voicePunctuationRule), options: optional, selected: v["repeated_punctuation"] ?? ""))
            \(Layout.select(context, name: "language", label: context.t(.voiceLanguageRule), options: [("", context.t(.voiceAnyLanguage))] + Layout.languageOptions(), selected: v["language"] ?? ""))
            \(severity("language_severity", of: .voiceLanguageRule))
            \(Layout.field(context, name: "ad_label_template", label: context.t(.voiceAdTemplate), value: v["ad_label_template"] ?? "", error: error, required: false, hint: context.t(.voiceAdTemplateHint)))
            \(editable ? "<button type=\"submit\">\(context.t(.save))</button>" as HTML : .empty)
            </fieldset>
            """)
        return Layout.page(context, title: context.t(.voiceTitle), body: """
            <h1>\(context.t(.navSettings))</h1>
            \(SettingsNav.render(context, access: access))
            <h2>\(context.t(.voiceTitle))</h2>
            <p class="muted">\(context.t(.voiceIntro))</p>
            \(body)
            <section id="hashtags"><h2>\(context.t(.hashtagGroups))</h2>
            <ul class="cards">\(groups.map { group -> HTML in
                "<li class=\"card\"><strong>\(group.name)</strong> <code>\(group.tags)</code> \(editable ? context.button(SiteURL.workspace(access.workspaceID, .hashtagGroupDelete(group.id)).path, context.t(.delete), danger: true) : .empty)</li>"
            })</ul>
            \(access.can(.editPosts) ? context.form(SiteURL.workspace(access.workspaceID, .hashtagGroups).path, """
                \(Layout.field(context, name: "group_name", label: context.t(.hashtagGroupName), error: error))
                \(Layout.field(context, name: "group_tags", label: context.t(.hashtagGroupTags), error: error))
                <button type="submit">\(context.t(.hashtagGroupAdd))</button>
                """) : .empty)
            </section>
            """)
    }
}
