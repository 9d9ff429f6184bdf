import Foundation
import KingletCompiler
import KingletPasses
import Testing

/// The k-fold records come from one pair of calibration passes; each must be what
/// calibrating on the samples outside its fold gives.
@Suite struct CalibratorFoldTests {
    @Test func foldRecordsEqualCalibratingTheComplement() throws {
        let fixture = try #require(QuantizationFixture.named("digits_cnn"))
        let (graph, all) = try fixture.graphAndSamples("calibration.npy")
        let samples = Array(all.prefix(19))
        let folds = RangeMethodChoice.folds(samples: samples.count)
        let (whole, outside) = try Calibrator.record(graph, samples: samples, outsideOf: folds)
        #expect(outside.count == folds.count)

        func expectEqual(_ a: Calibrator.Record, _ b: Calibrator.Record, _ what: String) {
            #expect(a.statistics.keys.sorted() == b.statistics.keys.sorted(), "\(what)")
            for (tensor, x) in a.statistics {
                guard let y = b.statistics[tensor] else { continue }
                #expect(x.min == y.min && x.max == y.max && x.count == y.count, "\(what): tensor \(tensor) range")
                #expect(x.histogram == y.histogram, "\(what): tensor \(tensor) histogram")
                // Means: the same sums added in another order.
                let (p, q) = (a.channelMeans[tensor] ?? [], b.channelMeans[tensor] ?? [])
                #expect(p.count == q.count && zip(p, q).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($1)) },
                        "\(what): tensor \(tensor) means")
            }
        }
        let direct = try Calibrator.record(graph, samples: samples)
        expectEqual(whole, direct, "all samples")
        #expect(whole.channelMeans == direct.channelMeans)
        for (f, fold) in folds.enumerated() {
            let rest = samples.indices.filter { !fold.contains($0) }.map { samples[$0] }
            expectEqual(outside[f], try Calibrator.record(graph, samples: rest), "outside fold \(f)")
        }
    }
}
