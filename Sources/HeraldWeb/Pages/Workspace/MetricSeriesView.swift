import Foundation
import HeraldCore

/// A published post's numbers over time on its page: a line of interactions (or views, when the
/// platform gives no interactions) placed by the time of each reading, the readings as a table,
/// and the metrics the platform stopped giving, with since when.
enum MetricSeriesView {
    static func render(_ context: PageContext, id: String, _ series: MetricSeries) -> HTML {
        guard !series.isFlat, let first = series.readings.first, let last = series.readings.last else { return .empty }
        var chart: HTML = .empty
        if let (charted, points) = series.line, let start = points.first, let end = points.last {
            let span = max(end.at.timeIntervalSince(start.at), 1)
            let description: L = charted == .interactions ? .seriesDesc : .seriesViewsDesc
            chart = SVGChart.line(
                id: id, title: context.t(.seriesTitle),
                description: context.t(LocalizedText(description, context.date(start.at), NumberText.integer(start.value, in: context.language),
                                                     context.date(end.at), NumberText.integer(end.value, in: context.language))),
                values: points.map(\.value), positions: points.map { $0.at.timeIntervalSince(start.at) / span })
        }
        let headers: [HTML] = series.metrics.map { "<th scope=\"col\">\(context.t($0.label))</th>" }
        let rows: [HTML] = series.readings.reversed().map { reading in
            let cells: [HTML] = series.metrics.map { metric in
                "<td>\(reading.values[metric].map { NumberText.integer($0, in: context.language) } ?? "—")</td>"
            }
            return "<tr><th scope=\"row\">\(context.date(reading.at))</th>\(cells)</tr>"
        }
        let retired: [HTML] = series.metrics.compactMap { metric in
            series.retired[metric].map { "<li>\(context.t(LocalizedText(.seriesRetired, context.t(metric.label), context.date($0))))</li>" }
        }
        return """
        <details class="series"><summary>\(context.t(.seriesTitle)) (\(context.date(first.at)) – \(context.date(last.at)))</summary>
        \(chart)
        \(retired.isEmpty ? HTML.empty : "<ul class=\"hint\">\(retired)</ul>")
        <div class="table-scroll"><table><thead><tr><th scope="col">\(context.t(.seriesReading))</th>\(headers)</tr></thead>
        <tbody>\(rows)</tbody></table></div></details>
        """
    }
}
