import Foundation
@testable import KingletIO
import KingletTestSupport
import Testing

/// The files in Tests/Fixtures/hdf5 were written by h5py (make_hdf5_fixtures.py), which
/// also recorded in manifest.json what h5py reads back: every dataset's shape and values,
/// every group's children, every object's attributes. The reader must agree exactly.
@Suite("HDF5 fixtures")
struct HDF5FixtureTests {
    static let directory = RepositoryPaths.fixtures("hdf5")

    /// Parsed on each use: `[String: Any]` cannot be a shared static constant.
    static var manifest: [String: Any] {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent("manifest.json")),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }

    static var files: [String: [String: Any]] { manifest["files"] as? [String: [String: Any]] ?? [:] }
    static let names: [String] = files.keys.sorted()

    static func open(_ name: String) throws -> HDF5File {
        let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
        return try HDF5File(bytes: bytes)
    }

    @Test func manifestListsTheFixtures() {
        #expect(Self.names == ["earliest.h5", "latest.h5", "userblock.h5", "v108.h5"])
    }

    @Test(arguments: [("earliest.h5", 0), ("latest.h5", 3), ("v108.h5", 2), ("userblock.h5", 0)])
    func superblockVersion(name: String, version: Int) throws {
        #expect(try Self.open(name).superblockVersion == version)
    }

    @Test(arguments: names)
    func datasetsMatchH5py(name: String) throws {
        let file = try Self.open(name)
        let datasets = try #require(Self.files[name]?["datasets"] as? [String: [String: Any]])
        #expect(!datasets.isEmpty)
        for (path, expected) in datasets.sorted(by: { $0.key < $1.key }) {
            let dataset = try file.root.dataset(path)
            let shape = try #require(expected["shape"] as? [Int])
            #expect(dataset.shape == shape, "\(name) \(path)")
            if let strings = expected["strings"] as? [String] {
                #expect(try dataset.strings() == strings, "\(name) \(path)")
                continue
            }
            let values = try #require(expected["values"] as? [Double])
            let actual = try dataset.doubles()
            #expect(actual.count == values.count, "\(name) \(path)")
            // JSONSerialization may round the manifest's 17-digit decimals by an ulp or two.
            for (index, (got, want)) in zip(actual, values).enumerated()
            where got != want && abs(got - want) > 1e-12 * abs(want) {
                Issue.record("\(name) \(path)[\(index)]: got \(got), expected \(want)")
            }
            #expect(try dataset.floats() == values.map(Float.init), "\(name) \(path)")
        }
    }

    @Test(arguments: names)
    func groupsListTheirChildren(name: String) throws {
        let file = try Self.open(name)
        let groups = try #require(Self.files[name]?["groups"] as? [String: [String]])
        for (path, children) in groups {
            let group = path == "/" ? file.root : try file.root.group(path)
            #expect(try group.childNames() == children, "\(name) \(path)")
        }
    }

    @Test(arguments: names)
    func attributesMatchH5py(name: String) throws {
        let file = try Self.open(name)
        let objects = Self.files[name]?["attributes"] as? [String: [String: [String: Any]]] ?? [:]
        for (path, attributes) in objects {
            let actual: [HDF5Attribute]
            if path == "/" {
                actual = try file.root.attributes()
            } else {
                switch try file.root.object(path) {
                case let .group(group): actual = try group.attributes()
                case let .dataset(dataset): actual = try dataset.attributes()
                }
            }
            #expect(Set(actual.map(\.name)) == Set(attributes.keys), "\(name) \(path)")
            for attribute in actual {
                guard let expected = attributes[attribute.name] else { continue }
                let want: HDF5AttributeValue
                if let string = expected["string"] as? String {
                    want = .string(string)
                } else if let strings = expected["strings"] as? [String] {
                    want = .strings(strings)
                } else if let ints = expected["ints"] as? [Int] {
                    want = .ints(ints.map(Int64.init))
                } else {
                    want = .numbers(expected["numbers"] as? [Double] ?? [])
                }
                #expect(attribute.value == want, "\(name) \(path) @\(attribute.name)")
            }
        }
    }

    @Test func unsupportedLayoutsAreNamed() throws {
        let file = try Self.open("latest.h5")
        #expect {
            _ = try file.root.dataset("extensible").bytes()
        } throws: { error in
            guard case let .unsupportedHDF5(path, reason) = error as? IOError else { return false }
            return path == "/extensible" && reason.contains("extensible-array")
        }
    }

    @Test func kerasStyleAccess() throws {
        for name in ["earliest.h5", "latest.h5"] {
            let file = try Self.open(name)
            let weights = try file.root.group("model_weights")
            #expect(try weights.attribute("layer_names")?.value == .strings(["dense", "dense_1", "dropout"]))
            #expect(try weights.attribute("keras_version")?.value == .string("3.4.1"))
            let kernel = try weights.dataset("dense/dense/kernel")
            #expect(kernel.shape == [3, 4])
            #expect(kernel.datatype == .floatingPoint(size: 4, endianness: .little, layout: .binary32))
            #expect(try kernel.floats() == (0..<12).map { Float($0) / 10 })
            // Absolute paths and soft links resolve from the root.
            #expect(try file.root.group("soft").childNames() == ["dense", "dense_1", "dropout"])
            #expect(try weights.dataset("/model_weights/dense/dense/bias").floats() == [0.5, 0.5, 0.5, 0.5])
            let config = try file.root.attribute("model_config")?.value
            guard case let .string(json)? = config else {
                Issue.record("model_config is \(String(describing: config))")
                continue
            }
            #expect(json.hasPrefix("{\"class_name\": \"Sequential\""))
            #expect(try file.root.dataset("i2").integers() == [-20, -13, -6, 1, 8, 15])
            #expect(try file.root.dataset("u8").integers() == [1, 10, 19, 28, 37, 46])
            if case .group = try file.root.children()["many"] {} else { Issue.record("/many is not a group") }
        }
    }

    @Test func missingPathsNameTheObject() throws {
        let file = try Self.open("earliest.h5")
        #expect {
            _ = try file.root.dataset("model_weights/nope")
        } throws: { error in
            guard case let .invalidHDF5(path, _) = error as? IOError else { return false }
            return path == "/model_weights/nope"
        }
        #expect(throws: IOError.self) { _ = try file.root.group("f64") }
    }
}
