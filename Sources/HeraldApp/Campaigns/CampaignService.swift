import FluentKit
import Foundation
import HeraldCore
import HeraldStore

/// Campaigns: planned by whoever writes posts (owners, admins, editors); seen by everyone.
package enum CampaignService {
    /// A campaign's fields as the form and the API (JSON, snake_case) name them.
    package struct Fields: Sendable, Decodable {
        package var name: String?
        package var theme: String?
        package var colour: String?
        package var startsOn: String?
        package var endsOn: String?
        package var goal: String?
        package var defaultHashtags: String?
        package var utmSource: String?
        package var utmMedium: String?
        package var utmCampaign: String?

        package enum CodingKeys: String, CodingKey, CaseIterable {
            case name, theme, colour, goal
            case startsOn = "starts_on", endsOn = "ends_on", defaultHashtags = "default_hashtags"
            case utmSource = "utm_source", utmMedium = "utm_medium", utmCampaign = "utm_campaign"
        }

        package init(name: String? = nil, theme: String? = nil, colour: String? = nil, startsOn: String? = nil, endsOn: String? = nil, goal: String? = nil, defaultHashtags: String? = nil, utmSource: String? = nil, utmMedium: String? = nil, utmCampaign: String? = nil) {
            self.name = name
            self.theme = theme
            self.colour = colour
            self.startsOn = startsOn
            self.endsOn = endsOn
            self.goal = goal
            self.defaultHashtags = defaultHashtags
            self.utmSource = utmSource
            self.utmMedium = utmMedium
            self.utmCampaign = utmCampaign
        }
    }

    package static func list(_ access: WorkspaceAccess, on database: any Database) async throws -> [Campaign] {
        try access.require(.viewPosts)
        return try await FrameRows.campaigns(workspaceID: access.workspaceID, on: database)
    }

    package static func find(_ access: WorkspaceAccess, id: UUID, on database: any Database) async throws -> Campaign {
        try access.require(.viewPosts)
        guard let campaign = try await Campaign.find(id, in: access.workspaceID, on: database) else { throw AppError.notFound }
        return campaign
    }

    package static func create(_ access: WorkspaceAccess, _ fields: Fields, on database: any Database) async throws -> Campaign {
        try access.require(.editPosts)
        let campaign = Campaign(workspaceID: access.workspaceID)
        try apply(fields, to: campaign, creating: true)
        try await WorkspaceLimits.ensureRoom(for: .campaigns, Campaign.self, in: access.workspaceID, on: database)
        try await campaign.save(on: database)
        return campaign
    }

    package static func update(_ access: WorkspaceAccess, id: UUID, _ fields: Fields, on database: any Database) async throws -> Campaign {
        try access.require(.editPosts)
        let campaign = try await find(access, id: id, on: database)
        try apply(fields, to: campaign, creating: false)
        try await campaign.save(on: database)
        return campaign
    }

    package static func delete(_ access: WorkspaceAccess, id: UUID, on database: any Database) async throws {
        try access.require(.editPosts)
        let campaign = try await find(access, id: id, on: database)
        try await database.writeTransaction { tx in
            try await Post.scoped(to: access.workspaceID, on: tx).filter(\.$campaignID == id).set(\.$campaignID, to: nil).update()
            try await campaign.delete(on: tx)
        }
    }

    /// Validates all fields first, then applies those given.
    private static func apply(_ fields: Fields, to campaign: Campaign, creating: Bool) throws {
        var problems = Problems()
        let name = try problems.check { try (creating || fields.name != nil) ? HeraldCore.Fields.name(fields.name, field: "name") : nil } ?? nil
        let colour = try problems.check { try fields.colour.map { try CampaignFields.colour($0) } } ?? nil
        let dates = try problems.check { try CampaignFields.dates(start: fields.startsOn ?? campaign.startsOn, end: fields.endsOn ?? campaign.endsOn) }
        func text(_ value: String?, _ field: String, _ max: Int) -> String? {
            guard let value else { return nil }
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            guard trimmed.count <= max else {
                problems.add(ValidationError(code: "too_long", field: field, message: .init(.errorTooLong, String(max), String(trimmed.count - max))))
                return nil
            }
            return trimmed
        }
        let theme = text(fields.theme, "theme", 500), goal = text(fields.goal, "goal", 1000)
        let tags = text(fields.defaultHashtags, "default_hashtags", 500)
        let utm = [fields.utmSource, fields.utmMedium, fields.utmCampaign].enumerated().map {
            text($0.element, ["utm_source", "utm_medium", "utm_campaign"][$0.offset], 100)
        }
        try problems.throwIfAny()
        guard let dates else { throw problems.error }
        if let name { campaign.name = name }
        if let colour { campaign.colour = colour }
        campaign.startsOn = dates.0
        campaign.endsOn = dates.1
        if let theme { campaign.theme = theme }
        if let goal { campaign.goal = goal }
        if let tags {
            campaign.defaultHashtags = tags.split(whereSeparator: { $0.isWhitespace || $0 == "," })
                .map { "#" + $0.trimmingPrefix("#") }.joined(separator: " ")
        }
        if let source = utm[0] { campaign.utmSource = source.isEmpty ? nil : source }
        if let medium = utm[1] { campaign.utmMedium = medium.isEmpty ? nil : medium }
        if let name = utm[2] { campaign.utmCampaign = name.isEmpty ? nil : name }
    }

    package static func posts(of campaign: Campaign, access: WorkspaceAccess, on database: any Database) async throws -> [Post] {
        try await Post.scoped(to: access.workspaceID, on: database).filter(\.$campaignID == campaign.requireID())
            .sort(\.$createdAt, .descending).all()
    }

    /// Checks that a campaign id given for a post is one of this workspace's.
    package static func validID(_ id: UUID?, access: WorkspaceAccess, on database: any Database) async throws -> UUID? {
        guard let id else { return nil }
        guard try await Campaign.find(id, in: access.workspaceID, on: database) != nil else {
            throw ValidationError(code: "unknown_campaign", field: "campaign_id", message: .init(.postUnknownCampaign, id.text))
        }
        return id
    }
}
