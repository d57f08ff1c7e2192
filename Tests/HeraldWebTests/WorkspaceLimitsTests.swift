import FluentKit
import Foundation
import HeraldApp
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing
import Vapor

/// One workspace's settings cannot grow without end (every page lists them, the worker reads every
/// routing rule for each item and syncs every channel): at its limit, adding one more is refused
/// with a sentence that names the limit, and nothing is written.
@Suite("Workspace limits")
struct WorkspaceLimitsTests {
    @Test("at each limit the next one is refused by name, through the API and the page, and nothing is written")
    func limits() async throws {
        try await withHerald { app in
            let agency = try await Agency.make(app)
            let api = agency.ownerAPI, w = agency.workspaceA, base = "/api/v1/workspaces/\(agency.workspaceA)"
            let box = app.secretBox
            // Filled to the limit directly (batches), then one more asked for as a person would.
            var campaigns: [Campaign] = [], groups: [HashtagGroup] = [], replies: [SavedReply] = [], channels: [SocialChannel] = []
            for index in 0..<WorkspaceLimits.Kind.campaigns.limit {
                let campaign = Campaign(workspaceID: w)
                campaign.name = "C\(index)"
                campaigns.append(campaign)
            }
            for index in 0..<WorkspaceLimits.Kind.hashtagGroups.limit { groups.append(HashtagGroup(workspaceID: w, name: "G\(index)", tags: "#g")) }
            for index in 0..<WorkspaceLimits.Kind.savedReplies.limit {
                let reply = SavedReply()
                reply.$workspace.id = w
                reply.name = "R\(index)"
                reply.text = "Спасибо!"
                replies.append(reply)
            }
            for index in 0..<WorkspaceLimits.Kind.channels.limit {
                let id = UUID()
                channels.append(SocialChannel(id: id, workspaceID: w, platform: .sandbox, name: "S\(index)",
                                              sealedCredentials: try box.seal(Data("t".utf8), context: SocialChannel.credentialContext(workspaceID: w, channelID: id))))
            }
            for chunk in campaigns.chunks(ofCount: 200) { try await Array(chunk).create(on: app.db) }
            try await groups.create(on: app.db)
            for chunk in replies.chunks(ofCount: 200) { try await Array(chunk).create(on: app.db) }
            try await channels.create(on: app.db)
            for index in 0..<WorkspaceLimits.Kind.departments.limit {
                _ = try await Agency.create(api, "\(base)/departments", #"{"name":"Отдел \#(index)"}"#)
            }
            for index in 0..<WorkspaceLimits.Kind.routingRules.limit {
                _ = try await Agency.create(api, "\(base)/routing-rules", #"{"name":"R\#(index)","conditions":{"urgent":true},"actions":{"labels":["u"]}}"#)
            }
            let attempts: [(String, String, String)] = [
                ("campaigns", #"{"name":"One more"}"#, "campaigns"),
                ("hashtag-groups", ##"{"name":"One more","tags":"#x"}"##, "hashtag groups"),
                ("saved-replies", #"{"name":"One more","text":"Hi"}"#, "saved replies"),
                ("channels", #"{"platform":"sandbox","name":"One more"}"#, "channels"),
                // Signing in on the platform is refused before the browser is sent there.
                ("channels/oauth", #"{"platform":"mastodon","instance_url":"https://mastodon.example","name":"One more"}"#, "channels"),
                ("departments", #"{"name":"One more"}"#, "departments"),
                ("routing-rules", #"{"name":"One more","conditions":{"urgent":true},"actions":{"labels":["u"]}}"#, "routing rules"),
            ]
            for (path, body, noun) in attempts {
                let refused = try await api.api(.POST, "\(base)/\(path)", json: body)
                #expect(refused.status == .unprocessableEntity && refused.apiError?.code == "limit_reached", "\(path): \(refused.text)")
                #expect(refused.apiError?.message.contains(noun) == true && refused.apiError?.message.contains("at most") == true, "\(refused.text)")
            }
            #expect(try await Campaign.scoped(to: w, on: app.db).count() == WorkspaceLimits.Kind.campaigns.limit)
            #expect(try await SocialChannel.scoped(to: w, on: app.db).count() == WorkspaceLimits.Kind.channels.limit)
            #expect(try await RoutingRule.scoped(to: w, on: app.db).count() == WorkspaceLimits.Kind.routingRules.limit)
            // The page says it in the person's language, above the form they filled.
            let page = try await agency.owner.post("/w/\(w)/settings/routing", form: ["name": "Ещё", "urgent": "1", "labels": "u"])
            #expect(page.status == .unprocessableEntity && page.text.contains("at most 100 routing rules"), "\(page.text.prefix(400))")
            // A channel removed and kept for its history does not count.
            let archived = try #require(try await SocialChannel.scoped(to: w, on: app.db).first())
            archived.archivedAt = Date()
            try await archived.save(on: app.db)
            let room = try await api.api(.POST, "\(base)/channels", json: #"{"platform":"sandbox","name":"One more"}"#)
            #expect(room.status == .created, "\(room.text)")
            // Another workspace is not affected.
            let other = try await api.api(.POST, "/api/v1/workspaces/\(agency.workspaceB)/campaigns", json: #"{"name":"Fine"}"#)
            #expect(other.status == .created, "\(other.text)")
        }
    }
}
