import KingletIO

/// The `model_weights` group of a legacy `.h5` file: one group per top-level layer with a
/// `weight_names` attribute of paths relative to it (`dense/kernel`, Keras 2 `dense/kernel:0`;
/// nested models list `inner/inner_d1/kernel`, Keras 2 `inner_d1/kernel:0`).
struct KerasLegacyWeights: KerasWeightStore {
    let group: HDF5Group

    /// The group of a top-level layer; a name with "/" ("Conv/BatchNorm") is a nested path
    /// in HDF5. Nil when absent (a layer without weights may have no group).
    private func subgroup(_ name: String) throws -> HDF5Group? {
        var current = group
        for component in name.split(separator: "/") {
            guard case .group(let next)? = try current.children()[String(component)] else { return nil }
            current = next
        }
        return current
    }

    func variables(of path: [String]) throws -> [KerasVariable] {
        guard let top = path.first, let layerName = path.last,
              let layerGroup = try subgroup(top),
              let attribute = try layerGroup.attribute("weight_names") else { return [] }
        let names: [String]
        switch attribute.value {
        case .strings(let list): names = list
        case .string(let one): names = [one]
        default: names = []  // an empty float64 array marks a layer without weights
        }
        var result: [KerasVariable] = []
        for weightName in names {
            // `<owner path>/<variable>`; layer names may themselves contain "/"
            // (keras.applications' "Conv/BatchNorm"), so the owner is matched as a suffix.
            let slash = weightName.lastIndex(of: "/")
            let last = slash.map { String(weightName[weightName.index(after: $0)...]) } ?? weightName
            let owner = slash.map { String(weightName[..<$0]) } ?? ""
            let variable = last.hasSuffix(":0") ? String(last.dropLast(2)) : last
            // Keras 2 Normalization writes a bare `mean:0`, owned by the top layer itself.
            let owned = owner.isEmpty ? path.count == 1 : (owner == layerName || owner.hasSuffix("/" + layerName))
            guard owned else { continue }
            let dataset = try layerGroup.dataset(weightName)
            result.append(KerasVariable(name: variable, dataset: dataset))
        }
        return result
    }
}
