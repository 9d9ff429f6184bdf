import KingletIO

/// The `model_weights` group of a legacy `.h5` file: one group per top-level layer with a
/// `weight_names` attribute of paths relative to it (`dense/kernel`, Keras 2 `dense/kernel:0`;
/// nested models list `inner/inner_d1/kernel`, Keras 2 `inner_d1/kernel:0`).
struct KerasLegacyWeights: KerasWeightStore {
    let group: HDF5Group

    func variables(of path: [String]) throws -> [KerasVariable] {
        guard let top = path.first, let layerName = path.last,
              case .group(let layerGroup)? = try group.children()[top],
              let attribute = try layerGroup.attribute("weight_names") else { return [] }
        let names: [String]
        switch attribute.value {
        case .strings(let list): names = list
        case .string(let one): names = [one]
        default: names = []  // an empty float64 array marks a layer without weights
        }
        var result: [KerasVariable] = []
        for weightName in names {
            var parts = weightName.split(separator: "/").map(String.init)
            guard let last = parts.popLast() else { continue }
            let variable = last.hasSuffix(":0") ? String(last.dropLast(2)) : last
            // The owner is the component before the variable, or the top layer itself
            // (Keras 2 Normalization writes bare `mean:0`).
            let owner = parts.last ?? top
            guard owner == layerName else { continue }
            let dataset = try layerGroup.dataset(weightName)
            result.append(KerasVariable(name: variable, dataset: dataset))
        }
        return result
    }
}
