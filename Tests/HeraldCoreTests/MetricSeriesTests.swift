import Foundation
import HeraldCore
import Testing

/// What a post's chart over time shows, decided with the numbers (not by the page).
@Suite("A post's numbers over time")
struct MetricSeriesTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("interactions when two readings have them, else views, else no line")
    func charted() {
        let both = MetricSeries(samples: [
            .init(metric: .likes, value: 3, at: t0), .init(metric: .views, value: 100, at: t0),
            .init(metric: .likes, value: 9, at: t0 + 3600), .init(metric: .views, value: 400, at: t0 + 3600),
        ])
        #expect(both.line?.charted == .interactions && both.line?.points.map(\.value) == [3, 9])
        let viewsOnly = MetricSeries(samples: [.init(metric: .views, value: 10, at: t0), .init(metric: .views, value: 70, at: t0 + 60)])
        #expect(viewsOnly.line?.charted == .views && viewsOnly.line?.points.map(\.value) == [10, 70])
        let once = MetricSeries(samples: [.init(metric: .likes, value: 1, at: t0)])
        #expect(once.line == nil && once.isFlat)
        let mixed = MetricSeries(samples: [.init(metric: .likes, value: 1, at: t0), .init(metric: .views, value: 5, at: t0 + 60),
                                           .init(metric: .views, value: 8, at: t0 + 120)])
        #expect(mixed.line?.charted == .views, "one reading with interactions is not a line; the views are")
    }
}
