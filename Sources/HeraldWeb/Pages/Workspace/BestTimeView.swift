import HeraldApp
import HeraldCore
import HeraldStore

/// Best time to post: the week's heat map (grey where too few posts), the best hours of each day,
/// what that says about the channels' posting slots, and every cell in a table.
enum BestTimeView {
    static let days: [L] = [.day1, .day2, .day3, .day4, .day5, .day6, .day7]

    static func render(_ context: PageContext, _ grid: BestTime, slots: [(channel: SocialChannel, advice: [BestTime.SlotAdvice])],
                       zone: TimeZoneName) -> HTML {
        let language = context.language
        let names = days.map { context.t($0) }
        func times(_ value: Double) -> String { NumberText.decimal(value, in: language) }
        func describe(_ cell: BestTime.Cell) -> String {
            guard let estimate = cell.estimate, cell.isReliable else {
                return context.t(LocalizedText(.bestTimeFew, names[cell.weekday - 1], cell.slot.timeText, String(cell.estimate?.n ?? 0)))
            }
            return context.t(LocalizedText(.bestTimeCell, names[cell.weekday - 1], cell.slot.timeText, times(estimate.mean), String(estimate.n),
                                           times(estimate.low), times(estimate.high)))
        }
        let header = "<section aria-labelledby=\"best-time-title\"><h2 id=\"best-time-title\">\(context.t(.bestTimeTitle))</h2>"
            + "<p class=\"hint\">\(context.t(LocalizedText(.bestTimeHint, zone.identifier)))</p>"
        guard grid.hasEnoughData else {
            return "\(header.asHTML)<p class=\"notice\">\(context.t(LocalizedText(.bestTimeTooLittle, String(grid.posts))))</p></section>"
        }
        let best: [HTML] = (1...7).map { weekday in
            let picks = grid.best(weekday: weekday)
            let text = picks.isEmpty ? context.t(.bestTimeNone) : picks.map(describe).joined(separator: "; ")
            return "<li>\(text)</li>"
        }
        let advice: [HTML] = slots.flatMap { channel, items in
            items.map { item -> HTML in
                let slot = names[item.slot.weekday - 1] + " " + item.slot.timeText
                let text: String = switch item.verdict {
                case .low:
                    context.t(LocalizedText(.bestTimeSlotLow, channel.name, slot, item.better?.slot.timeText ?? "—", times(item.factor ?? 1),
                                            String(item.better?.estimate?.n ?? 0)))
                case .good:
                    context.t(LocalizedText(.bestTimeSlotGood, channel.name, slot, times(item.current?.mean ?? 1), String(item.current?.n ?? 0)))
                case .unknown:
                    context.t(LocalizedText(.bestTimeSlotUnknown, channel.name, slot))
                }
                return "<li class=\"slot-\(item.verdict.rawValue)\">\(text)</li>"
            }
        }
        let rows: [HTML] = grid.cells.map { cell in
            let estimate = cell.estimate
            return """
            <tr\(cell.isReliable ? "" : " class=\"muted\"")><th scope="row">\(names[cell.weekday - 1]) \(cell.slot.timeText)</th>
            <td>\(estimate.map { times($0.mean) } ?? "—")</td><td>\(interval(context, estimate))</td>
            <td>\(estimate?.n ?? 0)</td></tr>
            """
        }
        return """
        \(header.asHTML)
        \(SVGChart.heatMap(id: "best-time", title: context.t(.bestTimeTitle), description: context.t(.bestTimeHeatDesc), cells: grid.cells,
                           dayNames: names, label: describe))
        <h3>\(context.t(.bestTimeBest))</h3><ul>\(best)</ul>
        <h3>\(context.t(.bestTimeSlots))</h3>
        \(advice.isEmpty ? "<p class=\"muted\">\(context.t(.bestTimeNoSlots))</p>" as HTML : "<ul>\(advice)</ul>")
        <details><summary>\(context.t(.analyticsTable))</summary><div class="table-scroll"><table>
        <thead><tr><th>\(context.t(.bestTimeHour))</th><th>\(context.t(.contentTimes))</th><th>\(context.t(.contentInterval))</th>
        <th>\(context.t(.contentPosts))</th></tr></thead><tbody>\(rows)</tbody></table></div></details>
        </section>
        """
    }

    /// "0.8–1.4", or a dash where no interval can be given (no post, or one).
    static func interval(_ context: PageContext, _ estimate: Estimate?) -> String {
        guard let estimate, estimate.hasInterval else { return "—" }
        return NumberText.decimal(estimate.low, in: context.language) + "–" + NumberText.decimal(estimate.high, in: context.language)
    }
}
