import KingletIO

/// `model.weights.h5` of a `.keras` archive: groups `layers/<auto name>/vars/<i>`, nested
/// models under `layers/<auto name>/layers/…`; the real layer name is the `name` attribute
/// of each `vars` group.
struct KerasArchiveWeights: KerasWeightStore {
    /// Layer path (joined by "/") → its `vars` group.
    private let varsGroups: [String: HDF5Group]

    init(file: HDF5File) throws {
        var groups: [String: HDF5Group] = [:]
        if case .group(let layers)? = try file.root.children()["layers"] {
            try Self.index(layers, prefix: [], into: &groups, depth: 0)
        }
        varsGroups = groups
    }

    private static func index(_ layers: HDF5Group, prefix: [String], into groups: inout [String: HDF5Group],
                              depth: Int) throws {
        guard depth < 32 else { return }
        for (_, object) in try layers.children() {
            guard case .group(let layer) = object else { continue }
            let children = try layer.children()
            guard case .group(let vars)? = children["vars"],
                  case .string(let name)? = try vars.attribute("name")?.value else { continue }
            let path = prefix + [name]
            groups[path.joined(separator: "/")] = vars
            if case .group(let nested)? = children["layers"] {
                try index(nested, prefix: path, into: &groups, depth: depth + 1)
            }
        }
    }

    func variables(of path: [String]) throws -> [KerasVariable] {
        guard let vars = varsGroups[path.joined(separator: "/")] else { return [] }
        let children = try vars.children()
        var result: [KerasVariable] = []
        // Positional names 0, 1, 2, …; stop at the first gap.
        while case .dataset(let dataset)? = children[String(result.count)] {
            result.append(KerasVariable(name: nil, dataset: dataset))
        }
        return result
    }
}
