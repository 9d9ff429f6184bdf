import KingletIO

/// One stored weight of a layer: named in legacy `.h5` files, positional in `.keras` files.
struct KerasVariable: Sendable {
    let name: String?
    let dataset: HDF5Dataset
}
