import Foundation
import HeraldCore

/// Charts drawn on the server as SVG that a screen reader can use: each has a title and a
/// description (`role="img"`, `aria-labelledby`), and the numbers behind it follow in a table.
/// They scale to the width of the page (a phone too) through `viewBox`.
enum SVGChart {
    /// Bars, one per value, with the highest value as the top of the scale.
    static func bars(id: String, title: String, description: String, values: [Int]) -> HTML {
        let width = 640.0, height = 160.0
        let top = Double(max(values.max() ?? 0, 1))
        let step = width / Double(max(values.count, 1))
        let bars: [HTML] = values.enumerated().map { index, value in
            let h = Double(value) / top * (height - 10)
            return "<rect x=\"\(number(Double(index) * step + step * 0.1))\" y=\"\(number(height - h))\" width=\"\(number(step * 0.8))\" height=\"\(number(h))\"></rect>"
        }
        return """
        <svg class="chart bars" role="img" aria-labelledby="\(id)-title \(id)-desc" viewBox="0 0 \(Int(width)) \(Int(height))" preserveAspectRatio="none">
        <title id="\(id)-title">\(title)</title><desc id="\(id)-desc">\(description)</desc>\(bars)</svg>
        """
    }

    /// A line through the values, scaled between their lowest and highest; evenly spaced, or at
    /// `positions` (0…1 along the width each, e.g. readings placed by their time).
    static func line(id: String, title: String, description: String, values: [Int], positions: [Double]? = nil) -> HTML {
        let width = 640.0, height = 160.0
        let low = Double(values.min() ?? 0), high = Double(values.max() ?? 1)
        let span = max(high - low, 1)
        let step = values.count > 1 ? width / Double(values.count - 1) : width
        let points = values.enumerated().map { index, value -> String in
            let x: Double = positions.map { index < $0.count ? min(max($0[index], 0), 1) * width : Double(index) * step } ?? Double(index) * step
            return "\(number(x)),\(number(height - 5 - (Double(value) - low) / span * (height - 10)))"
        }.joined(separator: " ")
        return """
        <svg class="chart line" role="img" aria-labelledby="\(id)-title \(id)-desc" viewBox="0 0 \(Int(width)) \(Int(height))" preserveAspectRatio="none">
        <title id="\(id)-title">\(title)</title><desc id="\(id)-desc">\(description)</desc>
        <polyline points="\(points)" fill="none" vector-effect="non-scaling-stroke"></polyline></svg>
        """
    }

    /// The week as a 7 × 24 grid: darker is better (relative to the best reliable cell); cells
    /// with too few posts are grey. Each cell carries its own words as a tooltip.
    static func heatMap(id: String, title: String, description: String, cells: [BestTime.Cell], dayNames: [String],
                        label: (BestTime.Cell) -> String) -> HTML {
        let cell = 24.0, left = 40.0, topMargin = 16.0
        let best = cells.filter(\.isReliable).compactMap { $0.estimate?.mean }.max() ?? 1
        var parts: [HTML] = []
        for hour in stride(from: 0, to: 24, by: 3) {
            parts.append("<text x=\"\(number(left + Double(hour) * cell + 2))\" y=\"11\">\(String(hour))</text>")
        }
        for (index, name) in dayNames.enumerated() {
            parts.append("<text x=\"0\" y=\"\(number(topMargin + Double(index) * cell + 16))\">\(String(name.prefix(3)))</text>")
        }
        for item in cells {
            let x = left + Double(item.hour) * cell, y = topMargin + Double(item.weekday - 1) * cell
            let shade: HTML = item.isReliable
                ? "fill-opacity=\"\(number(0.12 + 0.88 * min(1, (item.estimate?.mean ?? 0) / best)))\""
                : "class=\"few\""
            parts.append("<rect x=\"\(number(x))\" y=\"\(number(y))\" width=\"\(number(cell - 2))\" height=\"\(number(cell - 2))\" \(shade)><title>\(label(item))</title></rect>")
        }
        return """
        <svg class="chart heat" role="img" aria-labelledby="\(id)-title \(id)-desc" viewBox="0 0 \(Int(left + 24 * cell)) \(Int(topMargin + 7 * cell))">
        <title id="\(id)-title">\(title)</title><desc id="\(id)-desc">\(description)</desc>\(parts)</svg>
        """
    }

    /// SVG coordinates: at most one decimal, a dot always.
    static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
