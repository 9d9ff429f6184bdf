@testable import KingletIO
import Testing

/// Files written by `HDF5Writer` read back through `HDF5File` with every group, dataset
/// and attribute intact; the same tree always gives the same bytes; what HDF5 cannot
/// hold is refused with the path concerned.
@Suite("HDF5Writer")
struct HDF5WriterTests {
    static func roundTrip(_ writer: HDF5Writer) throws -> HDF5File {
        try HDF5File(bytes: try writer.bytes())
    }

    /// Every child, dataset and attribute of `expected` is in `group`, and nothing else.
    static func expectSame(_ group: HDF5Group, as expected: HDF5WriterGroup, path: String = "/") throws {
        #expect(try group.childNames() == expected.childNames.sorted(), "children of \(path)")
        try expectSame(try group.attributes(), as: expected.attributes, path: path)
        let children = try group.children()
        for name in expected.childNames {
            let childPath = path == "/" ? "/" + name : path + "/" + name
            switch (children[name], expected[name]) {
            case (.group(let child)?, .group(let want)?):
                try expectSame(child, as: want, path: childPath)
            case (.dataset(let dataset)?, .dataset(let want)?):
                #expect(dataset.shape == want.array.shape, "shape of \(childPath)")
                #expect(try dataset.bytes() == want.array.littleEndianBytes, "data of \(childPath)")
                #expect(try HDF5TreeCopy.elementType(dataset.datatype, at: childPath) == want.array.elementType)
                try expectSame(try dataset.attributes(), as: want.attributes, path: childPath)
            default:
                Issue.record("\(childPath): read \(String(describing: children[name])), wrote \(String(describing: expected[name]))")
            }
        }
    }

    static func expectSame(_ attributes: [HDF5Attribute], as expected: [HDF5WriterAttribute], path: String) throws {
        #expect(attributes.map(\.name).sorted() == expected.map(\.name).sorted(), "attributes of \(path)")
        for want in expected {
            let got = attributes.first { $0.name == want.name }
            #expect(got?.value == HDF5WriterExpectation.readerValue(want.value), "\(path)@\(want.name)")
        }
    }

    // MARK: Round trips

    @Test func everyFeatureReadsBack() throws {
        let writer = try HDF5WriterSample.writer()
        let file = try Self.roundTrip(writer)
        #expect(file.superblockVersion == 0)
        try Self.expectSame(file.root, as: writer.root)
    }

    @Test func emptyFileHasAnEmptyRoot() throws {
        let file = try Self.roundTrip(HDF5Writer())
        #expect(try file.root.childNames().isEmpty)
        #expect(try file.root.attributes().isEmpty)
    }

    @Test func kerasLayoutReadsBackByPath() throws {
        let file = try Self.roundTrip(try HDF5WriterSample.writer())
        let layers = try file.root.group("layers")
        #expect(try layers.childNames().count == HDF5WriterSample.layerCount)
        let vars = try file.root.group("layers/layer_137/vars")
        #expect(try vars.attribute("name")?.value == .string("dense_137"))
        #expect(try vars.dataset("0").shape == [3, 3])
        #expect(try vars.dataset("1").floats() == [137, -0.5, 0.125])
        #expect(try file.root.dataset("shapes/scalar").floats() == [42.5])
        #expect(try file.root.dataset("shapes/scalar").shape == [])
        #expect(try file.root.dataset("shapes/empty_3d").shape == [2, 0, 4])
        #expect(try file.root.dataset("shapes/empty_3d").floats() == [])
        #expect(try file.root.dataset("shapes/int64").integers() == [Int64.min, -1, 0, 1, Int64.max])
        #expect(try file.root.dataset("shapes/float64").doubles() == [Double.leastNormalMagnitude / 4, -0.0, 1.0 / 3.0, 1e308])
        #expect(try file.root.dataset("/deep/a/b/c/d/e/f/g/leaf").floats() == [7])
        #expect(try file.root.group("n\u{E4}me with spaces").childNames() == ["\u{1F600}"])
    }

    @Test(arguments: [1, 8, 9, 200, 256, 257, 1000, 8193])
    func groupsOfAnySizeKeepEveryLink(count: Int) throws {
        var writer = HDF5Writer()
        var names: [String] = []
        for index in (0..<count).reversed() {
            let name = "child\(index)"
            names.append(name)
            try writer.root.add(name, HDF5WriterDataset(.int64([Int64(index)], shape: [])))
        }
        let file = try Self.roundTrip(writer)
        #expect(try file.root.childNames() == names.sorted())
        for index in [0, count / 2, count - 1] {
            #expect(try file.root.dataset("child\(index)").integers() == [Int64(index)])
        }
    }

    @Test func stringsFillSeveralGlobalHeapCollections() throws {
        // 17 attributes of 4,000 strings: more objects than one collection can number.
        var writer = HDF5Writer()
        for attribute in 0..<17 {
            let strings = (0..<4000).map { "s\(attribute).\($0)" }
            try writer.root.setAttribute("names\(attribute)", .strings(strings))
        }
        let bytes = try writer.bytes()
        let collections = bytes.indices.filter { bytes[$0...].starts(with: Array("GCOL".utf8)) }
        #expect(collections.count == 2)
        let file = try HDF5File(bytes: bytes)
        #expect(try file.root.attribute("names16")?.value == .strings((0..<4000).map { "s16.\($0)" }))
        #expect(try file.root.attribute("names0")?.value == .strings((0..<4000).map { "s0.\($0)" }))
    }

    @Test func attributeKindsHaveTheirDatatypes() throws {
        let file = try Self.roundTrip(try HDF5WriterSample.writer())
        let root = file.root
        #expect(try root.attribute("title")?.datatype == .variableLengthString)
        #expect(try root.attribute("backend")?.datatype == .string(size: 10))
        #expect(try root.attribute("layer_names")?.datatype == .string(size: 7))
        #expect(try root.attribute("layer_names")?.dataspace.dimensions == [3])
        #expect(try root.attribute("scale")?.dataspace.dimensions == [])
        #expect(try root.attribute("matrix")?.dataspace.dimensions == [2, 3])
        #expect(try root.attribute("step")?.value == .ints([Int64.max]))
        #expect(try root.attribute("no_tags")?.value == .strings([]))
    }

    @Test func withGroupEditsInPlaceAndKeepsInsertionOrder() throws {
        var group = HDF5WriterGroup()
        try group.add("z", HDF5WriterGroup())
        try group.withGroup(at: "a/b") { (b) throws(IOError) in try b.setAttribute("k", .string("v")) }
        try group.withGroup(at: "a/b") { (b) throws(IOError) in try b.setAttribute("k", .string("w")) }
        try group.withGroup(at: "") { (this) throws(IOError) in try this.setAttribute("root", .fixedString("r")) }
        #expect(group.childNames == ["z", "a"])
        guard case .group(let a)? = group["a"], case .group(let b)? = a["b"] else {
            Issue.record("a/b was not created")
            return
        }
        #expect(b.attributes == [HDF5WriterAttribute(name: "k", value: .string("w"))])
        #expect(group.attributes.map(\.name) == ["root"])
    }

    // MARK: Determinism

    @Test func sameTreeGivesSameBytes() throws {
        let first = try HDF5WriterSample.writer().bytes()
        let second = try HDF5WriterSample.writer().bytes()
        #expect(first == second)
        #expect(first.count % 8 == 0)
    }

    // MARK: Refusals

    @Test(arguments: ["", ".", "a/b", "a\u{0}b"])
    func invalidLinkNamesAreRefused(name: String) {
        var group = HDF5WriterGroup()
        #expect(throws: IOError.self) { try group.add(name, HDF5WriterGroup()) }
        #expect(group.childNames.isEmpty)
    }

    @Test func duplicateLinkNamesAreRefused() throws {
        var group = HDF5WriterGroup()
        try group.add("vars", HDF5WriterGroup())
        #expect(throws: IOError.cannotWrite(format: "HDF5 file", item: "vars",
                                            reason: "the group already has a child of this name")) {
            try group.add("vars", HDF5WriterDataset(.float32([1])))
        }
    }

    @Test func invalidAttributeNamesAreRefused() {
        var group = HDF5WriterGroup()
        #expect(throws: IOError.self) { try group.setAttribute("", .string("x")) }
        #expect(throws: IOError.self) { try group.setAttribute("a\u{0}", .string("x")) }
    }

    @Test func datasetsInTheWayOfAPathAreRefused() throws {
        var group = HDF5WriterGroup()
        try group.add("data", HDF5WriterDataset(.float32([1])))
        #expect {
            try group.withGroup(at: "data/inner") { _ in }
        } throws: { error in
            guard case let .cannotWrite(_, item, _) = error as? IOError else { return false }
            return item == "/data"
        }
    }

    @Test func arraysMustMatchTheirShape() {
        #expect(throws: IOError.self) { try HDF5WriterArray.float32([1, 2, 3], shape: [2, 2]) }
        #expect(throws: IOError.self) { try HDF5WriterArray.float32([], shape: [-1]) }
        #expect(throws: IOError.self) { try HDF5WriterArray.int64([1], shape: Array(repeating: 1, count: 33)) }
        #expect(throws: IOError.self) {
            try HDF5WriterArray(elementType: .int32, shape: [2], littleEndianBytes: [0, 0, 0, 0, 0])
        }
    }

    @Test func attributesOverSixtyFourKiBAreRefused() throws {
        var writer = HDF5Writer()
        try writer.root.withGroup(at: "layer") { (layer) throws(IOError) in
            try layer.setAttribute("big", .array(.float32([Float](repeating: 1, count: 20_000))))
        }
        #expect {
            _ = try writer.bytes()
        } throws: { error in
            guard case let .cannotWrite(_, item, reason) = error as? IOError else { return false }
            return item == "/layer" && reason.contains("'big'")
        }
    }
}
