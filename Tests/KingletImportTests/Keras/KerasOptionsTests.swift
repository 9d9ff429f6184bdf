@testable import KingletImport
import KingletIO
import Testing

/// The per-option rules on top of `KerasConfigValue`: missing means the default, null means
/// what Keras makes of `None` for that option, and every refusal names the layer, the option,
/// what was expected and what the config holds.
@Suite struct KerasOptionsTests {
    private func options(_ className: String, _ config: String) throws -> KerasOptions {
        let entry = try JSONValue(parsing: Array(#"{"class_name": "\#(className)", "config": {"name": "l", \#(config)}}"#.utf8))
        return KerasOptions(layer: try KerasLayer(entry: entry, index: 0))
    }

    private func message(_ body: () throws -> Any) -> String {
        do {
            _ = try body()
        } catch {
            return "\(error)"
        }
        return "accepted"
    }

    @Test func numericFlagsReadAsKerasReadsThem() throws {
        let bn = try options("BatchNormalization", #""scale": 1.0, "center": 0, "gamma": null"#)
        #expect(try bn.bool("scale", default: false) == true)
        #expect(try bn.bool("center", default: true) == false)
        // Keras tests `if self.gamma:`; None is false, not the default.
        #expect(try bn.bool("gamma", default: true) == false)
        #expect(try bn.bool("missing", default: true) == true)
    }

    @Test func aStringFlagIsRefusedNamingLayerOptionAndValue() throws {
        let bn = try options("BatchNormalization", #""scale": "false""#)
        #expect(message { try bn.bool("scale", default: true) }
                == #"Keras: layer 'l' (BatchNormalization): option 'scale': expected true, false or a number, found "false""#)
    }

    @Test func integersFollowTheirForm() throws {
        let conv = try options("Conv2D", #""filters": 16.0, "groups": 1.0, "units": 2.5, "depth_multiplier": "2""#)
        #expect(try conv.int("filters", form: .integral) == 16)
        #expect(message { try conv.int("groups") } == "Keras: layer 'l' (Conv2D): option 'groups': expected an integer, found 1.0")
        #expect(message { try conv.int("units", form: .integral) } == "Keras: layer 'l' (Conv2D): option 'units': expected an integer, found 2.5")
        #expect(message { try conv.int("depth_multiplier") }
                == #"Keras: layer 'l' (Conv2D): option 'depth_multiplier': expected an integer, found "2""#)
        #expect(message { try conv.int("nothing") } == "Keras: layer 'l' (Conv2D): option 'nothing': missing")
    }

    @Test func nullIsTheDefaultOnlyWhereKerasSaysSo() throws {
        let layer = try options("MaxPooling2D", #""strides": null, "groups": null, "max_value": null, "data_format": null, "activation": null, "epsilon": null, "padding": null"#)
        #expect(try layer.ints("strides", count: 2, default: [3, 3], null: .meansDefault) == [3, 3])
        #expect(message { try layer.ints("strides", count: 2, default: [1, 1]) }
                == "Keras: layer 'l' (MaxPooling2D): option 'strides': expected an integer or a list of 2 integers, found null")
        #expect(try layer.int("groups", default: 1, null: .meansDefault) == 1)
        #expect(try layer.optionalDouble("max_value") == nil)
        #expect(throws: Never.self) { try layer.requireChannelsLast() }
        #expect(try layer.activation() == "linear")
        #expect(message { try layer.double("epsilon", default: 1e-3) }
                == "Keras: layer 'l' (MaxPooling2D): option 'epsilon': expected a finite number, found null")
        #expect(message { try layer.padding() } == "Keras: layer 'l' (MaxPooling2D): option 'padding': expected a string, found null")
    }

    @Test func paddingAndDataFormatInAnyCase() throws {
        let conv = try options("Conv1D", #""padding": "CAUSAL", "data_format": "CHANNELS_LAST""#)
        #expect(try conv.padding(allowCausal: true) == "causal")
        #expect(throws: Never.self) { try conv.requireChannelsLast() }
        let full = try options("Conv2D", #""padding": "full", "data_format": "Channels_First""#)
        #expect(message { try full.padding() }.contains("option 'padding': not supported: 'full' (expected same or valid)"))
        #expect(message { try full.requireChannelsLast() }.contains("option 'data_format': not supported: 'channels_first'"))
    }

    @Test func activationNamesAreCaseSensitiveAndNumbersRefused() throws {
        let dense = try options("Dense", #""activation": 1"#)
        #expect(message { try dense.activation() } == "Keras: layer 'l' (Dense): option 'activation': expected an activation name, found 1")
        #expect(try options("Dense", #""activation": "RELU""#).activation() == "RELU", "read as written; refused as unsupported when applied")
    }

    @Test func convolutionConfigReadsEveryOptionOnce() throws {
        let conv = try options("Conv2D", #"""
            "filters": 8.0, "kernel_size": 3, "strides": [2.0, 1], "dilation_rate": 1, "padding": "SAME",
            "groups": null, "use_bias": 0, "activation": "relu"
            """#)
        let config = try KerasConvolutionConfig(conv, kind: .conv2D)
        #expect(config.filters == 8 && config.kernel == [3, 3] && config.strides == [2, 1] && config.dilation == [1, 1])
        #expect(config.padding == .same && !config.useBias && config.activation == "relu" && config.depthMultiplier == 1)
        #expect(config.outputChannels(5) == 8)

        let depthwise = try KerasConvolutionConfig(try options("DepthwiseConv2D", #""kernel_size": [3, 1], "depth_multiplier": 2, "groups": 1"#),
                                                   kind: .depthwise)
        #expect(depthwise.filters == nil && depthwise.outputChannels(5) == 10 && depthwise.useBias && depthwise.padding == .valid)

        let transpose = try KerasConvolutionConfig(try options("Conv2DTranspose", #""filters": 2, "kernel_size": 3, "output_padding": null"#),
                                                   kind: .transpose)
        #expect(transpose.outputPadding == nil)
    }

    @Test(arguments: [
        (#""filters": 4, "kernel_size": [3.0, 3.0]"#, "option 'kernel_size': expected an integer or a list of 2 integers, found [3.0, 3.0]"),
        (#""filters": 4, "kernel_size": 3.0"#, "option 'kernel_size': expected an integer or a list of 2 integers, found 3.0"),
        (#""filters": 4.5, "kernel_size": 3"#, "option 'filters': expected an integer, found 4.5"),
        (#""filters": 4, "kernel_size": 3, "groups": 1.0"#, "option 'groups': expected an integer, found 1.0"),
        (#""filters": 4, "kernel_size": 3, "groups": 2"#, "option 'groups': not supported: 2: grouped convolution"),
        (#""filters": 4, "kernel_size": 3, "strides": null"#, "option 'strides': expected an integer or a list of 2 integers, found null"),
        (#""filters": 4, "kernel_size": 3, "strides": [0, 1]"#, "option 'strides': [0, 1] must be positive"),
        (#""filters": 4, "kernel_size": 3, "use_bias": "no""#, #"option 'use_bias': expected true, false or a number, found "no""#),
        (#""filters": 4, "kernel_size": 3, "padding": "causal""#, "option 'padding': not supported: 'causal'"),
    ])
    func convolutionRefusals(config: String, expected: String) throws {
        let conv = try options("Conv2D", config)
        let text = message { try KerasConvolutionConfig(conv, kind: .conv2D) }
        #expect(text.hasPrefix("Keras: layer 'l' (Conv2D): ") && text.contains(expected), "\(text)")
    }
}
