import Vapor

/// Every route of the app. Web pages sit behind sessions and CSRF; the API behind tokens.
func routes(_ app: Application) throws {
    app.get("healthz", use: OperationsController.health)
    app.get("metrics", use: OperationsController.metrics)
    app.get("api", "openapi.json", use: OperationsController.openAPI)
    app.get(SiteURL.stylesheet.pathComponents, use: Stylesheet.serve)

    APIController.register(app)

    let web = app.grouped(SessionAuthMiddleware(), CSRFMiddleware())
    web.get(SiteURL.setup.pathComponents, use: SetupPage.show)
    web.post(SiteURL.setup.pathComponents, use: SetupPage.submit)
    web.get(SiteURL.login.pathComponents, use: SignInPage.show)
    web.post(SiteURL.login.pathComponents, use: SignInPage.submit)
    web.get(SiteURL.language.pathComponents, use: SignInPage.setLanguage)
    web.get(SiteURL.home.pathComponents, use: WorkspacesPage.home)

    let signedIn = web.grouped(RequireSignInMiddleware())
    signedIn.post(SiteURL.logout.pathComponents, use: SignInPage.signOut)
    signedIn.get(SiteURL.workspaces.pathComponents, use: WorkspacesPage.show)
    signedIn.post(SiteURL.workspaces.pathComponents, use: WorkspacesPage.create)
    signedIn.get(SiteURL.account.pathComponents, use: AccountPage.show)
    signedIn.post(SiteURL.account.pathComponents, use: AccountPage.savePreferences)
    signedIn.post(SiteURL.accountPassword.pathComponents, use: AccountPage.changePassword)
    signedIn.post(SiteURL.tokens.pathComponents, use: AccountPage.createToken)
    signedIn.post(SiteURL.tokenRevoke(nil).pathComponents, use: AccountPage.revokeToken)

    func page(_ page: SiteURL.WorkspacePage) -> [PathComponent] { SiteURL.workspace(nil, page).pathComponents }
    signedIn.get(page(.overview), use: SectionPages.overview)
    signedIn.get(page(.calendar), use: SectionPages.calendar)
    signedIn.get(page(.compose), use: SectionPages.compose)
    signedIn.post(page(.compose), use: SectionPages.saveDraft)
    signedIn.post(page(.postDelete(nil)), use: SectionPages.deletePost)
    signedIn.get(page(.inbox), use: SectionPages.inbox)
    signedIn.get(page(.analytics), use: SectionPages.analytics)
    signedIn.get(page(.library), use: SectionPages.library)
    signedIn.get(page(.settings), use: GeneralSettingsPage.show)
    signedIn.post(page(.settings), use: GeneralSettingsPage.save)
    signedIn.get(page(.members), use: MembersPage.show)
    signedIn.post(page(.members), use: MembersPage.add)
    signedIn.post(page(.memberRole(nil)), use: MembersPage.changeRole)
    signedIn.post(page(.memberRemove(nil)), use: MembersPage.remove)
    signedIn.get(page(.channels), use: ChannelsPage.show)
    signedIn.post(page(.channels), use: ChannelsPage.add)
    signedIn.post(page(.channelRemove(nil)), use: ChannelsPage.remove)
    signedIn.get(page(.export), use: ExportPage.show)
    signedIn.get(page(.exportDownload), use: ExportPage.download)
}
