import Foundation
import HeraldConnectors
import HeraldCore
import HeraldStore
import HeraldWeb
import Vapor
import VaporTesting

/// Builds the situations tests start from, through the same pages and API a person would use.
public enum Fixtures {
    public static let ownerEmail = "owner@agency.test"
    public static let password = "correct horse battery"

    /// Runs first-run setup; returns the owner's signed-in browser and the first workspace's id.
    public static func setUpOwner(_ browser: TestBrowser, workspace: String = "Agency") async throws -> UUID {
        try await browser.get("/setup")
        let response = try await browser.post("/setup", form: [
            "organization_name": "Agency", "name": "Olga Owner", "email": ownerEmail,
            "password": password, "workspace_name": workspace, "time_zone": "Europe/Moscow",
        ])
        guard response.status == .seeOther, browser.cookies["herald_session"] != nil else {
            throw FixtureError.unexpected("setup answered \(response.status): \(response.text.prefix(500))")
        }
        let token = try await createToken(browser, name: "fixtures")
        let api = TestBrowser.sharing(browser, token: token)
        let list = try await api.api(.GET, "/api/v1/workspaces")
        guard let items = list.json["items"] as? [[String: Any]], let id = (items.first?["id"] as? String).flatMap({ UUID(text: $0) })
        else { throw FixtureError.unexpected("no workspace after setup") }
        return id
    }

    /// Creates a personal API token on the account page and reads it from the one page that shows it.
    public static func createToken(_ browser: TestBrowser, name: String) async throws -> String {
        let page = try await browser.post("/account/tokens", form: ["token_name": name])
        guard page.status == .created, let token = firstMatch(of: "hld_[A-Za-z0-9_-]{20,}", in: page.text) else {
            throw FixtureError.unexpected("token page answered \(page.status)")
        }
        return token
    }

    /// Signs a browser in; throws unless it worked.
    public static func signIn(_ browser: TestBrowser, email: String, password: String = password) async throws {
        let response = try await browser.post("/login", form: ["email": email, "password": password])
        guard response.status == .seeOther else {
            throw FixtureError.unexpected("sign-in as \(email) answered \(response.status)")
        }
    }

    public static func firstMatch(of pattern: String, in text: String) -> String? {
        guard let range = text.range(of: pattern, options: .regularExpression) else { return nil }
        return String(text[range])
    }
}

extension TestBrowser {
    /// A fresh API client on the same app/server, with a bearer token and no cookies.
    public static func sharing(_ other: TestBrowser, token: String) -> TestBrowser {
        let browser: TestBrowser
        switch other.transport {
        case .inMemory(let tester): browser = TestBrowser(tester: tester)
        case .live(let client, let baseURL): browser = TestBrowser(client: client, baseURL: baseURL)
        }
        browser.bearerToken = token
        return browser
    }

    convenience init(tester: any TestingApplicationTester) {
        self.init(transport: .inMemory(tester))
    }
}

public enum FixtureError: Error, CustomStringConvertible {
    case unexpected(String)
    public var description: String {
        switch self { case .unexpected(let text): text }
    }
}

extension Fixtures {
    /// A channel written straight to the database, for platforms a test needs that cannot be
    /// connected through the API (no connector yet, or no server to check the token with).
    public static func channel(_ app: Application, workspace: UUID, platform: Platform, name: String,
                               credential: ChannelCredential = ChannelCredential(accessToken: "t")) async throws -> UUID {
        let id = UUID()
        let sealed = try app.secretBox.seal(Data(credential.encoded.utf8),
                                            context: SocialChannel.credentialContext(workspaceID: workspace, channelID: id))
        try await SocialChannel(id: id, workspaceID: workspace, platform: platform, name: name, sealedCredentials: sealed).create(on: app.db)
        return id
    }
}
