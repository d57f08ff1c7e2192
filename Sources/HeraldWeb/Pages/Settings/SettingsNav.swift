import HeraldApp
import HeraldCore
import Vapor

/// Tabs of the settings area; each shows only to roles that may use it.
enum SettingsNav {
    static func render(_ context: PageContext, access: WorkspaceAccess) -> HTML {
        let id = access.workspaceID
        var tabs: [(SiteURL.WorkspacePage, L)] = [(.settings, .workspaceSettingsTitle), (.members, .membersTitle),
                                                  (.channels, .channelsTitle), (.voice, .voiceTitle),
                                                  (.departments, .departmentsTitle), (.routing, .routingTitle),
                                                  (.savedReplies, .savedRepliesTitle), (.serviceLevels, .serviceTitle)]
        if access.can(.exportData) { tabs.append((.export, .exportTitle)) }
        let links: [HTML] = tabs.map { page, label in
            let path = SiteURL.workspace(id, page).path
            let current: HTML = context.path == path ? " aria-current=\"page\"" : ""
            return "<a href=\"\(path)\"\(current)>\(context.t(label))</a>"
        }
        return "<nav class=\"tabs\">\(links)</nav>"
    }
}
