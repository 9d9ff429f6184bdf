import KingletPasses
import Testing

@Suite struct CalibrationMethodTests {
    @Test func parsesTheCLISpellings() {
        #expect(CalibrationMethod(parsing: "minmax") == .minMax)
        #expect(CalibrationMethod(parsing: "mse") == .mse)
        #expect(CalibrationMethod(parsing: "entropy") == .entropy)
        #expect(CalibrationMethod(parsing: "percentile") == .percentile(99.99))
        #expect(CalibrationMethod(parsing: "percentile=99.9") == .percentile(99.9))
        #expect(CalibrationMethod(parsing: "percentile=100") == .percentile(100))
        #expect(CalibrationMethod(parsing: "percentile=99.999") == .percentile(99.999))
    }

    @Test func descriptionsAreTheCLISpellings() {
        #expect(CalibrationMethod.minMax.description == "minmax")
        #expect(CalibrationMethod.mse.description == "mse")
        #expect(CalibrationMethod.entropy.description == "entropy")
        #expect(CalibrationMethod.percentile(99.99).description == "percentile=99.99")
        #expect(CalibrationMethod.percentile(99.9).description == "percentile=99.9")
    }

    @Test(arguments: [CalibrationMethod.minMax, .mse, .entropy, .percentile(99.99), .percentile(99.9),
                      .percentile(100), .percentile(99.999), .percentile(75.5)])
    func roundTrips(method: CalibrationMethod) {
        #expect(CalibrationMethod(parsing: method.description) == method)
    }

    @Test(arguments: ["percentile=abc", "percentile=0", "percentile=101", "percentile=", "percentile=50",
                      "percentile=-99", "percentile=nan", "percentile=inf", "percentile=99.9x", "percentile= 99",
                      "percentile 99", "MinMax", "minmax ", "kl", "", "max"])
    func rejects(text: String) {
        #expect(CalibrationMethod(parsing: text) == nil)
    }
}
