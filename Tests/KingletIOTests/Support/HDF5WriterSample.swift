import KingletIO

/// A file using every feature of `HDF5Writer`: nested and empty groups, a Keras-like
/// `layers` group of 200 layers, a group of 1,000 links (a two-level B-tree), datasets of
/// every element type and of scalar, empty and rank-4 shapes, and attributes of every
/// kind on the root, groups and datasets.
enum HDF5WriterSample {
    static let layerCount = 200
    static let wideCount = 1000

    static func writer() throws(IOError) -> HDF5Writer {
        var writer = HDF5Writer()
        try writer.root.setAttribute("title", .string("Kinglet export \u{2713}"))
        try writer.root.setAttribute("empty", .string(""))
        try writer.root.setAttribute("tags", .strings(["conv", "", "gr\u{FC}\u{DF}e", String(repeating: "x", count: 300)]))
        try writer.root.setAttribute("no_tags", .strings([]))
        try writer.root.setAttribute("backend", .fixedString("tensorflow"))
        try writer.root.setAttribute("fixed_utf8", .fixedString("caf\u{E9}"))
        try writer.root.setAttribute("layer_names", .fixedStrings(["dense", "dense_1", "dropout"]))
        try writer.root.setAttribute("scale", .array(.float32([1.5], shape: [])))
        try writer.root.setAttribute("weights", .array(.float64([0.25, -1e300, 3.141592653589793])))
        try writer.root.setAttribute("counts", .array(.int32([1, -2, Int32.max, Int32.min])))
        try writer.root.setAttribute("step", .array(.int64([Int64.max], shape: [])))
        try writer.root.setAttribute("matrix", .array(.float32([1, 2, 3, 4, 5, 6], shape: [2, 3])))

        // Layers added in reverse so link order (by name) differs from insertion order.
        for index in (0..<layerCount).reversed() {
            let name = "layer_" + String(repeating: "0", count: 3 - String(index).count) + String(index)
            try writer.root.withGroup(at: "layers/\(name)/vars") { (vars) throws(IOError) in
                try vars.setAttribute("name", .string("dense_\(index)"))
                let rows = index % 5 + 1
                try vars.add("0", HDF5WriterDataset(.float32((0..<(rows * 3)).map { Float($0 + index) / 8 },
                                                             shape: [rows, 3])))
                try vars.add("1", HDF5WriterDataset(.float32([Float(index), -0.5, 0.125])))
            }
        }

        var wide = HDF5WriterGroup()
        for index in 0..<wideCount {
            var dataset = HDF5WriterDataset(try .int32([Int32(index)], shape: []))
            try dataset.setAttribute("label", .string("item \(index)"))
            try wide.add("d\(index)", dataset)
        }
        try writer.root.add("wide", wide)

        try writer.root.withGroup(at: "shapes") { (shapes) throws(IOError) in
            try shapes.add("scalar", HDF5WriterDataset(.float32([42.5], shape: [])))
            try shapes.add("empty", HDF5WriterDataset(.float32([], shape: [0])))
            try shapes.add("empty_3d", HDF5WriterDataset(.float32([], shape: [2, 0, 4])))
            try shapes.add("vector", HDF5WriterDataset(.float32([1, -2, 0.5])))
            var matrix = HDF5WriterDataset(try .float32([0, 1, 2, 3, 4, 5], shape: [2, 3]))
            try matrix.setAttribute("unit", .string("m"))
            try matrix.setAttribute("gain", .array(.float64([0.1], shape: [])))
            try matrix.setAttribute("axes", .fixedStrings(["rows", "columns"]))
            try shapes.add("matrix", matrix)
            try shapes.add("rank4", HDF5WriterDataset(.float32((0..<120).map { Float($0) * 0.25 - 7 },
                                                              shape: [2, 3, 4, 5])))
            try shapes.add("float64", HDF5WriterDataset(.float64([Double.leastNormalMagnitude / 4, -0.0, 1.0 / 3.0, 1e308])))
            try shapes.add("int32", HDF5WriterDataset(.int32([Int32.min, -1, 0, Int32.max], shape: [2, 2])))
            try shapes.add("int64_scalar", HDF5WriterDataset(.int64([-9_007_199_254_740_993], shape: [])))
            try shapes.add("int64", HDF5WriterDataset(.int64([Int64.min, -1, 0, 1, Int64.max])))
        }

        try writer.root.withGroup(at: "deep/a/b/c/d/e/f/g") { (group) throws(IOError) in
            try group.add("leaf", HDF5WriterDataset(.float32([7], shape: [1])))
            try group.setAttribute("depth", .array(.int64([8], shape: [])))
        }
        try writer.root.add("empty_group", HDF5WriterGroup())
        try writer.root.withGroup(at: "n\u{E4}me with spaces/\u{1F600}") { _ in }
        return writer
    }
}
