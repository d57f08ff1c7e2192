/// Every user-facing string of Herald, in English and Russian. One switch, so adding a key
/// without both translations does not compile. Placeholders are `{0}`, `{1}`, ….
public enum L: String, CaseIterable, Sendable {
    // Shell and navigation
    case navCalendar, navCompose, navInbox, navAnalytics, navLibrary, navSettings, navToday
    case todayUnanswered, todayNothingOpen, todayApprove, todayNothingToApprove, todayProblems, todayNoProblems, todayEmptySlots
    case todayNoEmptySlots, todayAhead, todayNothingAhead, todayAllOpen, todayReplyToApprove, todayWaiting, todaySlotsHint
    case navWorkspaces, signOut, switchWorkspace, skipToContent, language
    // Setup and sign-in
    case setupTitle, setupIntro, setupOrganization, setupFirstWorkspace, setupDone, setupAlreadyDone
    case signInTitle, signInButton, email, password, newPassword, currentPassword, yourName
    case signInFailed, signInThrottled, signedOut
    // Workspaces
    case workspacesTitle, workspacesEmpty, workspaceCreate, workspaceName, timeZone, workspaceCreated
    case workspaceSettingsTitle, workspaceSaved, save, cancel, create, delete
    // Members
    case membersTitle, membersAdd, membersAddIntro, membersAdded, membersRemoved, membersRoleChanged
    case memberRemove, memberChangeRole, role, initialPassword, membersYou, memberName
    case roleOwner, roleAdmin, roleEditor, roleApprover, roleViewer
    // Account and tokens
    case accountTitle, passwordChange, passwordChanged, accountSaved, passwordKeepTokens, errorOrganizationOwner
    case tokensTitle, tokensIntro, tokenName, tokenCreate, tokenCreatedOnce, tokenRevoke, tokenRevoked
    case tokenNeverUsed, tokenLastUsed, tokensEmpty
    // Channels, posts, export
    case channelsTitle, channelsEmpty, channelAdd, channelName, channelPlatform, channelCredential
    case channelCredentialHint, channelAdded, channelRemoved, channelState
    case postsTitle, postsEmpty, postText, postSaveDraft, postSaved, postDeleted, postStatusDraft
    case postDeleteTitle, postDeleteExplain, draftsEmpty, calendarByDate, calendarFrom, calendarEarlier
    case choicePublic, choiceUnlisted, choiceFollowers, choiceDirect, choiceEveryone, choiceFollowing, choiceMentioned, choiceConnections
    case campaignUTMSource, campaignUTMMedium, campaignUTMName, accountLanguageBrowser
    case calendarStartTitle, calendarStartChannel, calendarStartWrite, calendarStartImport
    case month1, month2, month3, month4, month5, month6, month7, month8, month9, month10, month11, month12
    case exportTitle, exportIntro, exportDownload
    // Errors
    case errorRequired, errorTooLong, errorSingleLine, errorInvalidEmail, errorInvalidTimeZone
    case errorInvalidRole, errorInvalidLanguage, errorPasswordTooShort, errorPasswordTooLong
    case errorDuplicateEmail, errorAlreadyMember, errorNotFound, errorForbidden, errorUnauthorized
    case errorCSRF, errorMalformedJSON, errorUnknownField, errorMissingField,
         errorExpectedString, errorExpectedWholeNumber, errorExpectedBoolean, errorExpectedNumber, errorExpectedList, errorExpectedObject,
         errorExpectedValue, errorInvalidValue, errorBodyEmpty, errorNotJSONObject, errorJSONTooDeep, errorJSONEndsEarly, errorMalformedJSONAt
    case errorBodyTooLarge, errorUnsupportedMediaType, errorInternal, errorWrongPassword
    case errorLastOwner, errorCannotAssignRole, errorInvalidPlatform
    case errorPrivateAddress, errorUnresolvedHost, pageNewer, pageOlder, calendarMore, errorBusy
    case errorBadRequest, errorMethodNotAllowed, errorPublicationProtected, errorTooManySlots, errorNulCharacter
    // Platform rules ({0} is always the platform's name)
    case ruleNeedsMedia, ruleEmpty, ruleTextTooLong, ruleTextTooLongWeighted, ruleTextTooManyBytes
    case ruleTooManyHashtags, ruleTooManyMedia, ruleVideoAlone, ruleMediaFormat, ruleMediaTooLarge
    case ruleMediaAspect, ruleAltUnsupported, ruleAltTooLong, ruleFirstCommentUnsupported, ruleFirstCommentTooLong, ruleLinkUnsupported
    case ruleThreadUnsupported, ruleThreadTooMany, ruleThreadPartTooLong, composeThread, composeThreadHint, stepThreadPart
    // Brand voice and ad labelling
    case voiceBanned, voiceBannedWithReplacement, voiceMissingHashtags, voiceMissingSignature, voiceTooManyHashtags
    case voiceTooManyEmoji, voiceAllCaps, voiceRepeatedPunctuation, voiceLanguage
    case adAdvertiserRequired, adTokenRequired, adTokenInvalid
    case postDuplicateChannel, postUnknownChannel, postVariantWithoutChannel
    case voiceBadTermLine, voiceBadAdTemplate, voiceTitle, voiceIntro, voiceTone, voiceBannedTerms, voiceBannedHint
    case voiceRequiredHashtags, voiceSignature, voiceMaxHashtags, voiceMaxEmoji, voiceAllCapsRule, voicePunctuationRule
    case voiceLanguageRule, voiceAdTemplate, voiceAdTemplateHint, severityOff, severityWarning, severityBlock, voiceAnyLanguage
    case voiceSaved
    case composeChannels, composeNoChannels, composeVariant, composeIsAd, composeAdvertiser, composeAdToken, composeCheck
    case checksTitle, checksNone, checksReady, postUpdated, postEdit, postOpen
    case errorInvalidDate, errorInvalidTime
    case errorInvalidChoice, errorInvalidID, errorUnknownParameter, errorNoParameters, errorTableNeedsCSV, errorOutOfRange, retryNotFailed
    case noticeMissedPost, noticeCredentialExpiring, noticeCredentialExpired, calendarProblem, fixRetry, pubHeld
    case heldPaused, heldRateLimited, heldBudget, heldRetry, channelBudgetUnlimited
    case channelStateActive, channelStateNeedsReconnect, channelStatePaused, channelRatePaused, channelPause, channelResume, channelReconnect, channelReconnected, channelBudget, channelBudgetHint, channelBudgetNow, channelBudgetCount, channelBudgetHours, channelExpires, channelExpiresHint, channelRefreshToken, channelSaved, channelManage, pubRetry, pubRetried, notificationsChannels, notificationsNotices, notificationsPublications, dismiss, noticeDismissed, webhookTitle, webhookHint, webhookURL, webhookSecretOnce, webhookRotate, webhookRemove, webhookRemoved, webhookNone
    case errorInvalidColour, errorEndsBeforeStart, navCampaigns, campaignsEmpty, campaignCreate, campaignName, campaignTheme
    case campaignColour, campaignStarts, campaignEnds, campaignGoal, campaignHashtags, campaignCreated
    case campaignSaved, campaignNone, campaignPosts, campaignField, postUnknownCampaign, campaignDeleted
    case errorInvalidSlot, scheduleInPast, scheduleNoChannels, scheduleNeedsApproval, scheduleBlocked, scheduleNoSlots
    case postLockedPublished, postLockedInFlight, postLockedUnknown, postPublishedNote, postDuplicate, postDuplicated
    case sandboxEngagement, sandboxConversation, sandboxComment, sandboxMessage
    case scheduleShifted, scheduleAmbiguous, scheduleTitle, scheduleDate, scheduleTime, scheduleButton, queueButton
    case unscheduleButton, scheduledFor, postScheduled, postUnscheduled, postStatusInReview, postStatusApproved
    case postStatusScheduled, postStatusPublished, slotsLabel, slotsHint, slotsSaved
    case calendarMonth, calendarWeek, calendarList, calendarStatus, calendarAuthor, calendarFilter, calendarFeed, calendarFeedHint
    case calendarFeedReset, calendarMoveFailed
    case russianAdLabelsLabel
    case workflowNotAllowed, approvalTitle, approvalRequiredLabel, approvalSubmit, approvalApprove, approvalRequestChanges
    case approvalComment, approvalCommentRequired, approvalLinkCreate, approvalLinkHint, approvalLinkExpired, approvalYourName
    case approvalThanks, eventSubmit, eventApprove, eventRequestChanges, eventComment, eventScheduled, eventUnscheduled
    case eventCreated, eventEdited, eventPublishedTwice, approvalClientTitle, approvalAddComment, previewsTitle, approvalLinkRevoke, approvalLinksRevoked
    case csvUnclosedQuote, csvEmpty, csvFieldCount, csvInvalidUTF8, csvNulByte, importUnknownColumn, importMissingColumn, importUnknownChannel
    case importUnknownCampaign, importMediaMissing, importTitle, importIntro, importFile, importOnlyValid, importDryRun
    case importButton, importDone, importNothing, importRow, importColumn, importProblem, importTooManyRows
    case mediaUnsupported, mediaCorrupt, mediaNoPixels, mediaTooManyPixels, mediaTooLarge, mediaTitle, mediaUpload, mediaAltText, mediaTags, mediaFolder
    case mediaSearch, mediaEmpty, mediaFits, mediaFitsAll, mediaUploaded, mediaSaved, mediaDeleted, mediaDuration
    case postUnknownMedia, composeMedia, mediaInUse, uploadIncomplete, uploadNotForm, uploadTooManyFields
    case voiceBadHashtag, hashtagGroups, hashtagGroupName, hashtagGroupTags, hashtagGroupAdd, hashtagGroupSaved, hashtagInsert
    case composeFirstComment, composeLink
    case optionVisibility, optionSensitive, optionSpoiler, optionNoPreview, optionSilent, optionProtect, optionReplies
    case optionSigned, optionCloseComments, optionShareToFeed, optionLanguages, optionQuote, optionUnknown, optionBadValue
    case publishingTitle, pubScheduled, pubPublishing, pubPublished, pubFailed, pubUnknown, notificationsTitle
    case notificationsEmpty, fixReconnect, fixEdit, fixWait, pubOpen, channelInstance, errorInvalidURL
    case channelBlueskyHandleInvalid, channelBlueskyRefused, channelBlueskyHandle, channelBlueskyAppPassword, channelBlueskyService
    case channelBlueskyHint
    case channelTelegramTokenInvalid, channelTelegramChatInvalid, channelTelegramRefused, channelTelegramToken, channelTelegramChat
    case channelTelegramServer, channelTelegramHint, channelConnectTitle, channelDocs, channelSandboxSteps, channelMastodonSteps
    case channelNoOAuth, channelOAuthAppRefused, channelOAuthStateUnknown, channelOAuthExpired, channelOAuthStateUsed, channelOAuthDenied
    case channelOAuthRefused, channelOAuthContinue, channelOAuthOrToken, channelOAuthHint
    case channelVKCommunityInvalid, channelVKRefused, channelVKToken, channelVKCommunity, channelVKServer, channelVKSteps
    case channelVKIDHint, channelVKIDContinue, channelVKIDOrToken
    case channelCheck, channelCheckNoCredential, channelCheckRefused, channelCheckUnreachable, checkTitle, checkConnectedAs
    case capPublishing, capFirstComment, capDeleting, capPinning, capEditing, editButton, editHint, editRequested, stepEdit, editNotPublished, capConversations, capInsights, optionPin, stepPin, stepRemoval, stepDone, removeNotPublished, removeButton,
    removeConfirm, removeRequested, inboxReplyInFlight, inboxEmpty, inboxReply, inboxSend, inboxMarkDone, inboxReopen,
    inboxStatusOpen, inboxStatusWaiting, inboxStatusDone, inboxAll, inboxKindComment, inboxKindReply, inboxKindMention,
    inboxKindQuote, inboxKindMessage, inboxOnPost, inboxSyncFailed, inboxReplied, inboxReplyFailed, inboxReplyUnknown,
    inboxSaved, inboxFilter, inboxChannel, inboxNotAMember, inboxAssigned, inboxMine, inboxUnassigned, inboxAssign, inboxNobody, checkYes, checkNotAvailable, checkMetrics
    case checkMetricsMissing, checkTotals, metricLikes, metricReposts, metricReplies, metricQuotes, metricViews, metricClicks, metricSaves, metricReach
    case metricFollowers, metricFollowing, metricPosts
    case pubNeedsReconnect, pubRejected, pubBlocked, pubGaveUp, pubWillRetry, pubNoConnector, pubNoAnswer, pubWorkerStopped, pubAskPerson
    case channelPlatformComing, channelCredentialRefused, channelUnreachable, channelCannotPublish, channelsComing, composeNoConnector
    case pubPlatformSaid, pubMarkPublished, pubSendAgain, pubResolveURL, pubResolved, pubNotUnknown
    case publishingStopped, publishingNeverStarted, publishingNotScheduling, publishingNeverScheduled
    case inboxLabelInvalid, inboxLabelsTooMany, inboxNothingToChange, inboxBulkTooMany, inboxNotADepartment, inboxSnoozePast
    case departmentNameTaken, inboxPriority, inboxPriorityLow, inboxPriorityNormal, inboxPriorityHigh, inboxPriorityUrgent, inboxLabels
    case inboxLabelsHint, inboxSnooze, inboxSnoozedTab, inboxSnoozedUntil, inboxSearch, inboxDepartment, inboxHistory, inboxBulk
    case inboxBulkApply, inboxSelect, inboxSave, departmentsTitle, departmentAdd, departmentMembers, departmentRemove, departmentNone
    case departmentsEmpty, departmentsHint, inboxNoDepartment, inboxAnyPriority, inboxNothingSelected
    case routingPatternTooSlow, routingTrialTooSlow, eventPatternTooSlow, eventChanged
    case limitChannels, limitCampaigns, limitHashtagGroups, limitRoutingRules, limitSavedReplies, limitDepartments
    case routingKeywordsTooMany, routingPatternInvalid, routingNoConditions, routingNoActions, routingTitle, routingHint, routingAdd
    case routingName, routingKeywords, routingKeywordsHint, routingPattern, routingLanguage, routingKinds, routingAuthor, routingAuthorNew
    case routingAuthorKnown, routingVIP, routingSentiment, routingUrgent, routingAssign, routingLabels, routingHide, routingStop
    case routingTry, routingWouldMatch, routingRemove, routingUp, routingDown, routingEmpty, routingChannels, routingAny, routingBy
    case routingWhen, routingThen, routingExamples, moodNegative, moodNeutral, moodPositive, inboxUrgent, inboxMood, inboxEvents
    case eventAssigned, eventDepartment, eventLabels, eventPriority, eventHidden, routingSaved, routingLanguageRU, routingLanguageEN
    case replyApprovalLabel, replyPending, replyApprove, replyReject, replyRejected, replyNotPending, savedRepliesTitle, savedReplyAdd
    case savedReplyText, savedReplyTextHint, savedReplyLanguage, savedReplyAnyLanguage, savedReplyRemove, savedRepliesEmpty
    case savedReplyInsert, savedReplyMissing, savedReplyNameTaken, savedReplyUnknown, routingReply, eventReplied, replyQueued
    case routingReplyCustom, savedRepliesHint
    case reportPeriodInvalid, serviceHoursInvalid, serviceTargetOrder, serviceTitle, serviceHint, serviceHours, serviceHoursHint
    case serviceHolidays, serviceHolidaysHint, serviceTargets, serviceFirstResponse, serviceResolution, servicePriority, serviceSaved
    case reportTitle, reportFrom, reportTo, reportShow, reportCSV, reportTotal, reportByPerson, reportByDepartment, reportByChannel
    case reportGroup, reportItems, reportAnswered, reportResolved, reportFirstMedian, reportFirstP90, reportResolutionMedian
    case reportResolutionP90, reportHint, slaBreached, slaNear, slaDue, day1, day2, day3, day4, day5, day6, day7, inboxKeysHint, inboxEditedEvent

    // Analytics
    case reportPeriodTooLong, contentFindingLine, contentTagSubject, analyticsUnknownFilter, analyticsHint, analyticsChannel, analyticsCampaign, analyticsAll, analyticsPosts, analyticsInteractions
    case analyticsPerPost, analyticsEngagementRate, analyticsEngagementDefinition, analyticsFollowers, analyticsGrowth, analyticsBefore
    case analyticsNotAvailable, analyticsDaily, analyticsDailyDesc, analyticsTable, analyticsDay, analyticsTop, analyticsBottom
    case analyticsNoPosts, analyticsFollowerDesc, analyticsNoFollowers, analyticsPost, analyticsMetrics, analyticsOverview
    case seriesTitle, seriesDesc, seriesViewsDesc, seriesReading, seriesRetired

    // E-mail notifications
    case mailApprovalSubject, mailApprovalBody, mailChangesSubject, mailChangesBody, mailApprovedSubject, mailApprovedBody
    case mailProblemSubject, mailProblemBody, mailFooter, notifyTitle, notifyHint, notifyNoSMTP, notifySaved
    case notifyApprovalRequested, notifyChangesRequested, notifyApproved, notifyPublicationProblem
    case mailResetSubject, mailResetBody, mailInviteSubject, mailInviteBody, passwordResetThrottled, forgotLink, forgotTitle, forgotHint
    case forgotButton, forgotSent, forgotNoMail, passwordSetTitle, passwordSetHint, passwordSetButton, passwordLinkDead, passwordSetDone
    case membersInvited, membersInviteLink, membersPasswordLink, membersPasswordLinkShown
    case telegramLinkHow, telegramLinked, telegramLinkUnknown, telegramTitle, telegramCodeHint, telegramLinkButton, telegramUnlink
    case telegramLinkedNote, telegramNotSetUp, notifyByEmail, notifyByTelegram, telegramUnlinked
    case notifyChannelAccess, mailChannelSubject, mailChannelExpired, mailChannelExpiring
    case notifyReportReady, mailReportSubject, mailReportBody, durationMinutes, durationHours, mailApprovalManySubject, mailApprovalManyBody
    case bestTimeTitle, bestTimeHint, bestTimeTooLittle, bestTimeBest, bestTimeCell, bestTimeFew, bestTimeSlotLow, bestTimeSlotGood
    case bestTimeSlotUnknown, bestTimeHeatDesc, bestTimeHour, bestTimeSlots, bestTimeNoSlots, bestTimeNone
    case contentTitle, contentHint, contentClear, contentNoneClear, contentKind, contentImageTag, contentHashtag, contentLength
    case contentWeekday, contentCampaign, contentGroup, contentTimes, contentInterval, contentPosts, contentEmpty
    case kindText, kindImage, kindGallery, kindVideo, kindLink, lengthShort, lengthMedium, lengthLong, contentComposerFinding

    // Short links and link in bio
    case navLinks, linksHint, linksShorten, linksShortenHint, linksSaved, linksBioTitle, linksBioHint, linksBioNone, linksBioLabel
    case linksBioURL, linksBioAdded, linksBioRemoved, linksBioEmpty, linksTableTitle, linksColumnLink, linksColumnTarget
    case linksColumnPost, linksColumnChannel, linksColumnCampaign, linksColumnClicks, linksColumnVisitors, linksEmpty
    case linksByCampaign, linksByChannel, linksVisitorsHint, bioPageEmpty, linksTotal

    // What waits for a person: the bell, the approval queue, the daily digest
    case serviceOpensOn, serviceClosesOn, routingSwitchOff, routingSwitchOn, routingOff, inboxActionNotAllowed, inboxActionRefused, inboxLikeOn, inboxHideOn, inboxDeleteOn, inboxDeleteConfirm
    case inboxLikedEvent, inboxHiddenEvent, inboxDeletedByUsEvent, inboxActionDone, inboxDeletedEvent, inboxDeletedOn, inboxDeletedNoReply, inboxDeletedStaysDone, inboxDeletedStaysDoneSome, routingAuthorFollower, routingAuthorNotFollower, notificationsSteps, stepProblemFirstComment, stepProblemThread, stepProblemAction, errorPageNotFound, errorPageNotAllowed, errorPageRefused, errorPageBusy, errorPageBroken, errorPageHome, errorPageCode
    case eventPublished, eventImported, postPublishedTitle, postPartlyOutTitle, postPartlyOutNote, voiceSeverityFor, formProblemOne, formProblems, navMenu, bellLabel, waitingPosts, waitingReplies, waitingReturned, waitingReturnedBy, waitingAssigned, waitingSince, waitingMore
    case notifyReplyApproval, mailReplySubject, mailReplyBody, notifyDailyDigest, mailDigestSubject, mailDigestBody
    case digestPosts, digestReplies, digestReturned, digestAssigned, digestUnanswered, digestProblems, digestToday

    // Reports for clients
    case navReports, reportsHint, reportsMonthly, reportsSaved, reportsNone, reportsOpen, clientReportTitle, clientReportPrintHint
    case clientReportCampaigns, clientReportNoCampaigns, clientReportLinkClicks, clientReportService, clientReportLinks, clientReportTables
    public var texts: (en: String, ru: String) {
        switch self {
        case .navCalendar: ("Calendar", "Календарь")
        case .navToday: ("Today", "Сегодня")
        case .todayUnanswered: ("Waiting for an answer ({0})", "Ждут ответа ({0})")
        case .todayNothingOpen: ("Nobody is waiting for an answer.", "Ответа никто не ждёт.")
        case .todayApprove: ("Waiting for your approval", "Ждут вашего согласования")
        case .todayNothingToApprove: ("Nothing waits for your approval.", "Согласования ничего не ждёт.")
        case .todayProblems: ("Did not go out as planned", "Не вышло как задумано")
        case .todayNoProblems: ("Every publication went out as planned.", "Все публикации вышли как задумано.")
        case .todayEmptySlots: ("Empty queue slots in the next 7 days", "Пустые слоты очереди на 7 дней")
        case .todayNoEmptySlots: ("No empty slots in the next 7 days.", "Пустых слотов на 7 дней нет.")
        case .todayAhead: ("The month ahead", "Месяц вперёд")
        case .todayNothingAhead: ("Nothing scheduled for the next 30 days.", "На 30 дней ничего не запланировано.")
        case .todayAllOpen: ("All open items", "Все открытые")
        case .todayReplyToApprove: ("Answer to {0}", "Ответ для {0}")
        case .todayWaiting: ("waiting since {0}", "ждёт с {0}")
        case .todaySlotsHint: ("Posting slots are set per channel in Settings → Channels.", "Слоты публикаций задаются для каждого канала в «Настройки → Каналы».")
        case .navCompose: ("Compose", "Новый пост")
        case .navInbox: ("Inbox", "Входящие")
        case .navAnalytics: ("Analytics", "Аналитика")
        case .navLibrary: ("Library", "Библиотека")
        case .navSettings: ("Settings", "Настройки")
        case .navWorkspaces: ("Workspaces", "Рабочие пространства")
        case .signOut: ("Sign out", "Выйти")
        case .switchWorkspace: ("Switch workspace", "Сменить пространство")
        case .skipToContent: ("Skip to content", "К содержимому")
        case .language: ("Language", "Язык")
        case .setupTitle: ("Set up Herald", "Настройка Herald")
        case .setupIntro:
            ("Create the owner account. You can add workspaces for each client or brand next.",
             "Создайте учётную запись владельца. Затем добавьте пространства для клиентов и брендов.")
        case .setupOrganization: ("Organisation name", "Название организации")
        case .setupFirstWorkspace: ("First workspace (client or brand)", "Первое пространство (клиент или бренд)")
        case .setupDone: ("Herald is ready. Welcome!", "Herald готов к работе. Добро пожаловать!")
        case .setupAlreadyDone:
            ("Herald is already set up. Sign in instead.", "Herald уже настроен. Войдите в систему.")
        case .signInTitle: ("Sign in", "Вход")
        case .signInButton: ("Sign in", "Войти")
        case .email: ("E-mail", "Эл. почта")
        case .password: ("Password", "Пароль")
        case .newPassword: ("New password", "Новый пароль")
        case .currentPassword: ("Current password", "Текущий пароль")
        case .yourName: ("Your name", "Ваше имя")
        case .signInFailed: ("Wrong e-mail or password.", "Неверная почта или пароль.")
        case .signInThrottled:
            ("Too many failed sign-in attempts. Try again in {0} minutes.",
             "Слишком много неудачных попыток входа. Повторите через {0} мин.")
        case .signedOut: ("You have signed out.", "Вы вышли из системы.")
        case .workspacesTitle: ("Workspaces", "Рабочие пространства")
        case .workspacesEmpty:
            ("You are not a member of any workspace yet. Ask an owner to add you.",
             "Вы пока не состоите ни в одном пространстве. Попросите владельца добавить вас.")
        case .workspaceCreate: ("New workspace", "Новое пространство")
        case .workspaceName: ("Name", "Название")
        case .timeZone: ("Time zone", "Часовой пояс")
        case .workspaceCreated: ("Workspace created.", "Пространство создано.")
        case .workspaceSettingsTitle: ("Workspace settings", "Настройки пространства")
        case .workspaceSaved: ("Settings saved.", "Настройки сохранены.")
        case .save: ("Save", "Сохранить")
        case .cancel: ("Cancel", "Отмена")
        case .create: ("Create", "Создать")
        case .delete: ("Delete", "Удалить")
        case .membersTitle: ("Members", "Участники")
        case .membersAdd: ("Add a member", "Добавить участника")
        case .membersAddIntro:
            ("Creates the account if the e-mail is new. Leave the password empty to invite them: they choose it through a link (by e-mail when this installation sends mail).",
             "Если почта новая, учётная запись будет создана. Оставьте пароль пустым, чтобы пригласить: человек задаст его по ссылке (письмом, если установка отправляет почту).")
        case .membersAdded: ("Member added.", "Участник добавлен.")
        case .membersRemoved: ("Member removed.", "Участник удалён.")
        case .membersRoleChanged: ("Role changed.", "Роль изменена.")
        case .memberRemove: ("Remove", "Удалить")
        case .memberChangeRole: ("Change role", "Сменить роль")
        case .role: ("Role", "Роль")
        case .initialPassword: ("Initial password (new accounts)", "Начальный пароль (для новых)")
        case .membersYou: ("you", "вы")
        case .memberName: ("Name", "Имя")
        case .roleOwner: ("Owner", "Владелец")
        case .roleAdmin: ("Admin", "Администратор")
        case .roleEditor: ("Editor", "Редактор")
        case .roleApprover: ("Approver (client)", "Согласующий (клиент)")
        case .roleViewer: ("Viewer", "Наблюдатель")
        case .accountTitle: ("Your account", "Ваш профиль")
        case .passwordChange: ("Change password", "Сменить пароль")
        case .passwordChanged:
            ("Password changed. Other sessions were signed out.", "Пароль изменён. Остальные сеансы завершены.")
        case .accountSaved: ("Saved.", "Сохранено.")
        case .tokensTitle: ("API tokens", "API-токены")
        case .tokensIntro:
            ("Personal tokens for scripts and the REST API. They act as you, with your roles.",
             "Личные токены для скриптов и REST API. Они действуют от вашего имени, с вашими ролями.")
        case .tokenName: ("Token name", "Название токена")
        case .tokenCreate: ("Create token", "Создать токен")
        case .tokenCreatedOnce:
            ("Copy this token now. It is shown only once:", "Скопируйте токен сейчас. Он показывается только один раз:")
        case .tokenRevoke: ("Revoke", "Отозвать")
        case .tokenRevoked: ("Token revoked.", "Токен отозван.")
        case .tokenNeverUsed: ("never used", "не использовался")
        case .tokenLastUsed: ("last used {0}", "использовался {0}")
        case .tokensEmpty: ("No tokens yet.", "Токенов пока нет.")
        case .channelsTitle: ("Channels", "Каналы")
        case .channelsEmpty: ("No channels connected yet.", "Каналы пока не подключены.")
        case .channelAdd: ("Connect a channel", "Подключить канал")
        case .channelName: ("Channel name", "Название канала")
        case .channelPlatform: ("Platform", "Платформа")
        case .channelCredential: ("Access token", "Токен доступа")
        case .channelCredentialHint:
            ("Stored encrypted; never shown again. Not needed for the Sandbox network.",
             "Хранится в зашифрованном виде и больше не показывается. Для сети Sandbox не нужен.")
        case .channelAdded: ("Channel connected.", "Канал подключён.")
        case .channelRemoved: ("Channel removed.", "Канал удалён.")
        case .channelState: ("State", "Состояние")
        case .postsTitle: ("Drafts", "Черновики")
        case .postsEmpty: ("No posts yet.", "Постов пока нет.")
        case .postText: ("Text", "Текст")
        case .postSaveDraft: ("Save draft", "Сохранить черновик")
        case .postSaved: ("Draft saved.", "Черновик сохранён.")
        case .postDeleted: ("Post deleted.", "Пост удалён.")
        case .postDeleteTitle: ("Delete this post?", "Удалить этот пост?")
        case .postDeleteExplain:
            ("“{0}” ({1}) will be deleted with its history of edits and approvals; this cannot be undone. A post that went out on a channel is not deleted: it stays with its publications — duplicate it to post again.",
             "«{0}» ({1}) будет удалён вместе с историей правок и согласований; отменить это нельзя. Пост, уже вышедший в канале, не удаляется: он остаётся со своими публикациями — чтобы опубликовать снова, сделайте копию.")
        case .month1: ("January", "Январь")
        case .month2: ("February", "Февраль")
        case .month3: ("March", "Март")
        case .month4: ("April", "Апрель")
        case .month5: ("May", "Май")
        case .month6: ("June", "Июнь")
        case .month7: ("July", "Июль")
        case .month8: ("August", "Август")
        case .month9: ("September", "Сентябрь")
        case .month10: ("October", "Октябрь")
        case .month11: ("November", "Ноябрь")
        case .month12: ("December", "Декабрь")
        case .choicePublic: ("Public", "Всем")
        case .choiceUnlisted: ("Public, not in public timelines", "Всем, но не в общих лентах")
        case .choiceFollowers: ("Followers only", "Только подписчикам")
        case .choiceDirect: ("Mentioned people only (direct)", "Только упомянутым (личное)")
        case .choiceEveryone: ("Everyone", "Все")
        case .choiceFollowing: ("People the account follows", "Те, на кого подписан аккаунт")
        case .choiceMentioned: ("Mentioned people only", "Только упомянутые")
        case .choiceConnections: ("Connections only", "Только контакты")
        case .campaignUTMSource: ("UTM source (utm_source; {platform} becomes the network)", "Источник UTM (utm_source; {platform} — название сети)")
        case .campaignUTMMedium: ("UTM medium (utm_medium)", "Канал UTM (utm_medium)")
        case .campaignUTMName: ("UTM campaign name (utm_campaign)", "Кампания UTM (utm_campaign)")
        case .calendarStartTitle: ("Nothing planned yet. Where to start:", "Пока ничего не запланировано. С чего начать:")
        case .calendarStartChannel: ("Connect a channel (Settings → Channels)", "Подключить канал (Настройки → Каналы)")
        case .calendarStartWrite: ("Write a post", "Написать пост")
        case .calendarStartImport: ("Import posts from a CSV file", "Импортировать посты из CSV")
        case .accountLanguageBrowser: ("As my browser asks", "Как просит браузер")
        case .calendarByDate: ("Planned and published, by date", "Запланированные и опубликованные, по датам")
        case .calendarFrom: ("From", "С даты")
        case .calendarEarlier: ("← The 30 days before", "← 30 дней до этого")
        case .draftsEmpty:
            ("No drafts. Scheduled and published posts are on the calendar.", "Черновиков нет. Запланированные и опубликованные посты — в календаре.")
        case .postStatusDraft: ("Draft", "Черновик")
        case .exportTitle: ("Export", "Экспорт")
        case .exportIntro:
            ("Download everything in this workspace as JSON (credentials are never exported).",
             "Скачать все данные пространства в JSON (учётные данные каналов не выгружаются).")
        case .exportDownload: ("Download export", "Скачать экспорт")
        case .errorRequired: ("This field is required.", "Обязательное поле.")
        case .errorTooLong:
            ("At most {0} characters; this is {1} too many.", "Не более {0} символов; лишних — {1}.")
        case .errorSingleLine: ("Must be a single line.", "Должно быть одной строкой.")
        case .errorInvalidEmail: ("“{0}” is not an e-mail address.", "«{0}» — не адрес эл. почты.")
        case .errorInvalidTimeZone:
            ("“{0}” is not an IANA time zone; use a name like Europe/Moscow or America/New_York.",
             "«{0}» — не часовой пояс IANA; укажите, например, Europe/Moscow или America/New_York.")
        case .errorInvalidRole: ("“{0}” is not a role; use one of: {1}.", "«{0}» — не роль; допустимо: {1}.")
        case .errorInvalidLanguage: ("“{0}” is not a supported language; use en or ru.",
                                     "Язык «{0}» не поддерживается; укажите en или ru.")
        case .errorPasswordTooShort:
            ("Use at least {0} characters.", "Пароль должен быть не короче {0} символов.")
        case .errorPasswordTooLong:
            ("At most {0} bytes (longer passwords would be cut silently).",
             "Не более {0} байт (более длинный пароль был бы молча обрезан).")
        case .errorDuplicateEmail:
            ("An account with the e-mail {0} already exists.", "Учётная запись с почтой {0} уже существует.")
        case .errorAlreadyMember: ("{0} is already a member of this workspace.", "{0} уже участник этого пространства.")
        case .errorNotFound: ("Not found.", "Не найдено.")
        case .errorForbidden:
            ("Your role ({0}) does not allow this.", "Ваша роль ({0}) не позволяет это сделать.")
        case .errorUnauthorized:
            ("Sign in or send a valid API token (Authorization: Bearer …).",
             "Войдите или передайте действующий API-токен (Authorization: Bearer …).")
        case .errorCSRF:
            ("The form expired or came from another site. Reload the page and try again.",
             "Форма устарела или отправлена с другого сайта. Обновите страницу и повторите.")
        case .errorMalformedJSON: ("The body is not valid JSON.", "Тело запроса — некорректный JSON.")
        case .errorMalformedJSONAt: ("The body is not valid JSON: it goes wrong near byte {0}.", "Тело запроса — некорректный JSON: ошибка около байта {0}.")
        case .errorJSONEndsEarly: ("The body is not valid JSON: it ends too soon (a bracket or a quote is not closed).",
                                   "Тело запроса — некорректный JSON: он обрывается (не закрыта скобка или кавычка).")
        case .errorJSONTooDeep: ("The body is not valid JSON here: it nests arrays and objects more than 512 deep.",
                                 "Тело запроса здесь не принимается: массивы и объекты вложены глубже 512 уровней.")
        case .errorBodyEmpty: ("The body is empty; send a JSON object.", "Тело запроса пустое; отправьте JSON-объект.")
        case .errorNotJSONObject: ("The body must be a JSON object ({…}).", "Тело запроса должно быть JSON-объектом ({…}).")
        case .errorUnknownField: ("Unknown field “{0}”.", "Неизвестное поле «{0}».")
        case .errorExpectedString: ("Expected a string.", "Ожидается строка.")
        case .errorExpectedWholeNumber: ("Expected a whole number.", "Ожидается целое число.")
        case .errorExpectedBoolean: ("Expected true or false.", "Ожидается true или false.")
        case .errorExpectedNumber: ("Expected a number.", "Ожидается число.")
        case .errorExpectedList: ("Expected a list ([…]).", "Ожидается список ([…]).")
        case .errorExpectedObject: ("Expected an object ({…}).", "Ожидается объект ({…}).")
        case .errorExpectedValue: ("Expected a value of another kind here.", "Здесь ожидается значение другого вида.")
        case .errorInvalidValue: ("“{0}” is not a value this field takes.", "Это поле не принимает значение «{0}».")
        case .errorMissingField: ("Missing required field “{0}”.", "Не указано обязательное поле «{0}».")
        case .errorBodyTooLarge:
            ("The request body is larger than the {0} limit.", "Тело запроса больше допустимых {0}.")
        case .errorUnsupportedMediaType:
            ("Send the body as application/json.", "Передайте тело запроса как application/json.")
        case .errorInternal:
            ("Something went wrong on our side (request {0}). Nothing was changed.",
             "Ошибка на сервере (запрос {0}). Ничего не изменено.")
        case .errorWrongPassword: ("The current password is wrong.", "Текущий пароль неверен.")
        case .errorLastOwner:
            ("A workspace needs at least one owner; make someone else owner first.",
             "В пространстве должен остаться владелец; сначала назначьте другого владельца.")
        case .errorCannotAssignRole:
            ("Your role ({0}) cannot give or take away the role {1}.",
             "Ваша роль ({0}) не позволяет назначать или снимать роль {1}.")
        case .errorInvalidPlatform: ("“{0}” is not a supported platform; use one of: {1}.",
                                     "Платформа «{0}» не поддерживается; допустимо: {1}.")
        case .errorBadRequest: ("Bad request: {0}", "Некорректный запрос: {0}")
        case .errorMethodNotAllowed: ("Method not allowed.", "Метод не поддерживается.")
        case .ruleNeedsMedia: ("{0}: needs at least one image or video.", "{0}: нужно хотя бы одно изображение или видео.")
        case .ruleEmpty: ("{0}: the post is empty.", "{0}: пост пустой.")
        case .ruleTextTooLong: ("{0}: {1} characters over the {2} limit.", "{0}: на {1} симв. больше лимита в {2}.")
        case .ruleTextTooLongWeighted:
            ("{0}: {1} over the {2} limit (CJK characters and emoji count as 2, every link as 23).",
             "{0}: на {1} больше лимита в {2} (иероглифы и эмодзи считаются за 2, каждая ссылка — за 23).")
        case .ruleTextTooManyBytes:
            ("{0}: {1} bytes over the {2}-byte limit.", "{0}: на {1} байт больше лимита в {2} байт.")
        case .ruleTooManyHashtags:
            ("{0}: at most {1} hashtags; this post has {2}.", "{0}: не более {1} хештегов; в посте — {2}.")
        case .ruleTooManyMedia:
            ("{0}: at most {1} attachments; this post has {2}.", "{0}: не более {1} вложений; в посте — {2}.")
        case .ruleVideoAlone:
            ("{0}: at most {1} video, and not mixed with images.", "{0}: не более {1} видео и без изображений рядом.")
        case .ruleMediaFormat:
            ("{0}: {1} is {2}, which is not accepted; use {3}.", "{0}: файл {1} в формате {2} не принимается; допустимо: {3}.")
        case .ruleMediaTooLarge: ("{0}: {1} is {2}, over the {3} limit.", "{0}: файл {1} весит {2}, лимит — {3}.")
        case .ruleMediaAspect:
            ("{0}: {1} has aspect ratio {2}; allowed from {3} to {4}.",
             "{0}: у {1} соотношение сторон {2}; допустимо от {3} до {4}.")
        case .ruleAltUnsupported:
            ("{0}: alt text is not supported and will not be sent.", "{0}: альтернативный текст не поддерживается и не будет отправлен.")
        case .voiceBanned: ("Avoid “{0}”.", "Избегайте «{0}».")
        case .voiceBannedWithReplacement: ("Avoid “{0}”; write “{1}”.", "Избегайте «{0}»; пишите «{1}».")
        case .voiceMissingHashtags: ("Add the required hashtags: {0}", "Добавьте обязательные хештеги: {0}")
        case .voiceMissingSignature: ("End with the signature “{0}”.", "Завершите пост подписью «{0}».")
        case .voiceTooManyHashtags:
            ("At most {0} hashtags in our voice; this has {1}.", "В нашем стиле не более {0} хештегов; здесь {1}.")
        case .voiceTooManyEmoji: ("At most {0} emoji in our voice; this has {1}.", "В нашем стиле не более {0} эмодзи; здесь {1}.")
        case .voiceAllCaps: ("No shouting: “{0}” is in capitals.", "Без крика: «{0}» написано заглавными.")
        case .voiceRepeatedPunctuation: ("One mark is enough, not “{0}”.", "Достаточно одного знака, а не «{0}».")
        case .voiceLanguage: ("Posts here are written in {0}.", "Посты здесь пишутся на языке: {0}.")
        case .postDuplicateChannel: ("This channel is listed twice.", "Канал указан дважды.")
        case .postUnknownChannel: ("{0} is not a channel of this workspace.", "{0} — не канал этого пространства.")
        case .postVariantWithoutChannel:
            ("A variant for a channel the post does not go to; add the channel first.",
             "Вариант для канала, в который пост не публикуется; сначала добавьте канал.")
        case .voiceBadTermLine:
            ("Line {0}: write a term, optionally “-> replacement”, with “!” in front to block.",
             "Строка {0}: укажите слово, при желании «-> замена», и «!» в начале, чтобы запрещать.")
        case .voiceBadAdTemplate:
            ("The ad label must contain {advertiser} and {token}, at most 300 characters.",
             "Маркировка рекламы должна содержать {advertiser} и {token}, не более 300 символов.")
        case .voiceTitle: ("Brand voice", "Голос бренда")
        case .voiceIntro:
            ("Checked as you write, in the API, and again before publishing. A block stops publishing; a warning only says so.",
             "Проверяется при написании, в API и перед публикацией. Блокировка не даёт опубликовать; предупреждение только сообщает.")
        case .voiceTone: ("Tone notes", "Тон и стиль")
        case .voiceBannedTerms: ("Words to avoid", "Нежелательные слова")
        case .voiceBannedHint:
            ("One a line: “дёшево -> выгодно” suggests a replacement; “!word” blocks; “скидк*” matches any ending.",
             "По одному в строке: «дёшево -> выгодно» предложит замену; «!слово» — запрет; «скидк*» — любые окончания.")
        case .voiceRequiredHashtags: ("Required hashtags", "Обязательные хештеги")
        case .voiceSignature: ("Signature at the end", "Подпись в конце")
        case .voiceMaxHashtags: ("At most this many hashtags", "Не более хештегов")
        case .voiceMaxEmoji: ("At most this many emoji", "Не более эмодзи")
        case .voiceAllCapsRule: ("Words in capitals", "Слова заглавными")
        case .voicePunctuationRule: ("Repeated !! or ??", "Повторы !! и ??")
        case .voiceLanguageRule: ("Language of posts", "Язык постов")
        case .voiceAdTemplate: ("Ad label", "Маркировка рекламы")
        case .voiceAdTemplateHint:
            ("Placed on posts marked as ads. Default: Реклама. {advertiser}. erid: {token}",
             "Добавляется к постам с пометкой «реклама». По умолчанию: Реклама. {advertiser}. erid: {token}")
        case .severityOff: ("off", "выкл.")
        case .severityWarning: ("warning", "предупреждение")
        case .severityBlock: ("block", "блокировка")
        case .voiceAnyLanguage: ("any", "любой")
        case .voiceSaved: ("Brand voice saved.", "Голос бренда сохранён.")
        case .composeChannels: ("Channels", "Каналы")
        case .composeNoChannels:
            ("No channels yet: connect one in Settings → Channels.", "Каналов пока нет: подключите в «Настройки → Каналы».")
        case .composeVariant: ("Own text for {0}", "Свой текст для {0}")
        case .composeIsAd: ("This is an advertisement", "Это реклама")
        case .composeAdvertiser: ("Advertiser", "Рекламодатель")
        case .composeAdToken: ("Ad token (erid)", "Токен рекламы (erid)")
        case .composeCheck: ("Check", "Проверить")
        case .checksTitle: ("What each channel will accept", "Что примет каждый канал")
        case .checksNone: ("Pick channels to see what each will accept.", "Выберите каналы, чтобы увидеть, что примет каждый.")
        case .checksReady: ("Ready to publish.", "Готово к публикации.")
        case .postUpdated: ("Post saved.", "Пост сохранён.")
        case .postEdit: ("Edit post", "Редактирование поста")
        case .postOpen: ("Open", "Открыть")
        case .errorInvalidColour: ("“{0}” is not a colour; use #RRGGBB.", "«{0}» — не цвет; формат #RRGGBB.")
        case .errorEndsBeforeStart: ("The end is before the start.", "Окончание раньше начала.")
        case .navCampaigns: ("Campaigns", "Кампании")
        case .campaignsEmpty: ("No campaigns yet.", "Кампаний пока нет.")
        case .campaignCreate: ("New campaign", "Новая кампания")
        case .campaignName: ("Name", "Название")
        case .campaignTheme: ("Theme", "Тема")
        case .campaignColour: ("Colour", "Цвет")
        case .campaignStarts: ("Starts", "Начало")
        case .campaignEnds: ("Ends", "Окончание")
        case .campaignGoal: ("Goal", "Цель")
        case .campaignHashtags: ("Default hashtags", "Хештеги по умолчанию")
        case .campaignCreated: ("Campaign created.", "Кампания создана.")
        case .campaignSaved: ("Campaign saved.", "Кампания сохранена.")
        case .campaignNone: ("No campaign", "Без кампании")
        case .campaignPosts: ("Posts in this campaign", "Посты кампании")
        case .campaignField: ("Campaign", "Кампания")
        case .postUnknownCampaign: ("{0} is not a campaign of this workspace.", "{0} — не кампания этого пространства.")
        case .campaignDeleted: ("Campaign deleted; its posts remain.", "Кампания удалена; её посты остались.")
        case .errorInvalidSlot:
            ("“{0}” is not a posting slot; write e.g. “Mon 09:00, Wed 18:30”.",
             "«{0}» — не слот публикации; пример: «Пн 09:00, Ср 18:30».")
        case .scheduleInPast: ("{0} has already passed.", "{0} уже прошло.")
        case .scheduleNoChannels: ("Pick at least one channel first.", "Сначала выберите хотя бы один канал.")
        case .scheduleNeedsApproval:
            ("This workspace requires approval before scheduling.", "В этом пространстве пост нужно согласовать перед планированием.")
        case .scheduleBlocked: ("{0}: {1}", "{0}: {1}")
        case .sandboxEngagement:
            ("Likes: {0} · Shares: {1} · Comments: {2} · Clicks: {3} · Messages: {4} · New followers: {5}",
             "Нравится: {0} · Репосты: {1} · Комментарии: {2} · Переходы: {3} · Сообщения: {4} · Новые подписчики: {5}")
        case .sandboxConversation: ("Latest comments and messages", "Последние комментарии и сообщения")
        case .sandboxComment: ("comment", "комментарий")
        case .sandboxMessage: ("direct message", "личное сообщение")
        case .postPublishedNote:
            ("Published on every channel. A published post cannot change: write a new post to publish again.",
             "Опубликован во всех каналах. Опубликованный пост нельзя изменить: чтобы опубликовать снова, создайте новый пост.")
        case .postLockedPublished:
            ("Already published on {0}: a published post cannot change. Duplicate it to post again.",
             "Уже опубликован в {0}: опубликованный пост нельзя изменить. Сделайте копию, чтобы опубликовать снова.")
        case .postLockedUnknown:
            ("Sent to {0} without an answer: it may be there. Check the channel and mark it published or send it again before changing the post.",
             "Отправлен в {0} без ответа: пост может уже быть там. Проверьте канал и отметьте его опубликованным или отправьте снова, прежде чем менять пост.")
        case .postDuplicate: ("Duplicate", "Копировать")
        case .postDuplicated: ("A copy was made as a draft.", "Копия создана как черновик.")
        case .postLockedInFlight:
            ("Being published on {0} right now: wait until it has gone out.",
             "Прямо сейчас публикуется в {0}: дождитесь, пока публикация завершится.")
        case .scheduleNoSlots:
            ("None of this post's channels has free posting slots in the next 12 weeks; add slots in Settings → Channels.",
             "У каналов поста нет свободных слотов на 12 недель вперёд; добавьте слоты в «Настройки → Каналы».")
        case .scheduleShifted:
            ("{0} does not exist on that day (clocks change); scheduled for {1}.",
             "{0} в этот день не существует (перевод часов); запланировано на {1}.")
        case .scheduleAmbiguous:
            ("{0} happens twice that night (clocks change); the first one is used.",
             "{0} в ту ночь наступает дважды (перевод часов); выбрано первое.")
        case .scheduleTitle: ("Schedule", "Планирование")
        case .scheduleDate: ("Date", "Дата")
        case .scheduleTime: ("Time", "Время")
        case .scheduleButton: ("Schedule", "Запланировать")
        case .queueButton: ("Add to queue (next free slot)", "В очередь (ближайший свободный слот)")
        case .unscheduleButton: ("Unschedule", "Снять с плана")
        case .scheduledFor: ("Scheduled for {0} ({1})", "Запланировано на {0} ({1})")
        case .postScheduled: ("Post scheduled.", "Пост запланирован.")
        case .postUnscheduled: ("Post taken off the schedule.", "Пост снят с плана.")
        case .postStatusInReview: ("In review", "На согласовании")
        case .postStatusApproved: ("Approved", "Согласован")
        case .postStatusScheduled: ("Scheduled", "Запланирован")
        case .postStatusPublished: ("Published", "Опубликован")
        case .slotsLabel: ("Posting slots", "Слоты публикации")
        case .slotsHint: ("e.g. Mon 09:00, Wed 18:30 — in the workspace's time zone", "например: Пн 09:00, Ср 18:30 — по часовому поясу пространства")
        case .calendarMonth: ("Month", "Месяц")
        case .calendarWeek: ("Week", "Неделя")
        case .calendarList: ("List", "Список")
        case .calendarStatus: ("Status", "Статус")
        case .calendarAuthor: ("Author", "Автор")
        case .calendarFilter: ("Filter", "Фильтр")
        case .calendarFeed: ("Calendar feed", "Календарь (iCalendar)")
        case .calendarFeedHint:
            ("Subscribe to this secret address in your calendar app to see scheduled posts of all your workspaces.",
             "Подпишитесь на этот секретный адрес в приложении календаря, чтобы видеть запланированные посты всех ваших пространств.")
        case .calendarFeedReset: ("Make a new address (the old one stops working)", "Новый адрес (старый перестанет работать)")
        case .calendarMoveFailed: ("Could not move the post:", "Не удалось перенести пост:")
        case .workflowNotAllowed:
            ("“{0}” is not possible for a post that is {1}, or not for your role.",
             "Действие «{0}» недоступно для поста в статусе {1} или для вашей роли.")
        case .approvalTitle: ("Approval", "Согласование")
        case .approvalRequiredLabel: ("Posts need approval before scheduling", "Посты нужно согласовать перед планированием")
        case .russianAdLabelsLabel:
            ("Label ads under Russian law (advertiser and erid on each ad post)", "Маркировать рекламу по закону РФ (рекламодатель и erid в каждом рекламном посте)")
        case .approvalSubmit: ("Send for approval", "Отправить на согласование")
        case .approvalApprove: ("Approve", "Согласовать")
        case .approvalRequestChanges: ("Request changes", "Запросить правки")
        case .approvalComment: ("Comment", "Комментарий")
        case .approvalCommentRequired: ("Say what should change.", "Напишите, что нужно изменить.")
        case .approvalLinkCreate: ("Link for the client", "Ссылка для клиента")
        case .approvalLinkHint:
            ("Anyone with this link can approve or reject this post until {0}. No account needed.",
             "По этой ссылке можно согласовать или отклонить пост до {0}. Учётная запись не нужна.")
        case .approvalLinkRevoke: ("Revoke client links", "Отозвать ссылки для клиента")
        case .approvalLinksRevoked: ("Every client link of this post was revoked.", "Все ссылки для клиента к этому посту отозваны.")
        case .approvalLinkExpired:
            ("This approval link is no longer valid: it expired, was revoked, or the post changed since it was made. Ask for a new one.",
             "Ссылка для согласования больше не действует: истёк срок, её отозвали или пост изменился. Попросите новую.")
        case .approvalYourName: ("Your name", "Ваше имя")
        case .approvalThanks: ("Thank you, your answer was recorded.", "Спасибо, ваш ответ записан.")
        case .eventSubmit: ("sent for approval", "отправил(а) на согласование")
        case .eventApprove: ("approved", "согласовал(а)")
        case .eventRequestChanges: ("requested changes", "запросил(а) правки")
        case .eventComment: ("commented", "прокомментировал(а)")
        case .eventScheduled: ("scheduled", "запланировал(а)")
        case .eventUnscheduled: ("took off the schedule", "снял(а) с плана")
        case .eventCreated: ("created", "создал(а)")
        case .eventEdited: ("edited (approval reset)", "изменил(а) (согласование сброшено)")
        case .eventPublishedTwice: ("found this post twice on the platform (two workers sent it); delete the second copy named here on the platform",
                                    "нашёл этот пост на площадке дважды (его отправили два обработчика); удалите на площадке вторую копию, названную здесь")
        case .approvalClientTitle: ("Please review this post", "Пожалуйста, проверьте пост")
        case .approvalAddComment: ("Add comment", "Добавить комментарий")
        case .csvUnclosedQuote:
            ("The quoted field starting on line {0} is never closed.", "Поле в кавычках, начатое в строке {0}, не закрыто.")
        case .csvEmpty: ("The file is empty.", "Файл пустой.")
        case .csvInvalidUTF8:
            ("Line {0} is not valid UTF-8 text; save the file as “CSV UTF-8” and try again.",
             "Строка {0} — не текст в UTF-8; сохраните файл как «CSV UTF-8» и попробуйте снова.")
        case .csvNulByte:
            ("Line {0} contains a NUL character, which no post can hold.",
             "В строке {0} есть символ NUL, которого не может быть в посте.")
        case .csvFieldCount:
            ("Line {0} has {1} fields; the header has {2}.", "В строке {0} полей: {1}; в заголовке: {2}.")
        case .importUnknownColumn:
            ("Unknown column “{0}”; use: {1}.", "Неизвестный столбец «{0}»; допустимы: {1}.")
        case .importMissingColumn: ("The required column “{0}” is missing.", "Нет обязательного столбца «{0}».")
        case .importUnknownChannel:
            ("No channel named “{0}” in this workspace.", "В этом пространстве нет канала «{0}».")
        case .importUnknownCampaign:
            ("No campaign named “{0}” in this workspace.", "В этом пространстве нет кампании «{0}».")
        case .importMediaMissing:
            ("No file “{0}” in the media library.", "В библиотеке нет файла «{0}».")
        case .importTitle: ("Import posts from CSV", "Импорт постов из CSV")
        case .importIntro:
            ("Columns: date, time, time_zone, channels (names, separated by |), text, media, campaign, first_comment. Every row is checked before anything is saved.",
             "Столбцы: date, time, time_zone, channels (названия через |), text, media, campaign, first_comment. Все строки проверяются до сохранения.")
        case .importFile: ("CSV file", "CSV-файл")
        case .importOnlyValid: ("Import the valid rows even if others have errors", "Импортировать корректные строки, даже если в других есть ошибки")
        case .importDryRun: ("Only check, do not import", "Только проверить, не импортировать")
        case .importButton: ("Check and import", "Проверить и импортировать")
        case .importDone: ("{0} of {1} rows imported.", "Импортировано строк: {0} из {1}.")
        case .importNothing:
            ("Nothing was imported: fix the rows below, or choose to import only the valid rows.",
             "Ничего не импортировано: исправьте строки ниже или выберите импорт только корректных строк.")
        case .importRow: ("Line", "Строка")
        case .importColumn: ("Column", "Столбец")
        case .importProblem: ("Problem", "Проблема")
        case .importTooManyRows: ("At most {0} rows per file.", "Не более {0} строк в файле.")
        case .mediaUnsupported:
            ("“{0}” is not a JPEG, PNG, GIF, WebP image or MP4 video (judged by the file's contents, not its name).",
             "«{0}» — не изображение JPEG, PNG, GIF, WebP и не видео MP4 (определяется по содержимому, а не по имени).")
        case .mediaCorrupt:
            ("“{0}” is damaged: its {1} header is cut short or cannot be read.",
             "Файл «{0}» повреждён: заголовок {1} обрезан или не читается.")
        case .mediaNoPixels:
            ("“{0}” says its picture is {1}×{2} pixels: width and height must be at least 1.",
             "Файл «{0}» заявляет размер {1}×{2} пикселей: ширина и высота должны быть не меньше 1.")
        case .mediaTooManyPixels:
            ("“{0}” says its picture is {1}×{2} pixels; Herald takes at most {3} pixels a side and {4} megapixels.",
             "Файл «{0}» заявляет размер {1}×{2} пикселей; Herald принимает не больше {3} пикселей по стороне и {4} мегапикселей.")
        case .mediaTooLarge: ("The file is {0}; the limit is {1}.", "Файл весит {0}; лимит — {1}.")
        case .uploadIncomplete:
            ("The upload ended before the file was complete (the connection was closed?); nothing was kept — send it again.",
             "Загрузка оборвалась раньше, чем пришёл весь файл (соединение закрылось?); ничего не сохранено — отправьте файл ещё раз.")
        case .uploadNotForm:
            ("Send the file as multipart/form-data with a part named “{0}”.",
             "Отправьте файл как multipart/form-data с частью «{0}».")
        case .uploadTooManyFields:
            ("The form has more than {0} fields or a field over {1}; only the file may be large.",
             "В форме больше {0} полей или поле больше {1}; большим может быть только файл.")
        case .errorPrivateAddress:
            ("“{0}” is a private or local address; Herald sends nothing there unless the installation allows it (HERALD_ALLOW_PRIVATE_URLS).",
             "«{0}» — частный или локальный адрес; Herald ничего туда не отправляет, если установка это не разрешила (HERALD_ALLOW_PRIVATE_URLS).")
        case .errorBusy:
            ("Herald is very busy right now; try again in a few seconds.", "Herald сейчас сильно загружен; повторите через несколько секунд.")
        case .pageNewer: ("← Newer", "← Новее")
        case .pageOlder: ("Older →", "Старее →")
        case .calendarMore: ("+{0} more", "ещё {0}")
        case .errorUnresolvedHost:
            ("“{0}” cannot be found (the name does not resolve); check the address.",
             "«{0}» не найден (имя не разрешается); проверьте адрес.")
        case .passwordKeepTokens:
            ("Keep my API tokens (otherwise the new password revokes them)", "Сохранить мои API-токены (иначе новый пароль их отзовёт)")
        case .errorOrganizationOwner:
            ("{0} owns the organisation; only an organisation owner can remove them from a workspace.",
             "{0} — владелец организации; убрать его из пространства может только владелец организации.")
        case .errorTooManySlots:
            ("At most {0} posting slots a week (one an hour); this list has {1}.",
             "Не больше {0} слотов в неделю (по одному в час); в списке {1}.")
        case .errorNulCharacter:
            ("The text contains a NUL character (often pasted from another program); remove it.",
             "В тексте есть символ NUL (часто попадает при вставке из другой программы); удалите его.")
        case .errorPublicationProtected:
            ("That would change or remove a post that went out (or may have); nothing was changed.",
             "Это изменило бы или удалило пост, который уже опубликован (или мог быть); ничего не изменено.")
        case .mediaTitle: ("Media library", "Медиатека")
        case .mediaInUse:
            ("“{0}” is in a post that is scheduled or has gone out (“{1}”): it stays in the library while that post needs it.",
             "«{0}» используется в запланированном или опубликованном посте («{1}»): файл остаётся в медиатеке, пока он нужен посту.")
        case .mediaUpload: ("Upload", "Загрузить")
        case .mediaAltText: ("Alt text", "Альтернативный текст")
        case .mediaTags: ("Tags", "Метки")
        case .mediaFolder: ("Folder", "Папка")
        case .mediaSearch: ("Search", "Поиск")
        case .mediaEmpty: ("No files yet.", "Файлов пока нет.")
        case .mediaFits: ("Fit per platform", "Подходит ли платформам")
        case .mediaFitsAll: ("fits", "подходит")
        case .mediaUploaded: ("File uploaded.", "Файл загружен.")
        case .mediaSaved: ("Saved.", "Сохранено.")
        case .mediaDeleted: ("File deleted.", "Файл удалён.")
        case .mediaDuration: ("{0} s", "{0} с")
        case .postUnknownMedia: ("{0} is not a file of this workspace's library.", "{0} — не файл медиатеки этого пространства.")
        case .voiceBadHashtag: ("“{0}” is not a hashtag.", "«{0}» — не хештег.")
        case .hashtagGroups: ("Hashtag groups", "Наборы хештегов")
        case .hashtagGroupName: ("Group name", "Название набора")
        case .hashtagGroupTags: ("Hashtags", "Хештеги")
        case .hashtagGroupAdd: ("Save group", "Сохранить набор")
        case .hashtagGroupSaved: ("Hashtag group saved.", "Набор хештегов сохранён.")
        case .hashtagInsert: ("Insert:", "Вставить:")
        case .optionVisibility: ("Visibility", "Видимость")
        case .optionSensitive: ("Mark media as sensitive", "Отметить медиа как деликатное")
        case .optionSpoiler: ("Content warning", "Предупреждение о содержимом")
        case .optionNoPreview: ("No link preview", "Без превью ссылки")
        case .optionSilent: ("Send silently", "Без звука")
        case .optionProtect: ("Protect from forwarding", "Запретить пересылку")
        case .optionReplies: ("Who can reply", "Кто может отвечать")
        case .optionSigned: ("Sign with the author's name", "Подпись автора")
        case .optionCloseComments: ("Close comments", "Закрыть комментарии")
        case .optionShareToFeed: ("Also share reel to feed", "Показать Reels в ленте")
        case .optionLanguages: ("Post languages (e.g. ru,en)", "Языки поста (например ru,en)")
        case .optionQuote: ("Quote a post (its bsky.app or at:// address)", "Цитировать пост (адрес bsky.app или at://)")
        case .optionUnknown: ("“{0}” is not an option of {1}; use: {2}.", "«{0}» — не параметр {1}; допустимы: {2}.")
        case .optionBadValue: ("“{0}” is not allowed; use: {1}.", "Значение «{0}» недопустимо; допустимы: {1}.")
        case .publishingTitle: ("Publishing", "Публикация")
        case .pubScheduled: ("waiting for its time", "ждёт своего времени")
        case .pubPublishing: ("being published now", "публикуется")
        case .pubPublished: ("published {0}", "опубликован {0}")
        case .pubFailed: ("failed: {0}", "не опубликован: {0}")
        case .pubUnknown:
            ("outcome unknown ({0}); Herald checks the platform before trying again",
             "результат неизвестен ({0}); Herald проверит платформу перед повтором")
        case .notificationsTitle: ("Notifications", "Уведомления")
        case .notificationsEmpty: ("Nothing needs your attention.", "Всё в порядке.")
        case .fixReconnect: ("Reconnect “{0}” in Settings → Channels.", "Переподключите «{0}» в «Настройки → Каналы».")
        case .heldPaused: ("the channel is paused", "канал на паузе")
        case .heldRateLimited: ("the platform asked this account to slow down", "платформа попросила этот аккаунт публиковать реже")
        case .heldBudget: ("the channel's rate budget is used up", "лимит публикаций канала исчерпан")
        case .heldRetry: ("retrying after a passing fault", "повтор после временной ошибки")
        case .pubNeedsReconnect:
            ("failed: the platform no longer accepts Herald's access to “{0}”. Reconnect it in Settings → Channels; what failed is retried.",
             "не опубликован: платформа больше не принимает доступ Herald к «{0}». Переподключите канал в «Настройки → Каналы» — неудавшееся повторится.")
        case .pubRejected:
            ("failed: {0} refused the post. Edit it and schedule it again.",
             "не опубликован: {0} отклонил пост. Исправьте его и запланируйте снова.")
        case .pubBlocked:
            ("failed: the checks block this post on “{0}”. Edit it (the composer shows why) and schedule it again.",
             "не опубликован: проверки не пропускают пост в «{0}». Исправьте его (редактор покажет причину) и запланируйте снова.")
        case .pubGaveUp:
            ("failed: {0} could not be reached after several tries. Use Retry once it is back.",
             "не опубликован: {0} не отвечал после нескольких попыток. Нажмите «Повторить», когда он заработает.")
        case .pubWillRetry:
            ("{0} had a passing fault; Herald retries by itself.", "{0} временно не ответил; Herald повторит сам.")
        case .pubNoConnector:
            ("failed: Herald cannot publish to {0} yet.", "не опубликован: Herald пока не умеет публиковать в {0}.")
        case .pubNoAnswer:
            ("sent, but {0} did not answer: the post may be on “{1}”. Herald checks the channel before sending again; you can also look yourself and mark it published or send it again.",
             "отправлен, но {0} не ответил: пост может уже быть в «{1}». Herald проверит канал перед повтором; можно и самим посмотреть и отметить пост опубликованным или отправить снова.")
        case .pubAskPerson:
            ("The post was sent to {0} and no answer came, and {0} cannot be asked whether it arrived: look at “{1}”, then mark it published or send it again. Herald will not send it again by itself.",
             "Пост отправлен в {0}, но ответа не было, а {0} нельзя спросить, дошёл ли он: посмотрите канал «{1}» и отметьте пост опубликованным или отправьте снова. Сам Herald его повторно не отправит.")
        case .pubWorkerStopped:
            ("Herald stopped while sending to “{0}”: the post may be there. Herald checks the channel before sending again; you can also look yourself and mark it published or send it again.",
             "Herald остановился во время отправки в «{0}»: пост может уже быть там. Herald проверит канал перед повтором; можно и самим посмотреть и отметить пост опубликованным или отправить снова.")
        case .pubPlatformSaid: ("{0} said: “{1}”", "Ответ {0}: «{1}»")
        case .publishingStopped:
            ("Posts are not going out: no publishing worker has checked in since {0}, and scheduled posts past their time: {1} (the first was due {2}). Start one with “herald worker”, or run “herald serve” without HERALD_WORKER=false.",
             "Посты не выходят: воркер публикации не отмечался с {0}, а запланированных постов, чьё время прошло: {1} (первый должен был выйти {2}). Запустите воркер: «herald worker» или «herald serve» без HERALD_WORKER=false.")
        case .publishingNotScheduling:
            ("Posts are not going out: workers are running, but none has scheduled posts since {0}, and scheduled posts past their time: {1} (the first was due {2}). The worker holding the scheduler's lock may be stuck: restart the workers.",
             "Посты не выходят: воркеры работают, но ни один не планировал посты с {0}, а запланированных постов, чьё время прошло: {1} (первый должен был выйти {2}). Воркер, который держит блокировку планировщика, мог зависнуть: перезапустите воркеры.")
        case .publishingNeverScheduled:
            ("Posts are not going out: workers are running, but none has scheduled posts yet, and scheduled posts past their time: {0} (the first was due {1}). The worker holding the scheduler's lock may be stuck: restart the workers.",
             "Посты не выходят: воркеры работают, но ни один ещё не планировал посты, а запланированных постов, чьё время прошло: {0} (первый должен был выйти {1}). Воркер, который держит блокировку планировщика, мог зависнуть: перезапустите воркеры.")
        case .publishingNeverStarted:
            ("Posts are not going out: no publishing worker has run yet, and scheduled posts past their time: {0} (the first was due {1}). Start one with “herald worker”, or run “herald serve” without HERALD_WORKER=false.",
             "Посты не выходят: воркер публикации ещё ни разу не запускался, а запланированных постов, чьё время прошло: {0} (первый должен был выйти {1}). Запустите воркер: «herald worker» или «herald serve» без HERALD_WORKER=false.")
        case .channelPlatformComing:
            ("Herald cannot publish to {0} yet; its connector is coming. Choose another platform.",
             "Herald пока не публикует в {0}: коннектор в работе. Выберите другую платформу.")
        case .channelCredentialRefused:
            ("{0} did not accept this access token; check it and try again.{1}",
             "{0} не принял этот токен доступа; проверьте его и попробуйте снова.{1}")
        case .channelUnreachable:
            ("{0} could not be reached to check the access token; check the server address and try again.{1}",
             "Не удалось связаться с {0}, чтобы проверить токен; проверьте адрес сервера и попробуйте снова.{1}")
        case .channelCannotPublish: ("cannot publish yet (no connector)", "публикация пока невозможна (нет коннектора)")
        case .channelsComing: ("Coming: {0}.", "В работе: {0}.")
        case .composeNoConnector:
            ("Herald cannot publish to {0} yet: this channel will not get the post.",
             "Herald пока не публикует в {0}: этот канал пост не получит.")
        case .pubMarkPublished: ("It is there: mark as published", "Пост там: отметить опубликованным")
        case .pubSendAgain: ("It is not there: send again", "Поста нет: отправить снова")
        case .pubResolveURL: ("Link to the post (optional)", "Ссылка на пост (необязательно)")
        case .pubResolved: ("Noted; the post page shows it.", "Отмечено; это видно на странице поста.")
        case .pubNotUnknown:
            ("Only a publication whose outcome is unknown can be resolved by hand; this one is {0}.",
             "Вручную можно разрешить только публикацию с неизвестным результатом; эта — {0}.")
        case .pubHeld: ("— waiting until {0}: {1}", "— ждёт до {0}: {1}")
        case .fixRetry: ("The platform kept failing; use Retry once it is back.", "Платформа не отвечала; нажмите «Повторить», когда она заработает.")
        case .fixEdit: ("Edit the post and schedule it again.", "Исправьте пост и запланируйте снова.")
        case .fixWait: ("Nothing to do: Herald retries by itself.", "Ничего делать не нужно: Herald повторит сам.")
        case .channelInstance: ("Server (Mastodon)", "Сервер (Mastodon)")
        case .channelBlueskyHandleInvalid:
            ("“{0}” is not a Bluesky handle: write it as name.bsky.social (or your own domain), without spaces.",
             "«{0}» — не хэндл Bluesky: пишите как name.bsky.social (или свой домен), без пробелов.")
        case .channelBlueskyRefused:
            ("{0} did not accept this handle and app password; check both and try again.{1}",
             "{0} не принял этот хэндл и пароль приложения; проверьте их и попробуйте снова.{1}")
        case .channelCheck: ("Check connection", "Проверить подключение")
        case .channelCheckNoCredential:
            ("The {0} credential of this channel cannot be opened (was the installation's key changed?); reconnect the channel.",
             "Учётные данные {0} этого канала не открываются (менялся ключ установки?); переподключите канал.")
        case .channelCheckRefused:
            ("{0} no longer accepts this channel's credential; reconnect it.{1}", "{0} больше не принимает учётные данные канала; переподключите его.{1}")
        case .channelCheckUnreachable:
            ("{0} could not be reached to check the channel; try again later.{1}", "Не удалось связаться с {0}, чтобы проверить канал; попробуйте позже.{1}")
        case .checkTitle: ("Connection check: {0}", "Проверка подключения: {0}")
        case .checkConnectedAs: ("Connected as {0}.", "Подключено как {0}.")
        case .capPublishing: ("Publishing", "Публикация")
        case .capFirstComment: ("First comment", "Первый комментарий")
        case .capDeleting: ("Deleting published posts", "Удаление опубликованного")
        case .capConversations: ("Comments and messages (inbox)", "Комментарии и сообщения (входящие)")
        case .capInsights: ("Numbers (metrics)", "Цифры (метрики)")
        case .capPinning: ("Pinning posts", "Закрепление постов")
        case .capEditing: ("Correcting published posts", "Исправление опубликованного")
        case .editButton: ("Correct the text on {0}", "Исправить текст в {0}")
        case .editHint:
            ("The post changes on {0}; Herald keeps what was first published and each correction.",
             "Пост изменится в {0}; Herald сохранит и первоначальный текст, и каждое исправление.")
        case .editRequested: ("Correcting on the platform; the post page shows when it is done.", "Исправляем на платформе; на странице поста будет видно, когда готово.")
        case .stepEdit: ("Corrected on {0}", "Исправление в {0}")
        case .editNotPublished:
            ("Only a published post can be corrected on its platform; this one is {0}.",
             "Исправить на платформе можно только опубликованный пост; этот — {0}.")
        case .optionPin: ("Pin to the top", "Закрепить наверху")
        case .stepPin: ("Pinned", "Закрепление")
        case .stepRemoval: ("Deleted from {0}", "Удаление из {0}")
        case .stepDone: ("done {0}", "выполнено {0}")
        case .inboxReplyInFlight:
            ("An earlier answer to this is still on its way or its outcome is unknown; look at the platform before answering again.",
             "Предыдущий ответ ещё в пути или его судьба неизвестна; проверьте на платформе, прежде чем отвечать снова.")
        case .inboxEmpty:
            ("Nothing here yet. Comments, mentions and messages arrive from every channel whose platform gives them, every couple of minutes.",
             "Пока пусто. Комментарии, упоминания и сообщения приходят из всех каналов, чья платформа их отдаёт, раз в пару минут.")
        case .inboxReply: ("Answer", "Ответ")
        case .inboxSend: ("Send the answer", "Отправить ответ")
        case .inboxMarkDone: ("Mark done", "Готово")
        case .inboxReopen: ("Reopen", "Открыть снова")
        case .inboxStatusOpen: ("Open", "Открытые")
        case .inboxStatusWaiting: ("Waiting for the customer", "Ждут клиента")
        case .inboxStatusDone: ("Done", "Готовые")
        case .inboxAll: ("All", "Все")
        case .inboxKindComment: ("comment", "комментарий")
        case .inboxKindReply: ("reply", "ответ")
        case .inboxKindMention: ("mention", "упоминание")
        case .inboxKindQuote: ("quote", "цитата")
        case .inboxKindMessage: ("direct message", "личное сообщение")
        case .inboxOnPost: ("on our post", "к нашему посту")
        case .inboxSyncFailed: ("{0} could not be read. {1}", "Не удалось прочитать {0}. {1}")
        case .inboxReplied: ("Answered {0}", "Ответ отправлен {0}")
        case .inboxReplyFailed: ("The answer was not sent. {0}", "Ответ не отправлен. {0}")
        case .inboxReplyUnknown:
            ("The answer was sent and no reply came: look at the platform before answering again.",
             "Ответ отправлен, но подтверждения нет: проверьте на платформе, прежде чем отвечать снова.")
        case .inboxSaved: ("Saved.", "Сохранено.")
        case .inboxFilter: ("Show", "Показать")
        case .inboxChannel: ("Channel", "Канал")
        case .inboxNotAMember: ("“{0}” is not a member of this workspace.", "«{0}» — не участник этого пространства.")
        case .inboxAssigned: ("Assigned", "Назначено")
        case .inboxMine: ("To me", "Мне")
        case .inboxUnassigned: ("Nobody", "Никому")
        case .inboxAssign: ("Assign", "Назначить")
        case .inboxNobody: ("nobody", "никто")
        case .inboxLabelInvalid:
            ("“{0}” is not a label: use letters, digits and “-”, up to 40 characters.",
             "«{0}» — не метка: используйте буквы, цифры и «-», до 40 символов.")
        case .inboxLabelsTooMany: ("An item carries at most {0} labels.", "У сообщения может быть не больше {0} меток.")
        case .inboxNothingToChange: ("Choose what to change.", "Выберите, что изменить.")
        case .inboxBulkTooMany: ("Change at most {0} items at once.", "За раз можно изменить не больше {0} сообщений.")
        case .inboxNotADepartment: ("“{0}” is not a department of this workspace.", "«{0}» — не отдел этого пространства.")
        case .inboxSnoozePast: ("Snooze until a time in the future.", "Отложить можно только до момента в будущем.")
        case .departmentNameTaken: ("There is already a department called “{0}”.", "Отдел «{0}» уже есть.")
        case .inboxPriority: ("Priority", "Приоритет")
        case .inboxPriorityLow: ("low", "низкий")
        case .inboxPriorityNormal: ("normal", "обычный")
        case .inboxPriorityHigh: ("high", "высокий")
        case .inboxPriorityUrgent: ("urgent", "срочный")
        case .inboxLabels: ("Labels", "Метки")
        case .inboxLabelsHint: ("Comma-separated, e.g. delivery, refund", "Через запятую, например: доставка, возврат")
        case .inboxSnooze: ("Snooze until", "Отложить до")
        case .inboxSnoozedTab: ("Snoozed", "Отложенные")
        case .inboxSnoozedUntil: ("snoozed until {0}", "отложено до {0}")
        case .inboxSearch: ("Search", "Поиск")
        case .inboxDepartment: ("Department", "Отдел")
        case .inboxHistory: ("Earlier from {0}", "Раньше от {0}")
        case .inboxBulk: ("With the selected items", "С выбранными сообщениями")
        case .inboxBulkApply: ("Apply to the selected", "Применить к выбранным")
        case .inboxSelect: ("Select", "Выбрать")
        case .inboxSave: ("Save", "Сохранить")
        case .departmentsTitle: ("Departments", "Отделы")
        case .departmentAdd: ("Add a department", "Добавить отдел")
        case .departmentMembers: ("Members", "Участники")
        case .departmentRemove: ("Remove the department", "Удалить отдел")
        case .departmentNone: ("no department", "без отдела")
        case .departmentsEmpty: ("No departments yet.", "Отделов пока нет.")
        case .departmentsHint:
            ("Departments answer parts of the inbox (support, sales, PR): give items to one, and its members find them under “Department”.",
             "Отделы отвечают на часть входящих (поддержка, продажи, PR): передайте сообщение отделу, и его участники найдут его в фильтре «Отдел».")
        case .inboxNoDepartment: ("any department", "любой отдел")
        case .inboxAnyPriority: ("any priority", "любой приоритет")
        case .inboxNothingSelected: ("Select the items to change first.", "Сначала выберите сообщения.")
        case .routingKeywordsTooMany: ("At most 50 keywords of up to 100 characters each.", "Не больше 50 ключевых слов, каждое до 100 символов.")
        case .limitChannels: ("A workspace can have at most {0} channels. Remove one first.", "В рабочем пространстве может быть не больше {0} каналов. Сначала удалите один.")
        case .limitCampaigns: ("A workspace can have at most {0} campaigns. Remove one first.", "В рабочем пространстве может быть не больше {0} кампаний. Сначала удалите одну.")
        case .limitHashtagGroups: ("A workspace can have at most {0} hashtag groups. Remove one first.", "В рабочем пространстве может быть не больше {0} групп хештегов. Сначала удалите одну.")
        case .limitRoutingRules: ("A workspace can have at most {0} routing rules. Remove one first.", "В рабочем пространстве может быть не больше {0} правил распределения. Сначала удалите одно.")
        case .limitSavedReplies: ("A workspace can have at most {0} saved replies. Remove one first.", "В рабочем пространстве может быть не больше {0} шаблонов ответов. Сначала удалите один.")
        case .limitDepartments: ("A workspace can have at most {0} departments. Remove one first.", "В рабочем пространстве может быть не больше {0} отделов. Сначала удалите один.")
        case .routingPatternTooSlow:
            ("“{0}” takes too long on some texts (it tries too many ways to match a long run of the same characters); simplify it, for example without a repeated group inside a repeat.",
             "«{0}» слишком долго проверяется на некоторых текстах (перебирает слишком много вариантов на длинной серии одинаковых символов); упростите его, например без повторяемой группы внутри повтора.")
        case .routingTrialTooSlow:
            ("On {0} of them the pattern took too long and the rule was skipped.", "На {0} из них шаблон проверялся слишком долго, и правило было пропущено.")
        case .eventChanged: ("changed", "изменено")
        case .eventPatternTooSlow:
            ("skipped: its pattern took too long on this text", "пропущено: шаблон проверялся на этом тексте слишком долго")
        case .routingPatternInvalid: ("“{0}” is not a regular expression Herald can read.", "«{0}» — не регулярное выражение, которое Herald может прочитать.")
        case .routingNoConditions: ("Give the rule at least one condition.", "Задайте правилу хотя бы одно условие.")
        case .routingNoActions: ("Give the rule at least one action.", "Задайте правилу хотя бы одно действие.")
        case .routingTitle: ("Routing", "Маршрутизация")
        case .routingHint:
            ("Rules are tried in order on every item that arrives; each applies its actions when all of its conditions hold. Try a rule on the last 500 items before you save it. What a rule did shows in the item's history.",
             "Правила проверяются по порядку для каждого нового сообщения; правило выполняет действия, если выполнены все его условия. Проверьте правило на последних 500 сообщениях перед сохранением. Что сделало правило, видно в истории сообщения.")
        case .routingAdd: ("Add a rule", "Добавить правило")
        case .routingName: ("Rule name", "Название правила")
        case .routingKeywords: ("Keywords", "Ключевые слова")
        case .routingKeywordsHint: ("Comma-separated; a trailing * takes any ending: refund*, возврат*", "Через запятую; * в конце — любое окончание: refund*, возврат*")
        case .routingPattern: ("Regular expression", "Регулярное выражение")
        case .routingLanguage: ("Language", "Язык")
        case .routingKinds: ("Kind", "Тип")
        case .routingAuthor: ("Author", "Автор")
        case .routingAuthorNew: ("writes for the first time", "пишет впервые")
        case .routingAuthorKnown: ("wrote before", "писал раньше")
        case .routingVIP: ("VIP list (names or ids, comma-separated)", "VIP-список (имена или id через запятую)")
        case .routingSentiment: ("Mood", "Настроение")
        case .routingUrgent: ("Only urgent items", "Только срочные")
        case .routingAssign: ("Assign to", "Назначить")
        case .routingLabels: ("Add labels", "Добавить метки")
        case .routingHide: ("Spam: mark done and label it spam", "Спам: закрыть и пометить как spam")
        case .routingStop: ("Stop: no later rules for these items", "Стоп: дальше правила не применять")
        case .routingTry: ("Try on the last 500 items", "Проверить на последних 500")
        case .routingWouldMatch: ("Would have matched {0} of the last {1} items.", "Сработало бы на {0} из последних {1} сообщений.")
        case .routingRemove: ("Remove the rule", "Удалить правило")
        case .routingUp: ("Up", "Выше")
        case .routingDown: ("Down", "Ниже")
        case .routingEmpty: ("No rules yet: items arrive as they are.", "Правил пока нет: сообщения приходят как есть.")
        case .routingChannels: ("Channels", "Каналы")
        case .routingAny: ("any", "любой")
        case .routingBy: ("by the rule “{0}”", "по правилу «{0}»")
        case .routingWhen: ("When", "Когда")
        case .routingThen: ("Then", "Тогда")
        case .routingExamples: ("For example:", "Например:")
        case .moodNegative: ("negative", "негатив")
        case .moodNeutral: ("neutral", "нейтрально")
        case .moodPositive: ("positive", "позитив")
        case .inboxUrgent: ("urgent", "срочно")
        case .inboxMood: ("Mood", "Настроение")
        case .inboxEvents: ("History", "История")
        case .eventAssigned: ("assigned to {0}", "назначено: {0}")
        case .eventDepartment: ("given to the department {0}", "передано в отдел {0}")
        case .eventLabels: ("labelled {0}", "метки: {0}")
        case .eventPriority: ("priority {0}", "приоритет: {0}")
        case .eventHidden: ("hidden as spam", "скрыто как спам")
        case .routingSaved: ("Rule saved.", "Правило сохранено.")
        case .routingLanguageRU: ("Russian", "русский")
        case .routingLanguageEN: ("English", "английский")
        case .replyApprovalLabel: ("Editors' answers from the inbox wait for an approver", "Ответы редакторов во входящих ждут согласования")
        case .replyPending: ("Waiting for approval", "Ждёт согласования")
        case .replyApprove: ("Approve and send", "Согласовать и отправить")
        case .replyReject: ("Reject", "Отклонить")
        case .replyRejected: ("Rejected by an approver", "Отклонено согласующим")
        case .replyNotPending: ("This answer is not waiting for approval.", "Этот ответ не ждёт согласования.")
        case .savedRepliesTitle: ("Saved replies", "Шаблоны ответов")
        case .savedReplyAdd: ("Add a saved reply", "Добавить шаблон")
        case .savedReplyText: ("Text", "Текст")
        case .savedReplyTextHint:
            ("Variables: {name} (the customer), {post_link} (our post), {channel}; any other {word} is filled in when answering.",
             "Переменные: {name} (клиент), {post_link} (наш пост), {channel}; любое другое {слово} заполняется при ответе.")
        case .savedReplyLanguage: ("Language", "Язык")
        case .savedReplyAnyLanguage: ("any", "любой")
        case .savedReplyRemove: ("Remove", "Удалить")
        case .savedRepliesEmpty: ("No saved replies yet.", "Шаблонов пока нет.")
        case .savedReplyInsert: ("Insert", "Вставить")
        case .savedReplyMissing: ("Fill in {0} before sending.", "Заполните {0} перед отправкой.")
        case .savedReplyNameTaken: ("There is already a saved reply called “{0}”.", "Шаблон «{0}» уже есть.")
        case .savedReplyUnknown: ("“{0}” is not a saved reply of this workspace.", "«{0}» — не шаблон этого пространства.")
        case .routingReply: ("Answer with the saved reply", "Ответить шаблоном")
        case .eventReplied: ("answered with “{0}”", "отвечено шаблоном «{0}»")
        case .replyQueued: ("Queued: it goes out in a moment.", "В очереди: уйдёт через мгновение.")
        case .reportPeriodInvalid: ("The period ends before it starts.", "Период заканчивается раньше, чем начинается.")
        case .serviceHoursInvalid: ("{0}–{1} is not a span of time: the closing time comes after the opening.", "{0}–{1} — не промежуток: время закрытия должно быть позже открытия.")
        case .serviceTargetOrder: ("Settling cannot take less time than the first answer.", "Решение не может занимать меньше времени, чем первый ответ.")
        case .serviceTitle: ("Service levels", "Уровни обслуживания")
        case .serviceHint:
            ("Timers count only business hours, in the workspace's time zone ({0}); days off do not count. Items near (three quarters used) or past their target rise to the top of the open inbox.",
             "Таймеры считают только рабочие часы в часовом поясе пространства ({0}); выходные дни не считаются. Сообщения, близкие к сроку (использовано три четверти) или просроченные, поднимаются наверх открытых входящих.")
        case .serviceHours: ("Business hours", "Рабочие часы")
        case .serviceHoursHint: ("Leave both empty for a closed day; 24:00 closes at midnight.", "Оставьте оба поля пустыми для выходного; 24:00 — до полуночи.")
        case .serviceHolidays: ("Days off", "Нерабочие дни")
        case .serviceHolidaysHint: ("One date per line, YYYY-MM-DD.", "По одной дате в строке, ГГГГ-ММ-ДД.")
        case .serviceTargets: ("Targets (business hours)", "Сроки (рабочие часы)")
        case .serviceFirstResponse: ("First answer", "Первый ответ")
        case .serviceResolution: ("Settled", "Решение")
        case .servicePriority: ("Priority", "Приоритет")
        case .serviceSaved: ("Service levels saved.", "Уровни обслуживания сохранены.")
        case .reportTitle: ("Response times", "Время ответа")
        case .reportFrom: ("From", "С")
        case .reportTo: ("To", "По")
        case .reportShow: ("Show", "Показать")
        case .reportCSV: ("Download CSV", "Скачать CSV")
        case .reportTotal: ("All items", "Все сообщения")
        case .reportByPerson: ("By person", "По сотрудникам")
        case .reportByDepartment: ("By department", "По отделам")
        case .reportByChannel: ("By channel", "По каналам")
        case .reportGroup: ("Who", "Кто")
        case .reportItems: ("Items", "Сообщений")
        case .reportAnswered: ("Answered", "Отвечено")
        case .reportResolved: ("Settled", "Решено")
        case .reportFirstMedian: ("First answer, median", "Первый ответ, медиана")
        case .reportFirstP90: ("First answer, 90 %", "Первый ответ, 90 %")
        case .reportResolutionMedian: ("Settled, median", "Решение, медиана")
        case .reportResolutionP90: ("Settled, 90 %", "Решение, 90 %")
        case .reportHint:
            ("Items that arrived in the period (spam left out), by their assignee, department and channel; times in business hours.",
             "Сообщения, пришедшие за период (без спама), по ответственному, отделу и каналу; время — в рабочих часах.")
        case .slaBreached: ("past its target", "срок прошёл")
        case .slaNear: ("due {0}", "срок {0}")
        case .slaDue: ("due {0}", "срок {0}")
        case .day1: ("Monday", "Понедельник")
        case .day2: ("Tuesday", "Вторник")
        case .day3: ("Wednesday", "Среда")
        case .day4: ("Thursday", "Четверг")
        case .day5: ("Friday", "Пятница")
        case .day6: ("Saturday", "Суббота")
        case .day7: ("Sunday", "Воскресенье")
        case .inboxEditedEvent: ("edited on the platform; it said before: “{0}”", "изменено на платформе; раньше было: «{0}»")
        case .inboxKeysHint: ("Keys: j / k next and previous, r answer, e done, a assign.", "Клавиши: j / k — следующее и предыдущее, r — ответить, e — готово, a — назначить.")
        case .routingReplyCustom:
            ("A rule can only answer with a saved reply that needs nothing filled in ({0}).",
             "Правило может отвечать только шаблоном, в котором нечего заполнять ({0}).")
        case .savedRepliesHint:
            ("Answers the team reuses. Pick one under an item's answer box; rules can answer with one by themselves.",
             "Ответы, которые команда использует снова. Выберите шаблон под полем ответа; правила могут отвечать шаблоном сами.")
        case .removeNotPublished:
            ("Only a published post can be deleted from its platform; this one is {0}.",
             "Удалить с платформы можно только опубликованный пост; этот — {0}.")
        case .removeButton: ("Delete from {0}", "Удалить из {0}")
        case .removeConfirm:
            ("Yes, delete this post (and its thread and first comment) from {0}; Herald keeps its record.",
             "Да, удалить этот пост (и его тред и первый комментарий) из {0}; запись в Herald останется.")
        case .removeRequested: ("Deleting from the platform; the post page shows when it is done.", "Удаляем с платформы; на странице поста будет видно, когда готово.")
        case .checkYes: ("yes", "да")
        case .checkNotAvailable: ("not available on {0}", "недоступно в {0}")
        case .checkMetrics: ("Numbers it gives: {0}.", "Какие цифры даёт: {0}.")
        case .checkMetricsMissing: ("Not available on {0}: {1}.", "Недоступно в {0}: {1}.")
        case .checkTotals: ("The account now: {0}.", "Аккаунт сейчас: {0}.")
        case .metricLikes: ("likes", "лайки")
        case .metricReposts: ("reposts", "репосты")
        case .metricReplies: ("replies", "ответы")
        case .metricQuotes: ("quotes", "цитаты")
        case .metricViews: ("views", "просмотры")
        case .metricClicks: ("clicks", "клики")
        case .metricSaves: ("saves", "сохранения")
        case .metricReach: ("reach", "охват")
        case .metricFollowers: ("followers", "подписчики")
        case .metricFollowing: ("following", "подписки")
        case .metricPosts: ("posts", "посты")
        case .channelBlueskyHandle: ("Handle (Bluesky)", "Хэндл (Bluesky)")
        case .channelBlueskyAppPassword: ("App password (Bluesky)", "Пароль приложения (Bluesky)")
        case .channelBlueskyService: ("PDS address (Bluesky, only for a self-hosted server)", "Адрес PDS (Bluesky, только для своего сервера)")
        case .channelBlueskyHint:
            ("Bluesky: create an app password under Settings → Privacy and security → App passwords; never your account password.",
             "Bluesky: создайте пароль приложения в «Настройки → Конфиденциальность и безопасность → Пароли приложений»; не пароль от аккаунта.")
        case .channelTelegramTokenInvalid:
            ("This is not a bot token: @BotFather gives one that looks like 123456789:AAF…",
             "Это не токен бота: @BotFather выдаёт токен вида 123456789:AAF…")
        case .channelTelegramChatInvalid:
            ("“{0}” is not a channel or group: write @name, a t.me/name link, or the numeric id (-100…).",
             "«{0}» — не канал и не группа: укажите @имя, ссылку t.me/имя или числовой id (-100…).")
        case .channelTelegramRefused:
            ("{0} did not let the bot post there; fix it and try again.{1}",
             "{0} не позволяет боту публиковать туда; исправьте и попробуйте снова.{1}")
        case .channelNoOAuth: ("{0} is not connected by signing in there; use its own fields.", "{0} подключается не входом на платформе; заполните его поля.")
        case .channelOAuthAppRefused:
            ("{0} did not let Herald register as an app on this server; check the address, or paste an access token instead.{1}",
             "{0} не дал Herald зарегистрироваться как приложение на этом сервере; проверьте адрес или вставьте токен доступа.{1}")
        case .channelOAuthStateUnknown:
            ("This sign-in link is not one Herald started for you; start connecting again from Settings → Channels.",
             "Эта ссылка входа не была создана Herald для вас; начните подключение заново в «Настройки → Каналы».")
        case .channelOAuthExpired:
            ("Connecting took longer than ten minutes; start again and approve on {0} within ten minutes.",
             "Подключение заняло больше десяти минут; начните заново и подтвердите на {0} в течение десяти минут.")
        case .channelOAuthStateUsed:
            ("This sign-in link was already used; the channel list shows the result. Start again to connect another account.",
             "Эта ссылка входа уже использована; результат — в списке каналов. Чтобы подключить другой аккаунт, начните заново.")
        case .channelOAuthDenied:
            ("Access was not granted on {0}, so nothing was connected.{1}", "Доступ на {0} не предоставлен, поэтому ничего не подключено.{1}")
        case .channelOAuthRefused:
            ("{0} did not give Herald access with this sign-in; start connecting again.{1}",
             "{0} не выдал Herald доступ по этому входу; начните подключение заново.{1}")
        case .channelOAuthContinue: ("Continue on {0}", "Продолжить на {0}")
        case .channelOAuthOrToken: ("Or paste an access token", "Или вставьте токен доступа")
        case .channelOAuthHint:
            ("Herald sends you to your server to sign in and approve access (reading and posting); you come back here and the channel is connected.",
             "Herald отправит вас на ваш сервер, чтобы войти и разрешить доступ (чтение и публикация); затем вы вернётесь сюда, и канал будет подключён.")
        case .channelVKCommunityInvalid:
            ("“{0}” is not a VK community: give its address (vk.com/name or club123) or its number.",
             "«{0}» — не сообщество ВКонтакте: укажите адрес (vk.com/имя или club123) или номер.")
        case .channelVKRefused:
            ("{0} did not accept this community token for this community; fix it and try again.{1}",
             "{0} не принял этот ключ доступа для этого сообщества; исправьте и попробуйте снова.{1}")
        case .channelVKToken: ("Community access token (VK)", "Ключ доступа сообщества (ВКонтакте)")
        case .channelVKIDHint:
            ("Give the community, then sign in with VK ID as one of its editors or administrators: Herald posts as the community and renews the sign-in by itself. A community token (below) is the other way, and the one the inbox's messages need.",
             "Укажите сообщество и войдите через VK ID как его редактор или администратор: Herald публикует от имени сообщества и сам продлевает вход. Другой способ — ключ доступа сообщества (ниже); он же нужен для сообщений во входящих.")
        case .channelVKIDContinue: ("Sign in with VK ID", "Войти через VK ID")
        case .channelVKIDOrToken: ("Or paste a community access token", "Или вставьте ключ доступа сообщества")
        case .channelVKCommunity: ("Community (VK)", "Сообщество (ВКонтакте)")
        case .channelVKServer: ("API server (VK, only for a test server)", "Сервер API (ВКонтакте, только для тестового сервера)")
        case .channelVKSteps:
            ("VK: in your community open Manage → API usage → Access tokens → Create token, allow “Community management”, “Community photos”, “Community wall” (and “Community messages” for the inbox), and copy the token; turn on Long Poll API there too. Then give the community's address.",
             "ВКонтакте: в сообществе откройте «Управление → Работа с API → Ключи доступа → Создать ключ», разрешите «Управление сообществом», «Фотографии сообщества», «Стена сообщества» (и «Сообщения сообщества» для входящих) и скопируйте ключ; там же включите Long Poll API. Затем укажите адрес сообщества.")
        case .channelConnectTitle: ("Connect {0}", "Подключить {0}")
        case .channelDocs: ("More in Herald's guide: {0}.", "Подробнее в руководстве Herald: {0}.")
        case .channelSandboxSteps:
            ("The Sandbox network is built into Herald: a simulated audience likes, comments and writes messages, so you can try everything without a real account. Nothing leaves this server; just give the channel a name.",
             "Сеть Sandbox встроена в Herald: имитированная аудитория ставит лайки, комментирует и пишет сообщения — всё можно попробовать без настоящего аккаунта. Ничего не уходит с этого сервера; просто назовите канал.")
        case .channelMastodonSteps:
            ("Mastodon: on your server open Preferences → Development → New application, allow read and write, save it and copy “Your access token”; give the server's address as well.",
             "Mastodon: на своём сервере откройте «Настройки → Разработка → Новое приложение», разрешите read и write, сохраните и скопируйте «Ваш токен доступа»; укажите и адрес сервера.")
        case .channelTelegramToken: ("Bot token (Telegram)", "Токен бота (Telegram)")
        case .channelTelegramChat: ("Channel or group (Telegram)", "Канал или группа (Telegram)")
        case .channelTelegramServer:
            ("Bot API server (Telegram, only for a local server)", "Сервер Bot API (Telegram, только для своего сервера)")
        case .channelTelegramHint:
            ("Telegram: create a bot with @BotFather (/newbot) and copy its token; add the bot to the channel as an administrator allowed to post messages (or to the group as a member); then give the channel as @name.",
             "Telegram: создайте бота у @BotFather (/newbot) и скопируйте токен; добавьте бота в канал администратором с правом публиковать сообщения (или в группу участником); затем укажите канал как @имя.")
        case .errorInvalidURL: ("“{0}” is not an http(s) address.", "«{0}» — не адрес http(s).")
        case .pubOpen: ("Open on the platform", "Открыть на платформе")
        case .composeFirstComment: ("First comment", "Первый комментарий")
        case .composeLink: ("Link for the preview", "Ссылка для превью")
        case .composeMedia: ("Images and video", "Изображения и видео")
        case .previewsTitle: ("Previews", "Как будет выглядеть")
        case .slotsSaved: ("Posting slots saved.", "Слоты сохранены.")
        case .errorInvalidChoice: ("“{0}” is not allowed here; use one of: {1}.", "«{0}» здесь не подходит; допустимо: {1}.")
        case .errorInvalidID: ("“{0}” is not an id: Herald's ids look like 3F2504E0-4F89-11D3-9A0C-0305E82C3301.",
                               "«{0}» — не идентификатор: идентификаторы Herald выглядят так: 3F2504E0-4F89-11D3-9A0C-0305E82C3301.")
        case .errorUnknownParameter: ("This address takes no parameter “{0}”; it takes: {1}.", "У этого адреса нет параметра «{0}»; есть: {1}.")
        case .errorTableNeedsCSV: ("“table” picks one table of the CSV answer: add format=csv, or leave it out for the whole report as JSON.",
                                   "«table» выбирает одну таблицу ответа в CSV: добавьте format=csv или уберите его, чтобы получить весь отчёт в JSON.")
        case .errorNoParameters: ("This address takes no query parameters, and “{0}” is not one it reads.",
                                  "Этот адрес не принимает параметров в строке запроса; «{0}» он не читает.")
        case .channelStateActive: ("Active", "Активен")
        case .channelStateNeedsReconnect: ("Needs reconnecting", "Нужно переподключить")
        case .channelStatePaused: ("Paused", "На паузе")
        case .channelRatePaused: ("Held by the platform's rate limit until {0}", "Платформа ограничила частоту публикаций до {0}")
        case .channelPause: ("Pause", "Поставить на паузу")
        case .channelResume: ("Resume", "Возобновить")
        case .channelReconnect: ("Reconnect", "Переподключить")
        case .channelReconnected: ("Reconnected: posts that failed for want of access are queued again.", "Канал переподключён: посты, не вышедшие без доступа, снова в очереди.")
        case .channelBudget: ("Rate budget", "Лимит публикаций")
        case .channelBudgetHint: ("Posts per period. 0 goes back to the platform's default; -1 means no limit (a server without one).", "Публикаций за период. 0 — вернуть лимит платформы по умолчанию; -1 — без ограничения (для сервера без лимитов).")
        case .channelBudgetUnlimited: ("no limit", "без ограничения")
        case .channelBudgetNow: ("{0} posts per {1} h", "{0} публикаций за {1} ч")
        case .channelBudgetCount: ("Posts", "Публикаций")
        case .channelBudgetHours: ("Period, hours", "Период, часов")
        case .channelExpires: ("Access expires", "Доступ истекает")
        case .channelExpiresHint: ("Optional, for tokens that expire: YYYY-MM-DD", "Необязательно, для токенов с ограниченным сроком: ГГГГ-ММ-ДД")
        case .channelRefreshToken: ("Refresh token (optional)", "Токен обновления (необязательно)")
        case .channelSaved: ("Channel saved.", "Канал сохранён.")
        case .channelManage: ("Manage", "Управление")
        case .pubRetry: ("Retry", "Повторить")
        case .pubRetried: ("Queued again.", "Снова в очереди.")
        case .notificationsChannels: ("Channels that need attention", "Каналы, требующие внимания")
        case .notificationsNotices: ("Notices", "Оповещения")
        case .notificationsPublications: ("Publications that did not go out", "Невышедшие публикации")
        case .dismiss: ("Dismiss", "Скрыть")
        case .noticeDismissed: ("Notice dismissed.", "Оповещение скрыто.")
        case .webhookTitle: ("Webhook", "Вебхук")
        case .webhookHint: ("Herald POSTs publication.published and publication.failed events as JSON to this URL, signed with HMAC-SHA256 in the Herald-Signature header (t=…,v1=…).", "Herald отправляет POST-запросом события publication.published и publication.failed в формате JSON на этот адрес с подписью HMAC-SHA256 в заголовке Herald-Signature (t=…,v1=…).")
        case .webhookURL: ("Webhook URL", "Адрес вебхука")
        case .webhookSecretOnce: ("Secret — shown only now, keep it to check signatures: {0}", "Секрет — показывается только сейчас, сохраните его для проверки подписи: {0}")
        case .webhookRotate: ("Make a new secret", "Новый секрет")
        case .webhookRemove: ("Remove webhook", "Удалить вебхук")
        case .webhookRemoved: ("Webhook removed.", "Вебхук удалён.")
        case .webhookNone: ("No webhook yet.", "Вебхук не задан.")
        case .calendarProblem: ("Did not go out on every channel: see Notifications", "Вышел не во всех каналах: см. «Уведомления»")
        case .noticeMissedPost:
            ("Due at {0} and not out on every channel yet: check the channel (paused? needs reconnecting?) and that a worker is running.",
             "Должен был выйти {0}, но вышел не во всех каналах: проверьте канал (на паузе? нужно переподключить?) и что воркер запущен.")
        case .noticeCredentialExpiring:
            ("The access of “{0}” expires on {1} and cannot be renewed automatically: reconnect the channel before then.",
             "Доступ канала «{0}» истекает {1} и не продлевается автоматически: переподключите канал до этой даты.")
        case .noticeCredentialExpired:
            ("The access of “{0}” expired on {1}: reconnect the channel.", "Доступ канала «{0}» истёк {1}: переподключите канал.")
        case .retryNotFailed: ("Only a failed publication can be retried; this one is {0}.",
                               "Повторить можно только неудавшуюся публикацию; эта — {0}.")
        case .errorOutOfRange: ("Use a whole number from {0} to {1}.", "Нужно целое число от {0} до {1}.")
        case .errorInvalidDate: ("“{0}” is not a date; use YYYY-MM-DD.", "«{0}» — не дата; формат ГГГГ-ММ-ДД.")
        case .errorInvalidTime: ("“{0}” is not a time; use HH:MM (24-hour).", "«{0}» — не время; формат ЧЧ:ММ (24 часа).")
        case .adAdvertiserRequired:
            ("An advertisement needs the advertiser's name.", "Для рекламы нужно указать рекламодателя.")
        case .adTokenRequired:
            ("An advertisement needs its ad token (erid).", "Для рекламы нужен токен (erid).")
        case .adTokenInvalid:
            ("“{0}” is not an ad token: letters and digits only, at most 64.",
             "«{0}» — не токен рекламы: только латинские буквы и цифры, не более 64.")
        case .ruleFirstCommentUnsupported:
            ("{0}: a post here cannot have a first comment; leave the field empty for this channel.",
             "{0}: здесь у поста не бывает первого комментария; оставьте поле пустым для этого канала.")
        case .ruleFirstCommentTooLong:
            ("{0}: the first comment is {1} characters over the {2} limit.",
             "{0}: первый комментарий на {1} симв. длиннее лимита в {2}.")
        case .ruleThreadUnsupported:
            ("{0} has no threads: leave the thread empty for this channel (or make the parts separate posts).",
             "{0}: тредов здесь нет — оставьте тред пустым для этого канала (или сделайте части отдельными постами).")
        case .ruleThreadTooMany: ("The thread has {0} posts; at most {1}.", "В треде {0} постов; не больше {1}.")
        case .ruleThreadPartTooLong:
            ("{0}: post {1} of the thread is {2} characters over the {3} limit.", "{0}: пост {1} треда на {2} симв. длиннее лимита в {3}.")
        case .composeThread: ("Thread: the posts that follow", "Тред: следующие посты")
        case .composeThreadHint:
            ("Each part is posted as a reply to the one before; separate parts with a line of three dashes (---).",
             "Каждая часть публикуется ответом на предыдущую; разделяйте части строкой из трёх дефисов (---).")
        case .stepThreadPart: ("Thread, post {0}", "Тред, пост {0}")
        case .ruleLinkUnsupported:
            ("{0} has no link attachment: put the link into the text instead.",
             "{0}: отдельной ссылки здесь нет — вставьте ссылку в текст.")
        case .ruleAltTooLong:
            ("{0}: alt text of {1} is {2} characters over the {3} limit.",
             "{0}: альтернативный текст у {1} на {2} симв. длиннее лимита в {3}.")
        case .reportPeriodTooLong: ("A period can be at most {0} days long here.", "Период здесь может быть не длиннее {0} дн.")
        case .contentTagSubject: ("posts with images tagged “{0}”", "посты с изображениями с тегом «{0}»")
        case .contentFindingLine: ("{0}: {1} — {2}× (n = {3}, 95 % interval {4}–{5})", "{0}: {1} — {2}× (n = {3}, 95 % интервал {4}–{5})")
        case .analyticsUnknownFilter: ("“{0}” is not a channel or campaign of this workspace.", "«{0}» — не канал и не кампания этого пространства.")
        case .analyticsHint:
            ("Posts published from {0} to {1}, as their platforms last counted them, against the {2} days before.",
             "Посты, опубликованные с {0} по {1}, по последним данным площадок, в сравнении с {2} дн. до этого.")
        case .analyticsChannel: ("Channel", "Канал")
        case .analyticsCampaign: ("Campaign", "Кампания")
        case .analyticsAll: ("All", "Все")
        case .analyticsPosts: ("Posts published", "Опубликовано постов")
        case .analyticsInteractions: ("Interactions", "Взаимодействия")
        case .analyticsPerPost: ("Interactions per post", "Взаимодействий на пост")
        case .analyticsEngagementRate: ("Engagement rate", "Вовлечённость")
        case .analyticsEngagementDefinition:
            ("Interactions are likes, reposts, replies, quotes and saves (clicks and views are counted apart). Engagement rate = interactions per post ÷ followers at the end of the period × 100.",
             "Взаимодействия — лайки, репосты, ответы, цитаты и сохранения (клики и просмотры считаются отдельно). Вовлечённость = взаимодействия на пост ÷ подписчики в конце периода × 100.")
        case .analyticsFollowers: ("Followers", "Подписчики")
        case .analyticsGrowth: ("{0} in the period", "{0} за период")
        case .analyticsBefore: ("before: {0}", "до этого: {0}")
        case .analyticsNotAvailable: ("not available", "нет данных")
        case .analyticsDaily: ("Interactions per day", "Взаимодействия по дням")
        case .analyticsDailyDesc:
            ("Bar chart of the interactions of the posts published each day from {0} to {1}; the highest day had {2}.",
             "Столбчатая диаграмма взаимодействий с постами, опубликованными в каждый день с {0} по {1}; максимум за день — {2}.")
        case .analyticsTable: ("Show the numbers", "Показать числа")
        case .analyticsDay: ("Day", "День")
        case .analyticsTop: ("Best posts", "Лучшие посты")
        case .analyticsBottom: ("Weakest posts", "Самые слабые посты")
        case .analyticsNoPosts: ("No post was published in this period.", "За этот период ничего не опубликовано.")
        case .analyticsFollowerDesc:
            ("Line chart of followers from {0} ({1}) to {2} ({3}).", "Линейный график подписчиков: с {0} ({1}) по {2} ({3}).")
        case .analyticsNoFollowers:
            ("No follower counts in this period yet: they are read hourly from platforms that give them.",
             "За этот период числа подписчиков ещё нет: они читаются каждый час с площадок, которые их дают.")
        case .analyticsPost: ("Post", "Пост")
        case .analyticsMetrics: ("Numbers", "Показатели")
        case .analyticsOverview: ("Overview", "Обзор")
        case .seriesTitle: ("Numbers over time", "Показатели по времени")
        case .seriesDesc:
            ("Line chart of interactions by reading, from {0} ({1}) to {2} ({3}).",
             "Линейный график взаимодействий по замерам: с {0} ({1}) по {2} ({3}).")
        case .seriesViewsDesc:
            ("Line chart of views by reading, from {0} ({1}) to {2} ({3}).", "Линейный график просмотров по замерам: с {0} ({1}) по {2} ({3}).")
        case .seriesReading: ("Read at", "Замер")
        case .mailApprovalSubject: ("Approval needed in {0}: {1}", "Нужно согласование в {0}: {1}")
        case .mailApprovalBody:
            ("{0} sent a post in {1} for approval:\n\n{2}\n\nOpen it: {3}", "{0} отправляет пост в {1} на согласование:\n\n{2}\n\nОткрыть: {3}")
        case .mailChangesSubject: ("Changes asked for in {0}: {1}", "Просят доработать пост в {0}: {1}")
        case .mailChangesBody:
            ("{0} asked for changes to your post in {1}:\n\n{2}\n\nTheir words: “{3}”\n\nOpen it: {4}",
             "{0} просит доработать ваш пост в {1}:\n\n{2}\n\nКомментарий: «{3}»\n\nОткрыть: {4}")
        case .mailApprovedSubject: ("Approved in {0}: {1}", "Согласовано в {0}: {1}")
        case .mailApprovedBody:
            ("{0} approved your post in {1}:\n\n{2}\n\nOpen it: {3}", "{0} согласовывает ваш пост в {1}:\n\n{2}\n\nОткрыть: {3}")
        case .mailProblemSubject: ("Not published on {0}: {1}", "Не опубликовано в {0}: {1}")
        case .mailProblemBody:
            ("A post in {0} did not go out on {1}.\n\n{2}\n\n{3}\n\nOpen it: {4}",
             "Пост в {0} не вышел в {1}.\n\n{2}\n\n{3}\n\nОткрыть: {4}")
        case .mailFooter:
            ("—\nHerald sends this because of your notification settings: {0}",
             "—\nHerald присылает это письмо по вашим настройкам уведомлений: {0}")
        case .notifyTitle: ("E-mail notifications", "Уведомления по e-mail")
        case .notifyHint:
            ("Herald writes to {0} when something needs you. Each kind can be switched off.",
             "Herald пишет на {0}, когда что-то ждёт вас. Каждый вид можно отключить.")
        case .notifyNoSMTP:
            ("E-mail is not set up on this installation (HERALD_SMTP_HOST): what needs you is on the Today page.",
             "На этой установке e-mail не настроен (HERALD_SMTP_HOST): всё, что ждёт вас, — на странице «Сегодня».")
        case .notifySaved: ("Notification settings saved.", "Настройки уведомлений сохранены.")
        case .mailResetSubject: ("Set a new password for Herald", "Новый пароль для Herald")
        case .mailResetBody:
            ("Someone — we hope you — asked to set a new password for {0}. This link works once, for an hour:\n\n{1}\n\nIf it was not you, ignore this e-mail: your password stays as it is.",
             "Кто-то — надеемся, вы — попросил задать новый пароль для {0}. Ссылка работает один раз в течение часа:\n\n{1}\n\nЕсли это были не вы, просто не обращайте внимания: пароль не изменится.")
        case .mailInviteSubject: ("{0} invites you to {1} on Herald", "{0} приглашает вас в {1} в Herald")
        case .mailInviteBody:
            ("{0} added you to {1} on Herald as {2}. Choose your password here — the link works once, for seven days:\n\n{3}",
             "{0} добавляет вас в {1} в Herald, роль — {2}. Задайте пароль по ссылке — она работает один раз в течение семи дней:\n\n{3}")
        case .passwordResetThrottled:
            ("Too many requests for a new password: try again in an hour.", "Слишком много запросов нового пароля: попробуйте через час.")
        case .forgotLink: ("Forgot your password?", "Забыли пароль?")
        case .forgotTitle: ("A new password", "Новый пароль")
        case .forgotHint:
            ("Type the e-mail you sign in with: a link to set a new password goes there. It works once, for an hour.",
             "Введите почту, с которой входите: на неё придёт ссылка для нового пароля. Она работает один раз в течение часа.")
        case .forgotButton: ("Send the link", "Отправить ссылку")
        case .forgotSent:
            ("If an account uses that address, the link is on its way. Nothing came? Look in spam, or ask your administrator.",
             "Если такая почта есть у учётной записи, ссылка уже в пути. Не пришла — проверьте спам или спросите администратора.")
        case .forgotNoMail:
            ("This installation does not send e-mail: ask an administrator of your workspace for a password link (Settings → Members).",
             "Эта установка не отправляет почту: попросите администратора пространства о ссылке для пароля (Настройки → Участники).")
        case .passwordSetTitle: ("Choose your password", "Задайте пароль")
        case .passwordSetHint: ("For {0}. Every other session signs out.", "Для {0}. Все остальные сеансы завершатся.")
        case .passwordSetButton: ("Set the password", "Сохранить пароль")
        case .passwordLinkDead:
            ("This link has been used or has expired. Ask for a new one.", "Ссылка уже использована или истекла. Запросите новую.")
        case .passwordSetDone: ("Your password is set: sign in with it.", "Пароль задан: войдите с ним.")
        case .membersInvited: ("Member added: the invitation went to their e-mail.", "Участник добавлен: приглашение ушло на почту.")
        case .membersInviteLink:
            ("Pass this link to {0}: it sets their password, once, within seven days. It is shown only now.",
             "Передайте эту ссылку {0}: она задаёт пароль, один раз, в течение семи дней. Показывается только сейчас.")
        case .membersPasswordLink: ("Password link", "Ссылка для пароля")
        case .telegramLinkHow:
            ("To get Herald's notices here, send the code from your Account page in Herald: /start CODE",
             "Чтобы получать здесь уведомления Herald, отправьте код со страницы «Учётная запись» в Herald: /start КОД")
        case .telegramLinked: ("Linked: Herald's notices for {0} come to this chat.", "Готово: уведомления Herald для {0} будут приходить в этот чат.")
        case .telegramLinkUnknown:
            ("This code does not work (used, mistyped or older than fifteen minutes). Make a new one on your Account page.",
             "Код не подходит (использован, с ошибкой или старше пятнадцати минут). Создайте новый на странице «Учётная запись».")
        case .telegramTitle: ("Telegram", "Telegram")
        case .telegramCodeHint:
            ("Send this to {0} within fifteen minutes: /start {1}", "Отправьте это {0} в течение пятнадцати минут: /start {1}")
        case .telegramLinkButton: ("Link Telegram", "Подключить Telegram")
        case .telegramUnlink: ("Unlink Telegram", "Отключить Telegram")
        case .telegramLinkedNote: ("Notices also come to your Telegram chat with the bot.", "Уведомления приходят и в ваш чат с ботом в Telegram.")
        case .telegramNotSetUp:
            ("This installation has no Telegram bot for notices (HERALD_TELEGRAM_BOT_TOKEN).",
             "У этой установки нет бота Telegram для уведомлений (HERALD_TELEGRAM_BOT_TOKEN).")
        case .notifyByEmail: ("By e-mail", "По почте")
        case .notifyByTelegram: ("In Telegram", "В Telegram")
        case .telegramUnlinked: ("Telegram unlinked.", "Telegram отключён.")
        case .notifyChannelAccess:
            ("A channel's access runs out or ran out (owners and administrators)", "Доступ к каналу истекает или истёк (владельцы и администраторы)")
        case .mailChannelSubject: ("{0} in {1} needs reconnecting", "Канал {0} в {1} нужно переподключить")
        case .notifyReportReady: ("A monthly report is ready (owners, administrators, approvers)", "Готов ежемесячный отчёт (владельцы, администраторы, согласующие)")
        case .mailReportSubject: ("Report for {0}: {1} – {2}", "Отчёт по {0}: {1} – {2}")
        case .durationMinutes: ("{0} min", "{0} мин")
        case .mailApprovalManySubject: ("Approval needed in {0}: {1} posts", "Нужно согласование в {0}: постов — {1}")
        case .mailApprovalManyBody:
            ("{0} imported {1} posts into {2}; they wait for approval:\n\n{3}\n\nOpen them: {4}",
             "{0} импортирует в {2} постов: {1}; они ждут согласования:\n\n{3}\n\nОткрыть: {4}")
        case .durationHours: ("{0} h {1} min", "{0} ч {1} мин")
        case .mailReportBody:
            ("The report of {0} for {1} – {2} is ready. Open it, print it or take its tables as CSV:\n\n{3}",
             "Отчёт по {0} за {1} – {2} готов. Его можно открыть, распечатать или скачать таблицы в CSV:\n\n{3}")
        case .mailChannelExpired:
            ("Herald's access to {0} ({1}) ran out on {2}: nothing can be published there until it is reconnected.\n\nReconnect it: {3}",
             "Доступ Herald к {0} ({1}) истёк {2}: публиковать туда нельзя, пока канал не переподключён.\n\nПереподключить: {3}")
        case .mailChannelExpiring:
            ("Herald's access to {0} ({1}) runs out on {2} and the platform does not let Herald renew it. Reconnect it before then so nothing stops.\n\nReconnect it: {3}",
             "Доступ Herald к {0} ({1}) истекает {2}, и площадка не даёт Herald его продлить. Переподключите канал до этого дня, чтобы ничего не остановилось.\n\nПереподключить: {3}")
        case .membersPasswordLinkShown:
            ("Pass this link to {0}: it sets a new password, once, within an hour. It is shown only now.",
             "Передайте эту ссылку {0}: она задаёт новый пароль, один раз, в течение часа. Показывается только сейчас.")
        case .notifyApprovalRequested: ("A post waits for my approval", "Пост ждёт моего согласования")
        case .notifyChangesRequested: ("Changes are asked for on my post", "Мой пост просят доработать")
        case .notifyApproved: ("My post is approved", "Мой пост согласован")
        case .notifyPublicationProblem:
            ("A post did not go out (failed, or a person must check the platform)",
             "Пост не вышел (ошибка или нужно проверить площадку)")
        case .seriesRetired:
            ("{0}: the platform has not given it since {1}; earlier readings are kept.",
             "{0}: площадка не отдаёт этот показатель с {1}; прежние замеры сохранены.")
        case .bestTimeTitle: ("Best time to post", "Лучшее время для постов")
        case .bestTimeHint:
            ("From your posts of the last 180 days, in {0}: each hour compares the posts published in it or the hour either side with your usual post (1.0×). Hours with fewer than 3 posts are grey; posts younger than two days are left out.",
             "По вашим постам за последние 180 дней, время — {0}: каждый час сравнивает посты, опубликованные в этот час или на час раньше/позже, с обычным постом (1,0×). Часы, где меньше 3 постов, серые; посты моложе двух дней не учитываются.")
        case .bestTimeTooLittle:
            ("Too little data to recommend times: {0} posts are old enough to judge; at least 10 are needed.",
             "Данных слишком мало для рекомендаций: подходящих постов {0}, нужно не меньше 10.")
        case .bestTimeBest: ("Best hours of each day", "Лучшие часы по дням")
        case .bestTimeCell: ("{0} {1} — {2}× (n = {3}, 95 % interval {4}–{5})", "{0} {1} — {2}× (n = {3}, 95 % интервал {4}–{5})")
        case .bestTimeFew: ("{0} {1} — too few posts (n = {2})", "{0} {1} — мало постов (n = {2})")
        case .bestTimeSlotLow:
            ("{0}: your {1} slot sits in a low hour; {2} does {3}× better (n = {4}).",
             "{0}: ваш слот {1} приходится на слабый час; в {2} результат в {3} раза лучше (n = {4}).")
        case .bestTimeSlotGood: ("{0}: your {1} slot sits in a good hour ({2}×, n = {3}).", "{0}: ваш слот {1} приходится на хороший час ({2}×, n = {3}).")
        case .bestTimeSlotUnknown: ("{0}: too few posts near your {1} slot to judge it.", "{0}: у слота {1} слишком мало постов для оценки.")
        case .bestTimeHeatDesc:
            ("Heat map of the week, 7 days by 24 hours: darker cells did better; grey cells have fewer than 3 posts. The table below has every number.",
             "Тепловая карта недели, 7 дней × 24 часа: чем темнее, тем лучше; серые клетки — меньше 3 постов. Все числа — в таблице ниже.")
        case .bestTimeHour: ("Hour", "Час")
        case .bestTimeSlots: ("Your posting slots", "Ваши слоты публикаций")
        case .bestTimeNoSlots: ("No channel has posting slots yet (Settings → Channels).", "Слотов публикаций пока нет ни у одного канала («Настройки → Каналы»).")
        case .bestTimeNone: ("no hour with enough posts", "нет часа с достаточным числом постов")
        case .contentTitle: ("What content works", "Какой контент работает")
        case .contentHint:
            ("Posts of the last 180 days grouped by kind, image tag (from the library), hashtag, length, weekday and campaign, against your usual post (1.0×), with the 95 % interval and the number of posts. A finding is marked clear when it rests on at least 5 posts and its interval leaves out 1.0×.",
             "Посты за последние 180 дней по виду, тегу изображения (из библиотеки), хештегу, длине, дню недели и кампании в сравнении с обычным постом (1,0×), с 95 % интервалом и числом постов. Вывод отмечен как явный, если за ним не меньше 5 постов и интервал не включает 1,0×.")
        case .contentClear: ("Clear findings", "Явные выводы")
        case .contentNoneClear: ("No clear finding yet: the differences are within chance.", "Явных выводов пока нет: различия в пределах случайности.")
        case .contentKind: ("Kind of post", "Вид поста")
        case .contentImageTag: ("Image tag", "Тег изображения")
        case .contentHashtag: ("Hashtag", "Хештег")
        case .contentLength: ("Length", "Длина")
        case .contentWeekday: ("Weekday", "День недели")
        case .contentCampaign: ("Campaign", "Кампания")
        case .contentGroup: ("Group", "Группа")
        case .contentTimes: ("× usual", "× обычного")
        case .contentInterval: ("95 % interval", "95 % интервал")
        case .contentPosts: ("Posts", "Постов")
        case .contentEmpty: ("No published post with numbers yet.", "Опубликованных постов с показателями пока нет.")
        case .kindText: ("text posts", "текстовые посты")
        case .kindImage: ("posts with one image", "посты с одним изображением")
        case .kindGallery: ("posts with several images", "посты с несколькими изображениями")
        case .kindVideo: ("video posts", "посты с видео")
        case .kindLink: ("posts with a link", "посты со ссылкой")
        case .lengthShort: ("short (up to 80 characters)", "короткие (до 80 символов)")
        case .lengthMedium: ("medium (81–280 characters)", "средние (81–280 символов)")
        case .lengthLong: ("long (over 280 characters)", "длинные (больше 280 символов)")
        case .contentComposerFinding:
            ("For {0}: {1} get {2}× the interactions of a usual post (n = {3}).", "Для {0}: {1} набирают {2}× взаимодействий обычного поста (n = {3}).")
        case .navLinks: ("Links", "Ссылки")
        case .linksHint: ("Short links count the clicks each post, channel and campaign brings; the link-in-bio page gathers the links your profiles point to.",
                          "Короткие ссылки считают переходы с каждого поста, канала и кампании; страница «ссылка в профиле» собирает ссылки, на которые ведут ваши профили.")
        case .linksShorten: ("Shorten the links of posts through Herald ({0}/l/…), after the campaign's UTM parameters",
                             "Сокращать ссылки в постах через Herald ({0}/l/…), после UTM-меток кампании")
        case .linksShortenHint: ("Takes effect for posts sent from now on; previews show the short link. Bots and link previews are not counted, and no address or cookie is kept.",
                                 "Действует для постов, отправленных с этого момента; предпросмотр показывает короткую ссылку. Боты и превью ссылок не считаются, адреса и cookie не хранятся.")
        case .linksSaved: ("Link settings saved.", "Настройки ссылок сохранены.")
        case .linksBioTitle: ("Link in bio", "Ссылка в профиле")
        case .linksBioHint: ("Your public page: {0}", "Ваша публичная страница: {0}")
        case .linksBioNone: ("The page gets its address with its first entry.", "Страница получит адрес с первой записью.")
        case .linksBioLabel: ("Label", "Подпись")
        case .linksBioURL: ("Address (http or https)", "Адрес (http или https)")
        case .linksBioAdded: ("Entry added to the link-in-bio page.", "Запись добавлена на страницу «ссылка в профиле».")
        case .linksBioRemoved: ("Entry removed from the link-in-bio page.", "Запись убрана со страницы «ссылка в профиле».")
        case .linksBioEmpty: ("No entries yet.", "Записей пока нет.")
        case .linksTableTitle: ("Clicks from {0} to {1} (UTC days)", "Переходы с {0} по {1} (дни по UTC)")
        case .linksColumnLink: ("Short link", "Короткая ссылка")
        case .linksColumnTarget: ("Leads to", "Ведёт на")
        case .linksColumnPost: ("Post", "Пост")
        case .linksColumnChannel: ("Channel", "Канал")
        case .linksColumnCampaign: ("Campaign", "Кампания")
        case .linksColumnClicks: ("Clicks", "Переходы")
        case .linksColumnVisitors: ("Visitors", "Посетители")
        case .linksVisitorsHint: ("Visitors are counted once a day per link: a visitor on two days counts twice.",
                                  "Посетитель считается раз в день для каждой ссылки: пришедший в два разных дня считается дважды.")
        case .linksEmpty: ("No short links yet: they are made when a post with a link goes out while shortening is on.",
                           "Коротких ссылок пока нет: они создаются, когда пост со ссылкой уходит при включённом сокращении.")
        case .linksByCampaign: ("By campaign", "По кампаниям")
        case .linksByChannel: ("By channel", "По каналам")
        case .linksTotal: ("All links", "Все ссылки")
        case .bioPageEmpty: ("Nothing here yet.", "Здесь пока ничего нет.")
        case .navReports: ("Reports", "Отчёты")
        case .reportsHint: ("A report for a client: the period's figures against the period before, charts, best posts, campaigns, link clicks and response times. Everyone in the workspace can open it, the client's approvers too.",
                            "Отчёт для клиента: показатели периода в сравнении с предыдущим, графики, лучшие посты, кампании, переходы по ссылкам и время ответа. Открыть его может каждый в рабочем пространстве, в том числе согласующие со стороны клиента.")
        case .reportsMonthly: ("Make a report every month (on the 1st, for the month before)", "Готовить отчёт каждый месяц (1-го числа, за прошедший месяц)")
        case .reportsSaved: ("Report settings saved.", "Настройки отчётов сохранены.")
        case .reportsNone: ("No monthly reports yet.", "Ежемесячных отчётов пока нет.")
        case .reportsOpen: ("A report for any period", "Отчёт за любой период")
        case .clientReportTitle: ("Report for {0}: {1} – {2}", "Отчёт для {0}: {1} – {2}")
        case .clientReportPrintHint: ("To keep it as a PDF, print this page from the browser: navigation and forms are left out of the print.",
                                      "Чтобы сохранить отчёт в PDF, распечатайте страницу из браузера: меню и формы в печать не попадут.")
        case .clientReportCampaigns: ("Campaigns", "Кампании")
        case .clientReportNoCampaigns: ("No campaign had posts or link clicks in this period.", "В этом периоде у кампаний не было ни постов, ни переходов.")
        case .clientReportLinkClicks: ("Link clicks", "Переходы по ссылкам")
        case .clientReportService: ("Response times in the inbox", "Время ответа во входящих")
        case .clientReportLinks: ("Most clicked links", "Самые кликабельные ссылки")
        case .clientReportTables: ("Tables as CSV:", "Таблицы в CSV:")
        case .navMenu: ("Menu", "Меню")
        case .serviceOpensOn: ("{0}: opens at", "{0}: начало")
        case .serviceClosesOn: ("{0}: closes at (24:00 for midnight)", "{0}: конец (24:00 — полночь)")
        case .routingSwitchOff: ("Switch off", "Выключить")
        case .routingSwitchOn: ("Switch on", "Включить")
        case .routingOff: ("off: kept in its place, not applied", "выключено: остаётся на месте, не применяется")
        case .inboxActionNotAllowed: ("{0} does not let Herald do this to the item ({1}).", "{0} не позволяет Herald сделать это с обращением ({1}).")
        case .inboxActionRefused: ("{0} refused: {1}", "{0} отказал: {1}")
        case .inboxLikeOn: ("Like on {0}", "Отметить «нравится» в {0}")
        case .inboxHideOn: ("Hide on {0}", "Скрыть в {0}")
        case .inboxDeleteOn: ("Delete on {0}", "Удалить в {0}")
        case .inboxDeleteConfirm: ("Yes, delete it on {0} for everyone", "Да, удалить в {0} для всех")
        case .inboxLikedEvent: ("liked on the platform", "отмечено «нравится» на платформе")
        case .inboxHiddenEvent: ("hidden on the platform", "скрыто на платформе")
        case .inboxDeletedByUsEvent: ("deleted on the platform by us", "удалено нами на платформе")
        case .inboxActionDone: ("Done on the platform.", "Сделано на платформе.")
        case .inboxDeletedEvent: ("deleted on the platform by its author", "удалено на платформе автором")
        case .inboxDeletedOn: ("Deleted on the platform (found {0}): nothing to answer.", "Удалено на платформе (обнаружено {0}): отвечать не на что.")
        case .inboxDeletedNoReply: ("It was deleted on the platform ({0}): there is nothing to answer.", "Оно удалено на платформе ({0}): отвечать не на что.")
        case .inboxDeletedStaysDone: ("It was deleted on the platform ({0}) and stays done.", "Оно удалено на платформе ({0}) и остаётся закрытым.")
        case .inboxDeletedStaysDoneSome: ("{0} of the chosen items were deleted on the platform and stay done: leave them out to change the others' status.", "Выбранные сообщения, удалённые на платформе ({0}), остаются закрытыми: уберите их из выбора, чтобы изменить статус остальных.")
        case .routingAuthorFollower: ("follows the account (Mastodon, Bluesky, VK, Sandbox)", "подписан на аккаунт (Mastodon, Bluesky, VK, Sandbox)")
        case .routingAuthorNotFollower: ("does not follow the account (Mastodon, Bluesky, VK, Sandbox)", "не подписан на аккаунт (Mastodon, Bluesky, VK, Sandbox)")
        case .notificationsSteps: ("First comments and threads that did not go out", "Первые комментарии и треды, которые не вышли")
        case .stepProblemFirstComment: ("The post went out; its first comment did not.", "Пост вышел, а первый комментарий — нет.")
        case .stepProblemThread: ("The post went out; post {0} of its thread did not.", "Пост вышел, а пост {0} его треда — нет.")
        case .stepProblemAction: ("What was asked of {0} for this post was not done.", "Запрошенное для этого поста в {0} не выполнено.")
        case .errorPageNotFound: ("Not found", "Не найдено")
        case .errorPageNotAllowed: ("Not allowed", "Нет доступа")
        case .errorPageRefused: ("This cannot be done", "Так сделать нельзя")
        case .errorPageBusy: ("Herald is busy", "Herald занят")
        case .errorPageBroken: ("Something went wrong", "Что-то пошло не так")
        case .errorPageHome: ("To the start page", "На главную")
        case .errorPageCode: ("error {0}", "ошибка {0}")
        case .eventPublished: ("published on every channel", "опубликовал во всех каналах")
        case .eventImported: ("imported from a CSV file", "импортировал(а) из CSV-файла")
        case .postPublishedTitle: ("Published post", "Опубликованный пост")
        case .postPartlyOutTitle: ("Post, out on some of its channels", "Пост, вышедший не во всех каналах")
        case .postPartlyOutNote: ("Out on some of its channels: what went out cannot change. Duplicate it to write a new post.",
                                  "Вышел не во всех каналах: вышедшее изменить нельзя. Сделайте копию, чтобы написать новый пост.")
        case .voiceSeverityFor: ("How strictly: {0}", "Насколько строго: {0}")
        case .formProblemOne: ("One thing to put right:", "Нужно исправить:")
        case .formProblems: ("{0} things to put right:", "Нужно исправить ({0}):")
        case .bellLabel: ("Notifications — waiting for you: {0}; problems: {1}", "Уведомления — ждут вас: {0}; проблемы: {1}")
        case .waitingPosts: ("Posts waiting for your approval ({0})", "Посты ждут вашего согласования ({0})")
        case .waitingReplies: ("Answers waiting for your approval ({0})", "Ответы ждут вашего согласования ({0})")
        case .waitingReturned: ("Sent back to you for changes ({0})", "Вернули вам на доработку ({0})")
        case .waitingReturnedBy: ("{0} asked for changes, {1}", "{0} просит доработать, {1}")
        case .waitingAssigned: ("Open conversations in the inbox assigned to you: {0}", "Открытые обращения во входящих, назначенные вам: {0}")
        case .waitingSince: ("waiting since {0}", "ждёт с {0}")
        case .waitingMore: ("and {0} more", "и ещё {0}")
        case .notifyReplyApproval: ("An answer from the inbox waits for approval (owners, administrators, approvers)",
                                    "Ответ из входящих ждёт согласования (владельцы, администраторы, согласующие)")
        case .mailReplySubject: ("{0}: an answer to {1} waits for your approval", "{0}: ответ для {1} ждёт вашего согласования")
        case .mailReplyBody: ("{0} wrote an answer to {1} on {2} in {3}:\n\n{4}\n\nApprove or reject it: {5}",
                              "{0} написал(а) ответ для {1} в канале {2} ({3}):\n\n{4}\n\nСогласовать или отклонить: {5}")
        case .notifyDailyDigest: ("Every morning, what waits (only when something does)", "Каждое утро — что ждёт (только если что-то ждёт)")
        case .mailDigestSubject: ("{0}: what waits for you on {1}", "{0}: что ждёт вас {1}")
        case .mailDigestBody: ("Good morning. In {0} today:\n\n{1}\n\nOpen Herald: {2}", "Доброе утро. В «{0}» сегодня:\n\n{1}\n\nОткрыть Herald: {2}")
        case .digestPosts: ("posts waiting for your approval: {0}", "постов ждут вашего согласования: {0}")
        case .digestReplies: ("answers from the inbox waiting for your approval: {0}", "ответов из входящих ждут вашего согласования: {0}")
        case .digestReturned: ("your posts sent back for changes: {0}", "ваших постов вернули на доработку: {0}")
        case .digestAssigned: ("open conversations assigned to you: {0}", "открытых обращений назначено вам: {0}")
        case .digestUnanswered: ("open conversations in the inbox: {0}", "открытых обращений во входящих: {0}")
        case .digestProblems: ("publishing problems and channels that need attention: {0}", "проблем с публикацией и каналов, требующих внимания: {0}")
        case .digestToday: ("posts going out today: {0}", "постов выйдет сегодня: {0}")
        }
    }
}

extension Role {
    public var label: L {
        switch self {
        case .owner: .roleOwner
        case .admin: .roleAdmin
        case .editor: .roleEditor
        case .approver: .roleApprover
        case .viewer: .roleViewer
        }
    }
}
