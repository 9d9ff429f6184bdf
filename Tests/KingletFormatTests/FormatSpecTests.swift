import Foundation
@testable import KingletFormat
import KingletTestSupport
import Testing

@Suite struct FormatSpecTests {
    static let repository = RepositoryPaths.root

    @Test(arguments: GeneratedCHeader.allCases)
    func committedCHeaderMatchesTheSpec(header: GeneratedCHeader) throws {
        let path = Self.repository.appendingPathComponent("runtime-c/include/\(header.fileName)")
        let committed = try String(contentsOf: path, encoding: .utf8)
        #expect(committed == header.text,
                "runtime-c/include/\(header.fileName) is stale: run `swift run kinglet-format-header \(header.fileName) > runtime-c/include/\(header.fileName)`")
    }

    /// The layout header holds no build option; the selection header holds one default per kind.
    @Test func operatorSelectionIsOnlyInItsOwnHeader() {
        #expect(!GeneratedCHeader.format.text.contains("KGL_WITH_"))
        let selection = GeneratedCHeader.operatorSelection.text
        for op in FormatSpec.operators {
            #expect(selection.contains("#ifndef KGL_WITH_\(op.name)\n"), "\(op.name)")
        }
    }

    /// The filter list of kgl_format.h is the spec's: every kind with a filter, its axis.
    @Test func filterAxesAreGeneratedFromTheSpec() {
        let header = GeneratedCHeader.format.text
        for op in FormatSpec.operators {
            let line = "    X(\(op.kind.rawValue), \(op.name), \(op.cStem), \(op.sparseRowAxis ?? -1))"
            #expect(header.contains(line) == (op.sparseRowAxis != nil), "\(op.name)")
        }
        #expect(FormatSpec.operators.first { $0.kind == .depthwiseConv2D }?.sparseRowAxis == 3)
        #expect(FormatSpec.operators.first { $0.kind == .conv2D }?.sparseRowAxis == 0)
    }

    @Test(arguments: [FormatSpec.header, FormatSpec.tensor, FormatSpec.operator])
    func recordFieldsAreNaturallyAlignedAndSizesAreMultiplesOfSixteen(layout: RecordLayout) {
        for field in layout.fields {
            #expect(layout.offset(of: field.name) % field.type.byteCount == 0, "\(layout.cName).\(field.name)")
        }
        #expect(layout.byteCount % 16 == 0, "\(layout.cName) is \(layout.byteCount) bytes")
    }

    @Test func recordSizesAreTheDocumentedOnes() {
        #expect(FormatSpec.header.byteCount == 80)
        #expect(FormatSpec.tensor.byteCount == 64)
        #expect(FormatSpec.operator.byteCount == 80)
    }

    @Test func everyOperatorKindHasAUniqueCodeAndFitsTheOptionSlots() {
        let codes = FormatSpec.operators.map(\.kind.rawValue)
        #expect(Set(codes).count == codes.count)
        for op in FormatSpec.operators {
            #expect(op.optionNames.count <= FormatSpec.optionSlots, "\(op.name)")
            #expect(op.kind.spec?.name == op.name)
        }
    }

    /// The lowering fills DEPTHWISE_CONV_2D's options as CONV_2D's up to the shifts, then
    /// the depth multiplier; both end with the folded bias (format 1.6), as FULLY_CONNECTED.
    @Test func depthwiseOptionsAreConvolutionOptionsThenTheDepthMultiplier() {
        let conv = Conv2DOptions.cFieldNames
        let depthwise = DepthwiseConv2DOptions.cFieldNames
        let shared = conv.count - 1
        #expect(Array(depthwise.prefix(shared)) == Array(conv.prefix(shared)))
        #expect(Array(depthwise.dropFirst(shared)) == ["depth_multiplier", "folded_bias"])
        #expect(conv.last == "folded_bias" && FullyConnectedOptions.cFieldNames.last == "folded_bias")
    }

    @Test func quantizedMultiplierFollowsTFLiteSemantics() {
        // 0.5 = 0.5 · 2^0 → Q31 2^30, shift 0.
        #expect(QuantizedMultiplier(0.5) == QuantizedMultiplier(multiplier: 1 << 30, shift: 0))
        // 1.0 = 0.5 · 2^1.
        #expect(QuantizedMultiplier(1.0) == QuantizedMultiplier(multiplier: 1 << 30, shift: 1))
        // 0.75 · 2^-3: round(0.75 · 2^31) = 1610612736.
        #expect(QuantizedMultiplier(0.09375) == QuantizedMultiplier(multiplier: 1_610_612_736, shift: -3))
        // A q that rounds up to 2^31 is renormalised: (1 − 2^-40) · 2^0.
        #expect(QuantizedMultiplier(1 - 0x1p-40) == QuantizedMultiplier(multiplier: 1 << 30, shift: 1))
        // Exponents below −31 flush to zero.
        #expect(QuantizedMultiplier(0x1p-40) == QuantizedMultiplier(multiplier: 0, shift: 0))
        #expect(QuantizedMultiplier(0) == QuantizedMultiplier(multiplier: 0, shift: 0))
    }
}
