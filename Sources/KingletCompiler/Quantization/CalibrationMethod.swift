import KingletPasses

/// How activation ranges are taken from calibration statistics (`--calibrate`); the CLI
/// names it through the facade.
public typealias CalibrationMethod = KingletPasses.CalibrationMethod
